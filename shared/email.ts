import type { MailMessages } from "#shared/email-templates/messages";

/** One message kind: a subject and its two bodies, rendered from its data. */
export interface EmailTemplate<Data> {
  /** Stable name, sent as a message tag so deliveries can be traced per template. */
  name: string;
  /**
   * The subject, the HTML part and its text alternative (the same content), in the language of
   * `messages` (R-L2): templates render both through the one layout,
   * shared/email-templates/layout.ts, with the words of shared/i18n/catalogues/mail/.
   */
  render(data: Data, messages: MailMessages): { subject: string; text: string; html: string };
}

/** A file sent with a mail (an invoice's PDF). */
export interface EmailAttachment {
  fileName: string;
  contentType: string;
  content: Uint8Array;
}

/**
 * Declares a template. Call it as `/* @__PURE__ *\/ emailTemplate(...)` (esbuild honours the
 * annotation at the call site only), so a bundle keeps only the templates its function sends.
 */
export function emailTemplate<Data>(template: EmailTemplate<Data>): EmailTemplate<Data> {
  return template;
}

/**
 * Sends one rendered mail through SES v2: its HTML part, its text alternative, and the
 * attachments given (SES v2 `Content.Simple.Attachments`). The sender and configuration set come
 * from the environment. Only the mailer sends (shared/mail/send.ts): every other function writes
 * an outbox item in its transaction (shared/mail/outbox.ts).
 */
export async function sendRendered(
  to: readonly string[],
  templateName: string,
  rendered: { subject: string; text: string; html: string },
  options: { attachments?: readonly EmailAttachment[] } = {},
): Promise<string> {
  const from = process.env.EMAIL_FROM;
  if (!from) throw new Error("EMAIL_FROM is not set");
  const { subject, text, html } = rendered;
  // Loaded on the first mail only (see shared/aws/ses.ts).
  const { ses, SendEmailCommand } = await import("#shared/aws/ses");
  const attachments = options.attachments ?? [];
  const result = await ses.send(
    new SendEmailCommand({
      FromEmailAddress: from,
      Destination: { ToAddresses: [...to] },
      Content: {
        Simple: {
          Subject: { Data: subject, Charset: "UTF-8" },
          Body: {
            Text: { Data: text, Charset: "UTF-8" },
            Html: { Data: html, Charset: "UTF-8" },
          },
          ...(attachments.length
            ? {
                Attachments: attachments.map((attachment) => ({
                  FileName: attachment.fileName,
                  ContentType: attachment.contentType,
                  ContentDisposition: "ATTACHMENT" as const,
                  ContentTransferEncoding: "BASE64" as const,
                  RawContent: attachment.content,
                })),
              }
            : {}),
        },
      },
      ConfigurationSetName: process.env.EMAIL_CONFIGURATION_SET || undefined,
      EmailTags: [{ Name: "template", Value: templateName }],
    }),
  );
  return result.MessageId ?? "";
}
