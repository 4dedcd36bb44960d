import { randomUUID } from "node:crypto";
import { invoiceCreditor } from "#shared/documents/creditor";
import { attachedDocumentLanguage } from "#shared/documents/document-language";
import { invoiceDocumentFileName } from "#shared/documents/file-names";
import { type EmailAttachment, sendRendered } from "#shared/email";
import { mailTemplates } from "#shared/email-templates/catalog";
import { mailLanguage, mailMessages } from "#shared/email-templates/messages";
import { getItem } from "#shared/entity/reads";
import { isConditionalCheckFailed, updateItem, write } from "#shared/entity/writes";
import { logger } from "#shared/logger";
import { type OutboxFailure, OutboxMail, type OutboxMessage, sentKeptDays } from "#shared/mail/outbox";

/**
 * The mailer's work on one outbox item (shared/mail/outbox.ts): claim it, render it, send it
 * through SES, mark it. The claim (a conditional write) is the idempotency guard: a stream
 * record delivered twice, or two mailers at once, send an item once. A mailer that dies between
 * SES's answer and the mark leaves its claim to expire: the reconciler asks the item again and it
 * is sent a second time (SES takes no idempotency key); that is the one way a mail goes twice.
 */

/** How long a claim holds: past it, the item is free again (its mailer is taken for dead). */
export const claimMs = 60_000;
/** Sends tried by the stream's deliveries before a retryable failure is recorded as failed. */
export const attemptsBeforeFailed = 4;

/** SES's refusal that no retry changes; the item is failed and waits for an operator. */
class PermanentFailure extends Error {
  constructor(readonly failure: Omit<OutboxFailure, "at" | "retryable">) {
    super(failure.message);
  }
}

/** SES's answer to a send, sorted: worth asking again later, or not. */
export function classifySesError(error: unknown): Omit<OutboxFailure, "at"> {
  const name = (error as { name?: string })?.name ?? "Error";
  const message = (error as Error)?.message ?? String(error);
  if (name === "MessageRejected" && /not verified/i.test(message))
    // The account is in the SES sandbox: only verified addresses receive mail.
    return { code: "SES_SANDBOX", message: `SES sandbox: ${message}`, retryable: false };
  if (name === "MessageRejected" || name === "MailFromDomainNotVerifiedException")
    return { code: "SES_REJECTED", message: `${name}: ${message}`, retryable: false };
  if (name === "AccountSuspendedException" || name === "SendingPausedException")
    return { code: "SES_SENDING_PAUSED", message: `${name}: ${message}`, retryable: false };
  return { code: "SES_UNAVAILABLE", message: `${name}: ${message}`, retryable: true };
}

const nowIso = () => new Date().toISOString();

async function markFailed(
  item: OutboxMail,
  claimId: string,
  failure: Omit<OutboxFailure, "at">,
  messages: OutboxMessage[] = item.messages,
) {
  await write(
    updateItem(
      OutboxMail,
      { mailId: item.mailId },
      {
        set: {
          status: "failed",
          mailId: item.mailId,
          createdAt: item.createdAt,
          failure: { ...failure, at: nowIso() },
          messages,
          updatedAt: nowIso(),
        },
        remove: ["claimId", "claimedUntil"],
      },
      { condition: { claimId } },
    ),
  );
  logger.error("mail failed", { mailId: item.mailId, template: item.template, ...failure });
}

/** A message's attachments: each invoice of its data as its PDF document. */
async function attachmentsOf(item: OutboxMail, message: OutboxMessage): Promise<EmailAttachment[]> {
  if (!item.attachInvoiceDocuments) return [];
  const invoices = (message.data?.invoices ?? []) as Parameters<
    typeof import("#shared/documents/invoice-document").renderInvoiceDocument
  >[0][];
  const { renderInvoiceDocument } = await import("#shared/documents/invoice-document");
  const creditor = invoiceCreditor();
  return Promise.all(
    invoices.map(async (invoice) => ({
      fileName: invoiceDocumentFileName(invoice.invoiceId),
      contentType: "application/pdf",
      content: await renderInvoiceDocument(invoice, creditor, attachedDocumentLanguage(message.data)),
    })),
  );
}

