import { defaultLanguage, type Language, swissLocale } from "#shared/i18n/languages";

/**
 * Amounts and dates as people read them (R-L2, R-$1), in the mails, the workflows' step details
 * and the invoice documents alike: the one place where an amount in minor units or an ISO
 * timestamp becomes text. The decimal string is built with integer arithmetic and handed to
 * Intl as a string, so no floating point touches the amount.
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

const cached = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cache<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = cached.get(key) as T | undefined;
  if (!format) {
    format = make();
    cached.set(key, format);
  }
  return format;
}

/**
 * `formatMoney(16700, "CHF", "de")` → `"CHF 167.00"`, in `fr` `"167.00 CHF"`: as a person of that
 * language in Switzerland writes it (thousands grouped as ICU's Swiss locales group them).
 */
export function formatMoney(amount: number, currency: string, language: Language = defaultLanguage): string {
  const format = cache(
    `money ${language} ${currency}`,
    () => new Intl.NumberFormat(swissLocale[language], { style: "currency", currency }),
  );
  return format.format(decimalAmount(amount) as Intl.StringNumericLiteral);
}

/** The time zone the provider's customers read dates in. */
export const providerTimeZone = "Europe/Zurich";

/** `"2026-12-07T20:38:17.442Z"` → `"7. Dezember 2026"`, `"7 décembre 2026"`, `"7 dicembre 2026"`, `"7 December 2026"`. */
export function formatDate(isoTimestamp: string, language: Language = defaultLanguage): string {
  const format = cache(
    `date ${language}`,
    () => new Intl.DateTimeFormat(swissLocale[language], { dateStyle: "long", timeZone: providerTimeZone }),
  );
  return format.format(new Date(isoTimestamp));
}

/** A date with its time of day, in Zurich: `"7. Dezember 2026 um 21:38"`, `"7 December 2026 at 21:38"`. */
export function formatDateTime(isoTimestamp: string, language: Language = defaultLanguage): string {
  const format = cache(
    `datetime ${language}`,
    () =>
      new Intl.DateTimeFormat(swissLocale[language], {
        dateStyle: "long",
        timeStyle: "short",
        timeZone: providerTimeZone,
      }),
  );
  return format.format(new Date(isoTimestamp));
}

/** The calendar day of an ISO timestamp, as stored (UTC): `2026-12-01` (file names, references). */
export const formatDay = (isoTimestamp: string) => isoTimestamp.slice(0, 10);
