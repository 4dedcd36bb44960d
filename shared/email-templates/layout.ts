import type { MailMessages } from "#shared/email-templates/messages";

/**
 * The one layout of every mail: the provider's name, a title, the content, the action as a
 * button link, and a footer, rendered twice from the same description: as the HTML part and as
 * its text alternative. Templates describe content with the blocks below and never write HTML:
 * every value is text, escaped here, and every link is a portal link (`portalUrl`), so a mail
 * can neither carry markup from a name nor point anywhere but the portal. The layout's own words
 * (footer, the button's hint, the heads of a table of changes) and `<html lang>` come from the
 * mail's language (R-L2).
 */

/** The provider's name, at the head and foot of every mail: a name, the same in every language. */
export const providerName = "Hosting Provider";

/** A link to the portal (`WEB_APP_URL`, never the API's URL), with its label (the URL itself when absent). */
export interface Link {
  link: string;
  label?: string;
}
export interface Strong {
  strong: string;
}
/** A run of text in a paragraph or list item: plain text (escaped in HTML), a link or emphasis. */
export type Inline = string | Link | Strong;

/** One before/after change, listed in the text part as `- field` with `before:` and `after:` lines. */
export interface Change {
  field: string;
  before: string;
  after: string;
}

/** A block of content. */
export type Block =
  | { paragraph: Inline[] }
  | { list: Inline[][] }
  | { changes: Change[] }
  /** A code to type in, shown large in HTML; `label: code` in text. */
  | { code: string; label: string }
  /** A titled group of facts, items and a total: an invoice in a listing. */
  | { summary: { title: string; facts: [string, string][]; items: string[]; total: [string, string] } };

