import type { MailData, MailTemplateName } from "#shared/email-templates/catalog";
import type { Entity } from "#shared/entity";
import type { ItemRange } from "#shared/entity/reads";
import { createItem, type WriteAction } from "#shared/entity/writes";
import type { Language } from "#shared/i18n/languages";
import { newId } from "#shared/tokens";

/**
 * The transactional outbox of mail. A change that mails writes an outbox item in its own
 * transaction (the recipients, the template's name, the data it renders from, their language):
 * nothing is sent unless the change committed, and a committed change's mail is never lost,
 * whatever fails after. The table's stream feeds the mailer (functions/mail/send-mail.ts),
 * which renders and sends each item through SES and marks it; the reconciler and operators own
 * what cannot be sent (shared/mail/reconcile.ts, stuck-work `kind=mails`).
 *
 * An item's life: `pending` (written, or asked again) → `sending` (claimed by one mailer
 * invocation, until `claimedUntil`) → `sent` (its data dropped: it may hold a link's token), or
 * `failed` (SES refused it for good, or its attempts ran out), which operators can send again.
 */
export type OutboxStatus = "pending" | "sending" | "sent" | "failed";

export interface OutboxFailure {
  /** Stable: SES_SANDBOX (an unverified recipient while the account is in the sandbox), SES_REJECTED, SES_UNAVAILABLE, RENDER_FAILED... */
  code: string;
  message: string;
  at: string;
  /** Worth asking again by itself (SES throttled or was down): the reconciler does, later. */
  retryable: boolean;
}

/** One message of an item: its recipients and what the template renders for them. */
export interface OutboxMessage {
  to: string[];
  /**
   * The language the message is written in (R-L2): its recipients' (an account's own language;
   * for an address without an account, that of the request that caused the mail). Each message
   * has its own, so one item may tell people of several languages (a message per language);
   * absent (an item written before languages): English.
   */
  language?: Language;
  /** What the template renders from; dropped once sent (it may hold a link's token). */
  data?: Record<string, unknown>;
  /** SES's id, once this message is sent: a retry of the item sends only the others. */
  messageId?: string;
}

export interface OutboxMail {
  mailId: string;
  template: MailTemplateName;
  /** One message, or several of one template written together (a reset's two links). */
  messages: OutboxMessage[];
  /** Each invoice of a message's `data.invoices` attached as its PDF document (rendered by the mailer). */
  attachInvoiceDocuments?: boolean;
  status: OutboxStatus;
  /** Sends tried so far. */
  attempts: number;
  /** Epoch ms: a claim past this time is free again (its mailer died between SES and the mark). */
  claimedUntil?: number;
  claimId?: string;
  messageId?: string;
  failure?: OutboxFailure;
  createdAt: string;
  updatedAt: string;
  sentAt?: string;
  /** Epoch seconds: the table's TTL removes a sent item after its keeping period. */
  expiresAt?: number;
}

/**
 * The index (gsi1) lists the items by status while they need something (pending, sending,
 * failed), oldest first; a sent item leaves it. The reconciler and the operators' list read it,
 * never a scan.
 */
export const OutboxMail: Entity<OutboxMail, Pick<OutboxMail, "mailId">> = {
  name: "outboxMail",
  key: ({ mailId }) => ({ pk: `OUTBOX#${mailId}`, sk: "MAIL" }),
  indexKeys: ({ status, createdAt, mailId }) =>
    status && status !== "sent" && createdAt && mailId
      ? { gsi1pk: `OUTBOX#${status}`, gsi1sk: `${createdAt}#${mailId}` }
      : {},
};

/** The items in one status, oldest first (gsi1). */
export const outboxByStatus = (status: Exclude<OutboxStatus, "sent">, before?: string): ItemRange => ({
  index: "gsi1",
  partition: `OUTBOX#${status}`,
  ...(before ? { lte: before } : {}),
});

/** How long a sent item is kept (for support: was it sent, when, its SES message id). */
export const sentKeptDays = 30;

export interface MailOptions {
  /**
   * The recipients' language (R-L2), required so that no call site forgets it: the recipient
   * account's `language` (undefined for an account older than languages: English), or, for an
   * address without an account, the language of the request that caused the mail.
   */
  language: Language | undefined;
  mailId?: string;
  attachInvoiceDocuments?: boolean;
}

/**
 * One mail, as a write to put in the transaction of the change that causes it. `mailId` makes it
 * idempotent where the writer may run again (a workflow task): the same id is written once.
 */
export function mailAction<Name extends MailTemplateName>(
  template: Name,
  to: string | readonly string[],
  data: MailData<Name>,
  options: MailOptions,
): WriteAction {
  return mailsAction(template, [{ to, data }], options);
}

/**
 * Several messages of one template, as one write: one outbox item, sent message by message.
 * What a request writes does not depend on how many mails it causes (a reset writes one item
 * whether an account has the address, two links, or not, one notice). A message's own `language`
 * wins over the options' (recipients of several languages: one message per language).
 */
export function mailsAction<Name extends MailTemplateName>(
  template: Name,
  messages: readonly {
    to: string | readonly string[];
    data: MailData<Name>;
    language?: Language | undefined;
  }[],
  options: MailOptions,
): WriteAction {
  const now = new Date().toISOString();
  return createItem(OutboxMail, {
    mailId: options.mailId ?? newId(),
    template,
    messages: messages.map((message) => {
      const language = message.language ?? options.language;
      return {
        to: typeof message.to === "string" ? [message.to] : [...message.to],
        ...(language ? { language } : {}),
        data: message.data as unknown as Record<string, unknown>,
      };
    }),
    ...(options.attachInvoiceDocuments ? { attachInvoiceDocuments: true } : {}),
    status: "pending",
    attempts: 0,
    createdAt: now,
    updatedAt: now,
  });
}
