import { auditAction, orgScope, type RequestOrigin } from "#shared/audit";
import { Invoice, invoicesOf, type PaymentIntent } from "#shared/billing/entities";
import {
  chargeIntent,
  closeIntentAction,
  IntentClosed,
  openIntent,
  refundIntent,
} from "#shared/billing/payment-intents";
import { assertBalanceCovers, debitActions } from "#shared/billing/prepaid";
import { Organization } from "#shared/entities";
import { getItem, queryAll } from "#shared/entity/reads";
import { maxTransactionActions, transact } from "#shared/entity/transactions";
import { isConditionalCheckFailed, updateItem, write } from "#shared/entity/writes";
import { errors } from "#shared/errors";
import { message } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import { defaultLanguage, type Language } from "#shared/i18n/languages";
import { newOperationId } from "#shared/idempotency";
import { logger } from "#shared/logger";
import { mailAction } from "#shared/mail/outbox";

export type InvoiceRecord = Invoice;

export const invoiceView = (invoice: InvoiceRecord) => ({
  invoiceId: invoice.invoiceId,
  orderId: invoice.orderId,
  status: invoice.status,
  amount: invoice.amount,
  currency: invoice.currency,
  paymentMethod: invoice.paymentMethod,
  lines: invoice.lines,
  issuedAt: invoice.issuedAt,
  paidAt: invoice.paidAt,
  paidWith: invoice.paidWith,
  billingAddress: invoice.billingAddress,
});

const invoiceNotOpen = (status?: string) =>
  errors.of(
    409,
    "INVOICE_NOT_OPEN",
    status ? message(texts.invoiceNotOpen, { status }) : texts.invoiceNoLongerOpen,
  );

export async function readInvoice(orgId: string, invoiceId: string) {
  const invoice = await getItem(Invoice, { orgId, invoiceId }, { consistent: true });
  if (!invoice) throw errors.notFound(texts.invoiceNotFound);
  return invoice;
}

/** Every invoice of the organization, newest first. */
export async function listInvoices(orgId: string) {
  const invoices = await queryAll(Invoice, invoicesOf(orgId));
  return invoices.sort((a, b) => (a.issuedAt < b.issuedAt ? 1 : a.issuedAt > b.issuedAt ? -1 : 0));
}

/**
 * R-$4: paying an open invoice from the prepaid balance is one transaction: the invoice paid
 * only if still open, the balance debited only if it covers the amount (R-$2), the ledger
 * entry, the audit entry. Two payments at once: one wins, the other changes nothing.
 */
export async function payInvoiceFromBalance(input: {
  orgId: string;
  invoiceId: string;
  actorUserId?: string | undefined;
  origin: RequestOrigin;
}) {
  const { orgId, invoiceId } = input;
  const invoice = await readInvoice(orgId, invoiceId);
  if (invoice.status !== "open") throw invoiceNotOpen(invoice.status);
  await assertBalanceCovers(orgId, invoice.amount, invoice.currency);
  const entryId = newOperationId();
  const paidAt = new Date().toISOString();
  await transact([
    updateItem(
      Invoice,
      { orgId, invoiceId },
      { set: { status: "paid", paidAt, paidWith: "prepaid", paymentReference: entryId } },
      { condition: { status: "open" }, fails: () => invoiceNotOpen() },
    ),
    ...debitActions({
      orgId,
      entryId,
      amount: invoice.amount,
      currency: invoice.currency,
      kind: "invoice_payment",
      reference: invoiceId,
      actorUserId: input.actorUserId,
    }),
    auditAction(orgScope(orgId), "invoice.paid", input.actorUserId, input.origin, {
      invoiceId,
      amount: invoice.amount,
      currency: invoice.currency,
      paidWith: "prepaid",
    }),
  ]);
  return {
    ...invoice,
    status: "paid" as const,
    paidAt,
    paidWith: "prepaid" as const,
    paymentReference: entryId,
  };
}

/**
 * A card invoice is charged through the payment port, with the invoice id as idempotency key
 * (a retried order is charged once), its intent recorded first (shared/billing/payment-intents.ts:
 * a charge whose request dies is finished by the reconciler), and marked paid in the transaction
 * that closes the intent. When the port fails the invoice stays open, with the failure noted,
 * to be paid later.
 */