export interface MailContent {
  subject: string;
  /** The heading: what the mail is about, in a few words. */
  title: string;
  /** The first line, `Hello Ada,`. */
  greeting?: string | undefined;
  body: Block[];
  /** The one thing to do, as a button; its URL is repeated as a plain link under it. */
  action?: { label: string; url: string } | undefined;
  /** What follows the action (what to do if this was not you, and the like). */
  after?: Block[] | undefined;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** The portal's base URL (`WEB_APP_URL`, which every function has): links never point elsewhere. */
export function portalBase(): string {
  const base = process.env.WEB_APP_URL;
  if (!base) throw new Error("WEB_APP_URL is not set: mail links point to the portal");
  return base.replace(/\/+$/, "");
}

/** A link into the portal: `portalUrl("/reset-password", { token })` → `https://portal…/reset-password?token=…`. */
export function portalUrl(path = "/", query: Record<string, string> = {}): string {
  const search = new URLSearchParams(query).toString();
  return `${portalBase()}${path.startsWith("/") ? path : `/${path}`}${search ? `?${search}` : ""}`;
}

// ---- building blocks, for the templates --------------------------------------------------------

export const paragraph = (...content: Inline[]): Block => ({ paragraph: content });
export const list = (items: Inline[][]): Block => ({ list: items });
export const link = (url: string, label?: string): Link => (label ? { link: url, label } : { link: url });
export const strong = (text: string): Strong => ({ strong: text });

// ---- text ------------------------------------------------------------------------------------

const inlineText = (inline: Inline): string => {
  if (typeof inline === "string") return inline;
  if ("strong" in inline) return inline.strong;
  return inline.label && inline.label !== inline.link ? `${inline.label} (${inline.link})` : inline.link;
};
const inlinesText = (content: Inline[]) => content.map(inlineText).join("");

function blockText(block: Block, messages: MailMessages): string {
  const labelled = (label: string, value: string) => messages.text("layout", "labelled", { label, value });
  if ("paragraph" in block) return inlinesText(block.paragraph);
  if ("list" in block) return block.list.map((item) => `- ${inlinesText(item)}`).join("\n");
  if ("changes" in block) {
    const before = labelled(messages.text("layout", "textBefore"), "");
    const after = labelled(messages.text("layout", "textAfter"), "");
    // The values aligned under each other, whatever the labels' lengths in the language.
    const width = Math.max(before.length, after.length);
    return block.changes
      .map(
        (change) =>
          `- ${change.field}\n    ${before.padEnd(width)}${change.before}\n    ${after.padEnd(width)}${change.after}`,
      )
      .join("\n");
  }
  if ("code" in block) return labelled(block.label, block.code);
  const { title, facts, items, total } = block.summary;
  return [
    title,
    ...facts.map(([label, value]) => `  ${labelled(label, value)}`),
    ...items.map((item) => `  - ${item}`),
    `  ${labelled(total[0], total[1])}`,
  ].join("\n");
}

function renderText(content: MailContent, messages: MailMessages): string {
  const parts = [
    content.title,
    ...(content.greeting ? [content.greeting] : []),
    ...content.body.map((block) => blockText(block, messages)),
    ...(content.action
      ? [messages.text("layout", "labelled", { label: content.action.label, value: content.action.url })]
      : []),
    ...(content.after ?? []).map((block) => blockText(block, messages)),
    `-- \n${providerName} · ${portalBase()}\n${messages.text("layout", "footnote")}`,
  ];
  return `${parts.join("\n\n")}\n`;
}

// ---- HTML ------------------------------------------------------------------------------------

/** Text as HTML text or attribute value: the five characters that mean markup, as references. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** Only the web's schemes, so a link can never run script (`javascript:`) whatever it is built from. */
function href(url: string): string {
  if (!/^https?:\/\//i.test(url)) throw new Error("a mail link is an http(s) URL");
  return escapeHtml(url);
}

const font = "font-family:Arial,Helvetica,sans-serif";
const colours = {
  page: "#f2f4f7",
  card: "#ffffff",
  text: "#1f2328",
  muted: "#59636e",
  rule: "#d8dee4",
  accent: "#0b5cad",
};
const style = {
  paragraph: `margin:0 0 16px;${font};font-size:15px;line-height:1.55;color:${colours.text};overflow-wrap:anywhere`,
  link: `color:${colours.accent};text-decoration:underline;word-break:break-all`,
  cell: `${font};font-size:14px;line-height:1.45;color:${colours.text};padding:6px 8px;vertical-align:top;border-bottom:1px solid ${colours.rule};overflow-wrap:anywhere`,
  head: `${font};font-size:12px;line-height:1.4;color:${colours.muted};padding:6px 8px;text-align:left;border-bottom:1px solid ${colours.rule}`,
};

const inlineHtml = (inline: Inline): string => {
  if (typeof inline === "string") return escapeHtml(inline);
  if ("strong" in inline) return `<strong>${escapeHtml(inline.strong)}</strong>`;
  return `<a href="${href(inline.link)}" style="${style.link}">${escapeHtml(inline.label ?? inline.link)}</a>`;
};
const inlinesHtml = (content: Inline[]) => content.map(inlineHtml).join("");

function blockHtml(block: Block, messages: MailMessages): string {
  if ("paragraph" in block) return `<p style="${style.paragraph}">${inlinesHtml(block.paragraph)}</p>`;
  if ("list" in block)
    return `<ul style="margin:0 0 16px;padding-left:22px;${font};font-size:15px;line-height:1.55;color:${colours.text};overflow-wrap:anywhere">${block.list
      .map((item) => `<li style="margin:0 0 4px">${inlinesHtml(item)}</li>`)
      .join("")}</ul>`;
  if ("changes" in block)
    return `<table role="presentation" cellpadding="0" cellspacing="0" width="100%" style="border-collapse:collapse;margin:0 0 16px"><tr><th style="${style.head}">${escapeHtml(messages.text("layout", "changeField"))}</th><th style="${style.head}">${escapeHtml(messages.text("layout", "changeBefore"))}</th><th style="${style.head}">${escapeHtml(messages.text("layout", "changeAfter"))}</th></tr>${block.changes
      .map(
        (change) =>
          `<tr><td style="${style.cell};white-space:nowrap"><strong>${escapeHtml(change.field)}</strong></td><td style="${style.cell}">${escapeHtml(change.before)}</td><td style="${style.cell}">${escapeHtml(change.after)}</td></tr>`,
      )
      .join("")}</table>`;
  if ("code" in block)
    return `<p style="${style.paragraph}">${escapeHtml(messages.text("layout", "labelled", { label: block.label, value: "" }).trimEnd())}<br><code style="display:inline-block;margin-top:6px;padding:8px 12px;background:${colours.page};border-radius:4px;font-family:Menlo,Consolas,monospace;font-size:14px;word-break:break-all">${escapeHtml(block.code)}</code></p>`;
  const { title, facts, items, total } = block.summary;
  return `<table role="presentation" cellpadding="0" cellspacing="0" width="100%" style="border-collapse:collapse;margin:0 0 20px;border:1px solid ${colours.rule};border-radius:6px"><tr><th colspan="2" style="${style.head};font-size:14px;color:${colours.text};background:${colours.page}">${escapeHtml(title)}</th></tr>${facts
    .map(
      ([label, value]) =>
        `<tr><td style="${style.cell};color:${colours.muted};width:35%">${escapeHtml(label)}</td><td style="${style.cell}">${escapeHtml(value)}</td></tr>`,
    )
    .join("")}${items
    .map((item) => `<tr><td colspan="2" style="${style.cell}">${escapeHtml(item)}</td></tr>`)
    .join(
      "",
    )}<tr><td style="${style.cell};border-bottom:0"><strong>${escapeHtml(total[0])}</strong></td><td style="${style.cell};border-bottom:0"><strong>${escapeHtml(total[1])}</strong></td></tr></table>`;
}

function button(action: { label: string; url: string }, messages: MailMessages): string {
  return (
    `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 12px"><tr><td style="border-radius:6px;background:${colours.accent}">` +
    `<a href="${href(action.url)}" style="display:inline-block;padding:12px 24px;${font};font-size:15px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:6px">${escapeHtml(action.label)}</a>` +
    `</td></tr></table>` +
    `<p style="margin:0 0 20px;${font};font-size:12px;line-height:1.5;color:${colours.muted}">${escapeHtml(messages.text("layout", "buttonHint"))} ` +
    `<a href="${href(action.url)}" style="${style.link}">${escapeHtml(action.url)}</a></p>`
  );
}

function renderHtml(content: MailContent, messages: MailMessages): string {
  const base = portalBase();
  const block = (each: Block) => blockHtml(each, messages);
  return [
    "<!doctype html>",
    `<html lang="${escapeHtml(messages.language)}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    `<title>${escapeHtml(content.subject)}</title></head>`,
    `<body style="margin:0;padding:0;background:${colours.page}">`,
    `<table role="presentation" cellpadding="0" cellspacing="0" width="100%" style="background:${colours.page}"><tr><td align="center" style="padding:24px 12px">`,
    `<table role="presentation" cellpadding="0" cellspacing="0" width="100%" style="max-width:600px;background:${colours.card};border:1px solid ${colours.rule};border-radius:8px">`,
    `<tr><td style="padding:18px 32px;border-bottom:3px solid ${colours.accent};${font};font-size:16px;font-weight:bold;color:${colours.accent}">${escapeHtml(providerName)}</td></tr>`,
    '<tr><td style="padding:28px 32px 12px">',
    `<h1 style="margin:0 0 20px;${font};font-size:22px;line-height:1.3;color:${colours.text};overflow-wrap:anywhere">${escapeHtml(content.title)}</h1>`,
    ...(content.greeting ? [block(paragraph(content.greeting))] : []),
    ...content.body.map(block),
    ...(content.action ? [button(content.action, messages)] : []),
    ...(content.after ?? []).map(block),
    "</td></tr>",
    `<tr><td style="padding:16px 32px 22px;border-top:1px solid ${colours.rule};${font};font-size:12px;line-height:1.5;color:${colours.muted}">`,
    `${escapeHtml(providerName)} · <a href="${href(base)}" style="${style.link}">${escapeHtml(base)}</a><br>`,
    escapeHtml(messages.text("layout", "footnote")),
    "</td></tr></table>",
    "</td></tr></table></body></html>",
  ].join("\n");
}

/** A mail's subject, text part and HTML part, from one description, in the language of `messages`. */
export function renderMail(content: MailContent, messages: MailMessages): RenderedMail {
  return {
    subject: content.subject,
    text: renderText(content, messages),
    html: renderHtml(content, messages),
  };
}
