/** One message kind: a subject and bodies rendered from its data. */
export interface EmailTemplate<Data> {
  /** Stable name, sent as a message tag so deliveries can be traced per template. */
  name: string;
  render(data: Data): { subject: string; text: string; html?: string };
}

export const emailTemplate = <Data>(template: EmailTemplate<Data>) => template;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** Sends one templated email through SES v2. The sender and configuration set come from the environment. */
export async function sendEmail<Data>(
  to: string | string[],
  template: EmailTemplate<Data>,
  data: Data,
): Promise<string> {
  const from = process.env.EMAIL_FROM;
  if (!from) throw new Error("EMAIL_FROM is not set");
  const { subject, text, html } = template.render(data);
  // Loaded on the first mail only (see shared/aws/ses.ts).
  const { ses, SendEmailCommand } = await import("#shared/aws/ses");
  const result = await ses.send(
    new SendEmailCommand({
      FromEmailAddress: from,
      Destination: { ToAddresses: Array.isArray(to) ? to : [to] },
      Content: {
        Simple: {
          Subject: { Data: subject, Charset: "UTF-8" },
          Body: {
            Text: { Data: text, Charset: "UTF-8" },
            Html: { Data: html ?? `<pre>${escapeHtml(text)}</pre>`, Charset: "UTF-8" },
          },
        },
      },
      ConfigurationSetName: process.env.EMAIL_CONFIGURATION_SET || undefined,
      EmailTags: [{ Name: "template", Value: template.name }],
    }),
  );
  return result.MessageId ?? "";
}
