import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmailTemplate } from "#shared/email";
import { type MailMessages, mailMessages } from "#shared/email-templates/messages";
import { type Language, languages } from "#shared/i18n/languages";
import { launchChromium } from "#test/support/browser";
import { allTemplates, samples } from "#test/support/mail-samples";

/**
 * Every mail's HTML part in every language (R-L2) as a mail client shows it, in headless
 * Chromium, on a phone's width and a desktop's: the title and the provider are seen, the
 * action is a visible link to the portal, nothing overflows sideways (German's long words
 * included), the page says its language, and nothing is loaded from anywhere. With
 * MAIL_SCREENSHOTS=<folder>, each is kept as a PNG to look at (`<template>-<language>-<width>.png`).
 */
const portal = "https://portal.hosting.test";
let templates: { module: string; template: EmailTemplate<unknown> }[] = [];
let chromium: Awaited<ReturnType<typeof launchChromium>>;
const messagesOf = new Map<Language, MailMessages>();
const screenshots = process.env.MAIL_SCREENSHOTS;

beforeAll(async () => {
  process.env.WEB_APP_URL = portal;
  templates = await allTemplates();
  for (const language of languages) messagesOf.set(language, await mailMessages(language));
  chromium = await launchChromium();
  if (screenshots) await mkdir(screenshots, { recursive: true });
});
afterAll(async () => {
  await chromium?.close();
});

describe("mails in a browser", () => {
  for (const width of [375, 800]) {
    it(`R-L2 read well ${width} pixels wide, in every language`, async () => {
      const page = await chromium.browser.newPage({ viewport: { width, height: 900 } });
      const requests: string[] = [];
      page.on("request", (request) => {
        if (!request.url().startsWith("data:") && request.url() !== "about:blank")
          requests.push(request.url());
      });
      try {
        for (const [language, messages] of messagesOf)
          for (const { template } of templates) {
            const mail = template.render(samples[template.name], messages);
            await page.setContent(mail.html, { waitUntil: "load" });
            // Read through expressions, not functions: the project's types have no DOM.
            const seen = (await page.evaluate(`(() => {
            const heading = document.querySelector("h1");
            const anchors = [...document.querySelectorAll("a")].map((anchor) => {
              const box = anchor.getBoundingClientRect();
              return { href: anchor.href, visible: box.width > 0 && box.height > 0, text: anchor.textContent ?? "" };
            });
            return {
              title: heading?.textContent ?? "",
              titleVisible: (heading?.getBoundingClientRect().height ?? 0) > 0,
              overflow: document.documentElement.scrollWidth - window.innerWidth,
              text: document.body.innerText,
              anchors,
              scripts: document.querySelectorAll("script, img, iframe, object").length,
              language: document.documentElement.lang,
            };
          })()`)) as {
              title: string;
              titleVisible: boolean;
              overflow: number;
              text: string;
              anchors: { href: string; visible: boolean; text: string }[];
              scripts: number;
              language: string;
            };
            expect(seen.language, template.name).toBe(language);
            expect(seen.title, template.name).toBe(mail.text.split("\n")[0]);
            expect(seen.titleVisible, template.name).toBe(true);
            expect(seen.title, template.name).not.toBe("");
            expect(seen.text, template.name).toContain("Hosting Provider");
            expect(
              seen.overflow,
              `${template.name} overflows ${seen.overflow}px at ${width}px`,
            ).toBeLessThanOrEqual(0);
            expect(seen.scripts, template.name).toBe(0);
            expect(seen.anchors.length, template.name).toBeGreaterThan(0);
            for (const anchor of seen.anchors) {
              expect(anchor.href.startsWith(portal), `${template.name}: ${anchor.href}`).toBe(true);
              expect(anchor.visible, `${template.name}: ${anchor.text}`).toBe(true);
            }
            if (screenshots)
              await page.screenshot({
                path: join(screenshots, `${template.name}-${language}-${width}.png`),
                fullPage: true,
              });
          }
        expect(requests).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }
});
