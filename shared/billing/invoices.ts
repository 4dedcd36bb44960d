import { auditAction, orgScope, type RequestOrigin } from "#shared/audit";
import { Invoice, invoicesOf } from "#shared/billing/entities";
import { assertBalanceCovers, debitActions } from "#shared/billing/prepaid";
import { sendEmail } from "#shared/email";
import { paidInvoicesEmail } from "#shared/email-templates/billing";
import { getItem, queryAll, transact, updateItem, write } from "#shared/entity";
import { errors } from "#shared/errors";
import { isConditionalCheckFailed, newOperationId } from "#shared/idempotency";
import { logger } from "#shared/logger";
import { PaymentProviderUnavailable, payments } from "#shared/ports/payments";

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
});

const invoiceNotOpen = (status: string) =>
  errors.of(409, "INVOICE_NOT_OPEN", "Invoice not open", {
    detail: `This invoice is ${status}; only an open invoice can be paid.`,
  });

export async function readInvoice(orgId: string, invoiceId: string) {
  const invoice = await getItem(Invoice, { orgId, invoiceId }, { consistent: true });
  if (!invoice) throw errors.notFound("No such invoice.");
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
      { condition: { status: "open" }, fails: () => invoiceNotOpen("no longer open") },
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
 * (a retried order is charged once), and marked paid when the port succeeds. When the port
 * fails the invoice stays open, with the failure noted, to be paid later.
 */
export async function chargeInvoiceByCard(invoice: InvoiceRecord): Promise<{
  invoice: InvoiceRecord;
  payment: { status: "paid" | "failed"; paymentId?: string; detail?: string };
}> {
  if (invoice.status !== "open") return { invoice, payment: { status: "paid" } };
  const { orgId, invoiceId } = invoice;
  let paymentId: string;
  try {
    ({ paymentId } = await payments.charge({
      idempotencyKey: `invoice:${invoiceId}`,
      orgId,
      amount: invoice.amount,
      currency: invoice.currency,
      description: `Invoice ${invoiceId}`,
    }));
  } catch (error) {
    if (!(error instanceof PaymentProviderUnavailable)) throw error;
    logger.warn("card charge failed; the invoice stays open", { invoiceId });
    await write(updateItem(Invoice, { orgId, invoiceId }, { set: { paymentFailure: error.message } }));
    return {
      invoice: { ...invoice, paymentFailure: error.message },
      payment: {
        status: "failed",
        detail: "The card payment did not go through; the invoice stays open and can be paid later.",
      },
    };
  }
  const paidAt = new Date().toISOString();
  try {
    await write(
      updateItem(
        Invoice,
        { orgId, invoiceId },
        {
          set: { status: "paid", paidAt, paidWith: "card", paymentReference: paymentId },
          remove: ["paymentFailure"],
        },
        { condition: { status: "open" } },
      ),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    return { invoice: await readInvoice(orgId, invoiceId), payment: { status: "paid", paymentId } };
  }
  return {
    invoice: { ...invoice, status: "paid", paidAt, paidWith: "card", paymentReference: paymentId },
    payment: { status: "paid", paymentId },
  };
}

/** Mails the organization's paid invoices to one address, in one message (R-D2 reuses it). */
export async function emailPaidInvoices(input: {
  orgId: string;
  to: string;
  firstName: string;
  organizationName: string;
}) {
  const paid = (await listInvoices(input.orgId)).filter((invoice) => invoice.status === "paid");
  await sendEmail(input.to, paidInvoicesEmail, {
    firstName: input.firstName,
    organizationName: input.organizationName,
    invoices: paid,
  });
  return { invoiceCount: paid.length };
}
