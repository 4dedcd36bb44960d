import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";

/**
 * The local SES's mail page, the project's own (the emulator's stock page hides each mail's HTML
 * behind a toggle): every mail newest first, its HTML part shown as its recipient sees it, in a
 * sandboxed frame (no script runs), its links opening in a new tab (the local portal's pages),
 * its attachments opening in the browser, a filter by recipient. Read from the emulator's store,
 * which `GET /store` keeps answering as it is.
 *
 *   GET /                                     the page (page.html, mail-page.js, mail-page.css)
 *   GET /api/mails                            every mail, newest first, without bodies and attachments' content
 *   GET /mails/{messageId}/html               the mail's HTML part, for the frame
 *   GET /mails/{messageId}/attachments/{n}    its n-th attachment (0-based), inline
 */

interface StoredMail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: { content: string; contentType: string; filename?: string; size: number }[];
  at: number;
}

export interface MailSummary {
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  /** When SES accepted it (ISO 8601). */
  sentAt: string;
  hasHtml: boolean;
  /** The text part, shown when a mail has no HTML part. */
  text?: string;
  attachments: { index: number; filename: string; contentType: string; size: number }[];
}

const directory = import.meta.dirname;

const assets = {
  "/mail-page.js": { file: "mail-page.js", type: "text/javascript; charset=utf-8" },
  "/mail-page.css": { file: "mail-page.css", type: "text/css; charset=utf-8" },
} as const;

const pageHeaders = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
};

/**
 * A mail's HTML, opened in a frame or on its own: sandboxed (no script, no form, no plugin; popups
 * allowed so its links open in a tab of their own, out of the sandbox), nothing loaded from
 * elsewhere, framed only by the mail page. The mail page reads its height (same origin, no script).
 */
const mailHeaders = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "content-security-policy":
    "sandbox allow-same-origin allow-popups allow-popups-to-escape-sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'",
};

/** Every link of a mail opens in a new tab: a link followed inside the sandboxed frame could run no script. */
export function linksInNewTabs(html: string): string {
  const base = '<base target="_blank">';
  if (/<base\b/i.test(html)) return html;
  const head = /<head\b[^>]*>/i.exec(html);
  if (head)
    return html.slice(0, head.index + head[0].length) + base + html.slice(head.index + head[0].length);
  return base + html;
}

/** A file name as a `filename` parameter can carry it (quoted, ASCII), and the exact one as `filename*`. */
const contentDisposition = (filename: string) =>
  `inline; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

export function summarize(mail: StoredMail): MailSummary {
  return {
    messageId: mail.messageId,
    from: mail.from,
    to: mail.destination.to,
    cc: mail.destination.cc,
    subject: mail.subject,
    sentAt: new Date(mail.at * 1000).toISOString(),
    hasHtml: Boolean(mail.body.html),
    ...(mail.body.html ? {} : { text: mail.body.text ?? "" }),
    attachments: mail.attachments.map((attachment, index) => ({
      index,
      filename: attachment.filename ?? `attachment-${index + 1}`,
      contentType: attachment.contentType,
      size: attachment.size,
    })),
  };
}

/** The page's routes over the emulator's store (`storeUrl`); `serve` answers false for anything else. */
export async function mailPage(storeUrl: string) {
  const page = await readFile(join(directory, "page.html"));
  const files = Object.fromEntries(
    await Promise.all(
      Object.entries(assets).map(async ([path, asset]) => [
        path,
        { body: await readFile(join(directory, asset.file)), type: asset.type },
      ]),
    ),
  ) as Record<string, { body: Buffer; type: string }>;

  const readStore = async (): Promise<StoredMail[]> => {
    const answer = await fetch(storeUrl);
    if (!answer.ok) throw new Error(`the SES emulator's store answered ${answer.status}`);
    return ((await answer.json()) as { emails: StoredMail[] }).emails;
  };

  const send = (
    response: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body: string | Buffer,
    head: boolean,
  ) => {
    response.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
    response.end(head ? undefined : body);
  };

  return {
    async serve(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
      const method = request.method ?? "GET";
      if (method !== "GET" && method !== "HEAD") return false;
      const head = method === "HEAD";
      const { pathname } = new URL(request.url ?? "/", "http://ses");
      const notFound = (what: string) =>
        send(response, 404, { ...pageHeaders, "content-type": "text/plain; charset=utf-8" }, what, head);
      if (pathname === "/" || pathname === "/index.html") {
        send(response, 200, { ...pageHeaders, "content-type": "text/html; charset=utf-8" }, page, head);
        return true;
      }
      const file = files[pathname];
      if (file) {
        send(response, 200, { ...pageHeaders, "content-type": file.type }, file.body, head);
        return true;
      }
      if (pathname === "/api/mails") {
        const mails = (await readStore()).map(summarize).reverse();
        send(
          response,
          200,
          { ...pageHeaders, "content-type": "application/json; charset=utf-8" },
          JSON.stringify({ mails }),
          head,
        );
        return true;
      }
      const html = /^\/mails\/([^/]+)\/html$/.exec(pathname);
      if (html) {
        const mail = (await readStore()).find((each) => each.messageId === decodeURIComponent(html[1] ?? ""));
        if (!mail?.body.html) notFound("no such mail, or it has no HTML part");
        else
          send(
            response,
            200,
            { ...mailHeaders, "content-type": "text/html; charset=utf-8" },
            linksInNewTabs(mail.body.html),
            head,
          );
        return true;
      }
      const attachment = /^\/mails\/([^/]+)\/attachments\/(\d+)$/.exec(pathname);
      if (attachment) {
        const mail = (await readStore()).find(
          (each) => each.messageId === decodeURIComponent(attachment[1] ?? ""),
        );
        const file = mail?.attachments[Number(attachment[2])];
        if (!file) notFound("no such mail or attachment");
        else
          send(
            response,
            200,
            {
              // Inline: the browser shows it (a PDF in its viewer, which a CSP sandbox would block).
              "cache-control": "no-store",
              "x-content-type-options": "nosniff",
              "content-type": file.contentType,
              "content-disposition": contentDisposition(file.filename ?? `attachment-${attachment[2]}`),
            },
            Buffer.from(file.content, "base64"),
            head,
          );
        return true;
      }
      return false;
    },
  };
}
