import { emailTemplate } from "#shared/email";

const webApp = () => process.env.WEB_APP_URL ?? "https://portal.example.com";

/**
 * Amounts are integers in minor units everywhere (R-$1); they become text only here, at the
 * edge. The decimal string is built with integer arithmetic and handed to Intl as a string,
 * so no floating point touches the amount.
 */
export function formatMoney(amount: number, currency: string): string {
  const sign = amount < 0 ? "-" : "";
  const absolute = Math.abs(amount);
  const cents = absolute % 100;
  const units = (absolute - cents) / 100;
  const decimal = `${sign}${units}.${String(cents).padStart(2, "0")}`;
  return new Intl.NumberFormat("de-CH", { style: "currency", currency }).format(
    decimal as Intl.StringNumericLiteral,
  );
}

export interface InvoiceForMail {
  invoiceId: string;
  issuedAt: string;
  paidAt?: string | undefined;
  amount: number;
  currency: string;
  lines: { description: string; price: number; reduction: number; total: number }[];
}

const invoiceText = (invoice: InvoiceForMail) =>
  [
    `Invoice ${invoice.invoiceId}`,
    `  Issued: ${invoice.issuedAt.slice(0, 10)}${invoice.paidAt ? `   Paid: ${invoice.paidAt.slice(0, 10)}` : ""}`,
    ...invoice.lines.map(
      (line) =>
        `  - ${line.description}: ${formatMoney(line.price, invoice.currency)}` +
        (line.reduction > 0
          ? ` less ${formatMoney(line.reduction, invoice.currency)} = ${formatMoney(line.total, invoice.currency)}`
          : ""),
    ),
    `  Total: ${formatMoney(invoice.amount, invoice.currency)}`,
  ].join("\n");

export const paidInvoicesEmail = emailTemplate<{
  firstName: string;
  organizationName: string;
  invoices: InvoiceForMail[];
}>({
  name: "paid-invoices",
  render: ({ firstName, organizationName, invoices }) => ({
    subject: `Paid invoices of ${organizationName} (${invoices.length})`,
    text:
      `Hello ${firstName},\n\n` +
      (invoices.length
        ? `Here are the paid invoices of ${organizationName}, as you asked.\n\n${invoices.map(invoiceText).join("\n\n")}\n`
        : `${organizationName} has no paid invoice yet.\n`) +
      `\nAll your invoices: ${webApp()}/billing/invoices\n`,
  }),
});
