import { parseLineDescription } from "#shared/billing/line-description";
import type { ProductKind } from "#shared/catalog/catalog";
import { emailTemplate } from "#shared/email";
import { type Block, paragraph, portalUrl, renderMail } from "#shared/email-templates/layout";
import type { MailKey, MailMessages } from "#shared/email-templates/messages";
import { formatDate, formatMoney } from "#shared/i18n/format";

export { formatMoney };

export interface InvoiceForMail {
  invoiceId: string;
  issuedAt: string;
  paidAt?: string | undefined;
  amount: number;
  currency: string;
  lines: { description: string; price: number; reduction: number; total: number }[];
}

// Every product kind has its name in the mail catalogues.
const everyProductNamed: ProductKind extends MailKey<"products"> ? true : never = true;
void everyProductNamed;

/**
 * A line's description in the reader's language: it was written once in the project's words
 * (shared/billing/line-description.ts) and is read back; text of another origin stays as written.
 */
function lineDescription(description: string, m: MailMessages): string {
  const line = parseLineDescription(description);
  if (!line) return description;
  const values = { product: m.text("products", line.productKind), name: line.name };
  if (line.promoCode)
    return m.text("paid-invoices", "descriptionWithPromoCode", { ...values, promoCode: line.promoCode });
  return m.text("paid-invoices", line.freeOffer ? "descriptionWithFreeOffer" : "description", values);
}

/** An invoice in the mail: dates and amounts as a reader of its language in Switzerland writes them. */
const invoiceSummary = (invoice: InvoiceForMail, m: MailMessages): Block => {
  const money = (amount: number) => formatMoney(amount, invoice.currency, m.language);
  return {
    summary: {
      title: m.text("paid-invoices", "invoice", { invoiceId: invoice.invoiceId }),
      facts: [
        [m.text("paid-invoices", "issued"), formatDate(invoice.issuedAt, m.language)],
        ...(invoice.paidAt
          ? ([[m.text("paid-invoices", "paid"), formatDate(invoice.paidAt, m.language)]] as [
              string,
              string,
            ][])
          : []),
      ],
      items: invoice.lines.map((line) =>
        line.reduction > 0
          ? m.text("paid-invoices", "lineReduced", {
              description: lineDescription(line.description, m),
              price: money(line.price),
              reduction: money(line.reduction),
              total: money(line.total),
            })
          : m.text("paid-invoices", "line", {
              description: lineDescription(line.description, m),
              price: money(line.price),
            }),
      ),
      total: [m.text("paid-invoices", "total"), money(invoice.amount)],
    },
  };
};

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
  render: ({ firstName, organizationName, invoices, part }, m) => {
    const several = part && part.of > 1;
    const count = part?.invoiceCount ?? invoices.length;
    const values = { organizationName, count, index: part?.index ?? 1, parts: part?.of ?? 1 };
    return renderMail(
      {
        subject: m.text("paid-invoices", several ? "subjectPart" : "subject", values),
        title: m.text("paid-invoices", "title", values),
        greeting: m.text("common", "greeting", { firstName }),
        body: invoices.length
          ? [
              paragraph(m.text("paid-invoices", several ? "bodyPart" : "body", values)),
              ...invoices.map((invoice) => invoiceSummary(invoice, m)),
            ]
          : [paragraph(m.text("paid-invoices", "none", values))],
        action: { label: m.text("paid-invoices", "action"), url: portalUrl("/billing/invoices") },
      },
      m,
    );
  },
});
