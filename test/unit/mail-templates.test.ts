import { beforeAll, describe, expect, it } from "vitest";
import type { EmailTemplate } from "#shared/email";
import { type MailMessages, mailMessages } from "#shared/email-templates/messages";
import { type Language, languages } from "#shared/i18n/languages";
import { allTemplates, hostile, hostileEscaped, samples } from "#test/support/mail-samples";

/**
 * Every template of shared/email-templates, in every language (R-L2), rendered with values that
 * would be markup: each mail has an HTML part and a text alternative with the same content, an
 * anchor for each link of the text, links to the portal only, and no value unescaped.
 */
const portal = "https://portal.hosting.test/app";
const api = "https://api.hosting.test";
let templates: { module: string; template: EmailTemplate<unknown> }[] = [];
const messagesOf = new Map<Language, MailMessages>();

beforeAll(async () => {
  process.env.WEB_APP_URL = portal;
  process.env.PUBLIC_API_URL = api;
  templates = await allTemplates();
  for (const language of languages) messagesOf.set(language, await mailMessages(language));
});

/** The characters the layout escapes (as numeric references), back: what a reader sees. */
const fromHtml = (html: string) =>
  html.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
/** The HTML's visible text: markup and the head left out, references resolved. */
const visibleText = (html: string) =>
  fromHtml(
    html
      .replace(/<head>[\s\S]*?<\/head>/, " ")
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " "),
  );
const words = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length > 0),
  );

describe.each(languages)("mail templates in %s", (language) => {
  const messages = () => messagesOf.get(language) as MailMessages;
  const render = (template: EmailTemplate<unknown>) => template.render(samples[template.name], messages());

  it("are all found, each with sample data", () => {
    expect(templates.length).toBeGreaterThanOrEqual(18);
    const names = templates.map(({ template }) => template.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((name) => !(name in samples))).toEqual([]);
  });

  it("R-L2 render a subject, an HTML part in the one layout and a text alternative, in the language", () => {
    for (const { template } of templates) {
      const mail = render(template);
      expect(mail.subject, template.name).not.toBe("");
      expect(mail.subject, template.name).not.toMatch(/[\r\n]/);
      expect(mail.text.trim(), template.name).not.toBe("");
      expect(mail.html, template.name).toMatch(new RegExp(`^<!doctype html>\n<html lang="${language}">`));
      expect(mail.text, template.name).toContain(messages().text("layout", "footnote"));
      expect(mail.html, template.name).toContain("Hosting Provider");
      expect(mail.html, template.name).toMatch(/<h1 [^>]*>[^<]+<\/h1>/);
      expect(mail.html, template.name).not.toContain("<pre>");
    }
  });

  it("give each link of the text an anchor in the HTML, to the portal only", () => {
    for (const { template } of templates) {
      const mail = render(template);
      const links = [...mail.text.matchAll(/https?:\/\/[^\s)]+/g)].map((match) => match[0]);
      expect(links.length, template.name).toBeGreaterThan(0);
      for (const url of links) {
        expect(url.startsWith(portal), `${template.name}: ${url}`).toBe(true);
        expect(mail.html, `${template.name}: ${url}`).toContain(`href="${url.replaceAll("&", "&#38;")}"`);
      }
      const anchors = [...mail.html.matchAll(/<a [^>]*href="([^"]*)"/g)].map((match) =>
        fromHtml(match[1] ?? ""),
      );
      for (const target of anchors) {
        expect(target.startsWith(portal), `${template.name}: anchor to ${target}`).toBe(true);
        expect(links, `${template.name}: anchor to ${target} has no link in the text`).toContain(target);
      }
      expect(mail.html, template.name).not.toContain(api);
      expect(mail.text, template.name).not.toContain(api);
    }
  });

  it("escape every value in the HTML part, and keep it as written in the text", () => {
    for (const { template } of templates) {
      const data = JSON.stringify(samples[template.name]);
      if (!data.includes("onerror")) continue;
      const mail = render(template);
      expect(mail.html, template.name).not.toMatch(/<img|onerror="|<script/i);
      expect(mail.html, template.name).toContain(hostileEscaped);
      expect(mail.text, template.name).toContain(hostile);
      // Only the layout's own elements: every tag is one the layout writes.
      const tags = new Set(
        [...mail.html.matchAll(/<\/?([a-z0-9]+)/gi)].map((match) => match[1]?.toLowerCase()),
      );
      expect(
        [...tags].filter((tag) => !layoutTags.has(tag ?? "")),
        template.name,
      ).toEqual([]);
    }
  });

  it("say the same in both parts: every word of the text is in the HTML's visible text", () => {
    for (const { template } of templates) {
      const mail = render(template);
      const seen = words(visibleText(mail.html));
      const missing = [...words(mail.text)].filter((word) => !seen.has(word));
      expect(missing, template.name).toEqual([]);
      // And the other way round, but for the layout's own words (the button's hint, the table heads).
      const layoutWords = words(
        (["buttonHint", "changeField", "changeBefore", "changeAfter"] as const)
          .map((key) => messages().text("layout", key))
          .join(" "),
      );
      const unsaid = [...seen].filter((word) => !words(mail.text).has(word) && !layoutWords.has(word));
      expect(unsaid, template.name).toEqual([]);
    }
  });
});

const layoutTags = new Set([
  "html",
  "head",
  "meta",
  "title",
  "body",
  "table",
  "tr",
  "td",
  "th",
  "h1",
  "p",
  "a",
  "ul",
  "li",
  "strong",
  "code",
  "br",
]);
