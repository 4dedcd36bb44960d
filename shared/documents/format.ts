/**
 * Amounts and dates as people read them, in the mails and on the invoice documents alike.
 * Amounts are integers in minor units everywhere (R-$1); they become text only here, at the
 * edge. The decimal string is built with integer arithmetic and handed to Intl as a string,
 * so no floating point touches the amount.
 */

/** `12345` → `"123.45"` (`"-123.45"` below zero): the amount as a decimal string, from integers only. */
export function decimalAmount(amount: number): string {
  if (!Number.isSafeInteger(amount)) throw new Error(`an amount is an integer in minor units: ${amount}`);
  const sign = amount < 0 ? "-" : "";
  const absolute = Math.abs(amount);
  const cents = absolute % 100;
  const units = (absolute - cents) / 100;
  return `${sign}${units}.${String(cents).padStart(2, "0")}`;
}

const currencyFormats = new Map<string, Intl.NumberFormat>();

/** `formatMoney(16700, "CHF")` → `"CHF 167.00"` (Swiss German conventions: `’` groups thousands). */
export function formatMoney(amount: number, currency: string): string {
  let format = currencyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat("de-CH", { style: "currency", currency });
    currencyFormats.set(currency, format);
  }
  return format.format(decimalAmount(amount) as Intl.StringNumericLiteral);
}

/** The calendar day of an ISO timestamp, as stored (UTC): `2026-12-01`. */
export const formatDay = (isoTimestamp: string) => isoTimestamp.slice(0, 10);
