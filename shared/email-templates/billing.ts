import { emailTemplate } from "#shared/email";
import { type Block, paragraph, portalUrl, renderMail } from "#shared/email-templates/layout";
import { formatDay, formatMoney } from "#shared/i18n/format";

export { formatMoney };

export interface InvoiceForMail {
  invoiceId: string;
  issuedAt: string;
  paidAt?: string | undefined;
  amount: number;
  currency: string;
  lines: { description: string; price: number; reduction: number; total: number }[];
}

const invoiceSummary = (invoice: InvoiceForMail): Block => ({
  summary: {
    title: `Invoice ${invoice.invoiceId}`,
    facts: [
      ["Issued", formatDay(invoice.issuedAt)],
      ...(invoice.paidAt ? ([["Paid", formatDay(invoice.paidAt)]] as [string, string][]) : []),
    ],
    items: invoice.lines.map(
      (line) =>
        `${line.description}: ${formatMoney(line.price, invoice.currency)}` +
        (line.reduction > 0
          ? ` less ${formatMoney(line.reduction, invoice.currency)} = ${formatMoney(line.total, invoice.currency)}`
          : ""),
    ),
    total: ["Total", formatMoney(invoice.amount, invoice.currency)],
  },
});

/**
 * The paid invoices of an organization, each attached as its PDF (shared/billing/invoices.ts);
 * many invoices go in several mails, `part` of `parts`.
 */
export const paidInvoicesEmail = /* @__PURE__ */ emailTemplate<{
  firstName: string;
  organizationName: string;
  invoices: InvoiceForMail[];
  /** This mail's place when the invoices take several (1-based); absent: one mail. */
  part?: { index: number; of: number; invoiceCount: number } | undefined;
}>({
  name: "paid-invoices",
  render: ({ firstName, organizationName, invoices, part }) => {
    const several = part && part.of > 1;
    const count = part?.invoiceCount ?? invoices.length;
    return renderMail({
      subject: `Paid invoices of ${organizationName} (${several ? `${part.index}/${part.of}, ` : ""}${count})`,
      title: `Paid invoices of ${organizationName}`,
      greeting: `Hello ${firstName},`,
      body: invoices.length
        ? [
            paragraph(
              several
                ? `Here are the paid invoices of ${organizationName}, as you asked: ${count} in ${part.of} mails, this is mail ${part.index}.`
                : `Here are the paid invoices of ${organizationName}, as you asked.`,
              " Each is attached as a PDF document.",
            ),
            ...invoices.map(invoiceSummary),
          ]
        : [paragraph(`${organizationName} has no paid invoice yet.`)],
      action: { label: "See all your invoices", url: portalUrl("/billing/invoices") },
    });
  },
});