export type SendOutcome = "sent" | "skipped" | "failed" | "retry";

/**
 * Sends one outbox item, once. `retry`: SES was unavailable and the item's attempts are not used
 * up, so the stream should deliver it again (the mailer reports it as a batch item failure).
 */
export async function sendOutboxMail(mailId: string, now = Date.now()): Promise<SendOutcome> {
  const item = await getItem(OutboxMail, { mailId }, { consistent: true });
  if (!item || item.status === "sent" || item.status === "failed") return "skipped";
  const claimId = randomUUID();
  try {
    await write(
      updateItem(
        OutboxMail,
        { mailId },
        {
          set: {
            status: "sending",
            mailId,
            createdAt: item.createdAt,
            claimId,
            claimedUntil: now + claimMs,
            updatedAt: nowIso(),
          },
          add: { attempts: 1 },
        },
        {
          condition: {
            $or: [{ status: "pending" }, { status: "sending", claimedUntil: { lt: now } }],
          },
        },
      ),
    );
  } catch (error) {
    // Another mailer holds it, or it was sent meanwhile.
    if (isConditionalCheckFailed(error)) return "skipped";
    throw error;
  }
  const attempts = item.attempts + 1;
  const messages = item.messages.map((message) => ({ ...message }));
  try {
    const template = mailTemplates[item.template];
    if (!template)
      throw new PermanentFailure({ code: "UNKNOWN_TEMPLATE", message: `No template ${item.template}` });
    for (const message of messages) {
      // Sent by an earlier attempt of this item.
      if (message.messageId) continue;
      let rendered: ReturnType<typeof template.render>;
      let attachments: EmailAttachment[];
      try {
        // In the message's language (R-L2), its words loaded on the first mail in it.
        rendered = template.render(message.data as never, await mailMessages(mailLanguage(message.language)));
        attachments = await attachmentsOf(item, message);
      } catch (error) {
        throw new PermanentFailure({ code: "RENDER_FAILED", message: (error as Error).message });
      }
      try {
        message.messageId = await sendRendered(message.to, template.name, rendered, { attachments });
      } catch (error) {
        const failure = classifySesError(error);
        if (!failure.retryable) throw new PermanentFailure(failure);
        if (attempts >= attemptsBeforeFailed) {
          await markFailed(item, claimId, failure, messages);
          return "failed";
        }
        // Released for the stream's next delivery: the claim is given up, the status stays.
        await write(
          updateItem(
            OutboxMail,
            { mailId },
            {
              set: { claimedUntil: 0, messages, failure: { ...failure, at: nowIso() }, updatedAt: nowIso() },
            },
            { condition: { claimId } },
          ),
        );
        logger.warn("mail not sent yet", { mailId, attempts, ...failure });
        return "retry";
      }
      if (messages.length > 1)
        // Marked at once: a retry of the item sends only the messages still to send.
        await write(updateItem(OutboxMail, { mailId }, { set: { messages } }, { condition: { claimId } }));
    }
    await write(
      updateItem(
        OutboxMail,
        { mailId },
        {
          set: {
            status: "sent",
            // The data may hold a link's token: nothing of it is kept once sent.
            messages: messages.map(({ data: _data, ...kept }) => kept),
            sentAt: nowIso(),
            updatedAt: nowIso(),
            expiresAt: Math.floor(now / 1000) + sentKeptDays * 86_400,
          },
          remove: [
            "claimId",
            "claimedUntil",
            "failure",
            "gsi1pk" as keyof OutboxMail,
            "gsi1sk" as keyof OutboxMail,
          ],
        },
        { condition: { claimId } },
      ),
    );
    return "sent";
  } catch (error) {
    if (error instanceof PermanentFailure) {
      await markFailed(item, claimId, { ...error.failure, retryable: false }, messages);
      return "failed";
    }
    throw error;
  }
}