export async function chargeInvoiceByCard(invoice: InvoiceRecord): Promise<{
  invoice: InvoiceRecord;
  payment: { status: "paid" | "failed"; paymentId?: string; detail?: string };
}> {
  if (invoice.status !== "open") return { invoice, payment: { status: "paid" } };
  const { orgId, invoiceId } = invoice;
  const intent = await openIntent({
    intentId: invoiceIntentId(orgId, invoiceId),
    kind: "invoice_charge",
    orgId,
    amount: invoice.amount,
    currency: invoice.currency,
    idempotencyKey: `invoice:${invoiceId}`,
    reference: invoiceId,
    description: `Invoice ${invoiceId}`,
  });
  let paymentId: string;
  try {
    paymentId = await chargeIntent(intent);
  } catch (error) {
    if ((error as { code?: string }).code !== "PAYMENT_UNAVAILABLE") throw error;
    const reason = "the payment provider did not take the charge";
    logger.warn("card charge failed; the invoice stays open", { invoiceId });
    await write(updateItem(Invoice, { orgId, invoiceId }, { set: { paymentFailure: reason } }));
    return {
      invoice: { ...invoice, paymentFailure: reason },
      payment: {
        status: "failed",
        detail: "The card payment did not go through; the invoice stays open and can be paid later.",
      },
    };
  }
  await settleInvoiceCharge(intent, paymentId);
  return { invoice: await readInvoice(orgId, invoiceId), payment: { status: "paid", paymentId } };
}

export const invoiceIntentId = (orgId: string, invoiceId: string) => `invoice:${orgId}:${invoiceId}`;

/**
 * Lands a card charge on its invoice: paid and the intent closed in one transaction. An invoice
 * no longer open (paid otherwise meanwhile, or gone with its organization) gets the charge back.
 * Run by the request, or by the reconciler for one that died.
 */
export async function settleInvoiceCharge(
  intent: PaymentIntent,
  paymentId: string,
): Promise<"settled" | "refunded"> {
  const { orgId } = intent;
  const invoiceId = intent.reference;
  const paidAt = new Date().toISOString();
  const notOpen = new Error("the invoice is no longer open");
  try {
    await transact([
      updateItem(
        Invoice,
        { orgId, invoiceId },
        {
          set: { status: "paid", paidAt, paidWith: "card", paymentReference: paymentId },
          remove: ["paymentFailure"],
        },
        { condition: { status: "open" }, fails: () => notOpen },
      ),
      closeIntentAction(intent, "settled", "invoice paid", { paymentId }, () => new IntentClosed()),
    ]);
    return "settled";
  } catch (error) {
    if (error instanceof IntentClosed) return "settled";
    if (error !== notOpen) throw error;
    const invoice = await getItem(Invoice, { orgId, invoiceId }, { consistent: true });
    if (invoice?.paymentReference === paymentId) {
      await write(
        closeIntentAction(intent, "settled", "invoice paid", { paymentId }, () => new IntentClosed()),
      ).catch((closed: unknown) => {
        if (!(closed instanceof IntentClosed)) throw closed;
      });
      return "settled";
    }
    await refundIntent(intent, paymentId, "the invoice was no longer open");
    return "refunded";
  }
}

/** Paid invoices per mail: each rides as its PDF, so a long history goes in several mails. */
export const invoicesPerMail = 20;

/**
 * Mails the organization's paid invoices to one address, each attached as its document (PDF),
 * `invoicesPerMail` to a mail (R-D2 reuses it): one outbox item per mail, carrying its invoices
 * as they are now, from which the mailer renders the documents (after the organization is gone,
 * for a deletion), in the organization's billing language of now (R-L2). With `mailIdPrefix`, a
 * step run again writes each mail once.
 */
export async function emailPaidInvoices(input: {
  orgId: string;
  to: string;
  firstName: string;
  organizationName: string;
  /** The reader's language (R-L2): the mails' words; the documents keep the billing language. */
  language: Language | undefined;
  mailIdPrefix?: string;
}) {
  const [issued, organization] = await Promise.all([
    listInvoices(input.orgId),
    getItem(Organization, { orgId: input.orgId }),
  ]);
  const paid = issued.filter((invoice) => invoice.status === "paid");
  // The documents' language rides with the data the mailer renders from (shared/mail/send.ts);
  // the template reads none of it: the mail's own words are the reader's language.
  const documentLanguage = organization?.language ?? defaultLanguage;
  const parts: InvoiceRecord[][] = [];
  for (let start = 0; start < paid.length; start += invoicesPerMail)
    parts.push(paid.slice(start, start + invoicesPerMail));
  if (!parts.length) parts.push([]);
  const mails = parts.map((invoices, index) =>
    mailAction(
      "paid-invoices",
      input.to,
      {
        firstName: input.firstName,
        organizationName: input.organizationName,
        invoices,
        part: { index: index + 1, of: parts.length, invoiceCount: paid.length },
        // Spread: the template's data type does not name it, the mailer reads it.
        ...{ documentLanguage },
      },
      {
        language: input.language,
        attachInvoiceDocuments: true,
        ...(input.mailIdPrefix ? { mailId: `${input.mailIdPrefix}-${index + 1}` } : {}),
      },
    ),
  );
  if (input.mailIdPrefix) {
    for (const mail of mails)
      await write(mail).catch((error: unknown) => {
        // Written by an earlier run of the step.
        if (!isConditionalCheckFailed(error)) throw error;
      });
  } else {
    for (let start = 0; start < mails.length; start += maxTransactionActions)
      await transact(mails.slice(start, start + maxTransactionActions));
  }
  return { invoiceCount: paid.length };
}
