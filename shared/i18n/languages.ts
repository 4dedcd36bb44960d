/**
 * The four languages the provider's customers read (R-L1): French, German, Italian, English.
 * A user has one, an organization has a billing language; a request without a user speaks the
 * language its `Accept-Language` prefers. Everything a person reads is chosen by these codes.
 */
export const languages = ["fr", "de", "it", "en"] as const;
export type Language = (typeof languages)[number];

/** What a person gets when nothing says otherwise (R-L1: "else English"). */
export const defaultLanguage: Language = "en";

export const isLanguage = (value: unknown): value is Language =>
  typeof value === "string" && (languages as readonly string[]).includes(value);

/**
 * The locale a person of each language in Switzerland writes dates and amounts in (R-L2):
 * `fr-CH` writes `12 345.90 CHF`, the others `CHF 12’345.90` (the glyphs are ICU's).
 */
export const swissLocale: Record<Language, string> = {
  fr: "fr-CH",
  de: "de-CH",
  it: "it-CH",
  en: "en-CH",
};

/**
 * The language an `Accept-Language` header prefers among the four (RFC 9110 §12.5.4): ranges in
 * order of their `q` (0 refuses), `de-CH` matching `de`, `*` any; English when none matches.
 */
export function negotiateLanguage(acceptLanguage: string | undefined | null): Language {
  if (!acceptLanguage) return defaultLanguage;
  const ranges = acceptLanguage
    .split(",")
    .map((part, index) => {
      const [range = "", ...parameters] = part.trim().split(";");
      const q = parameters.map((each) => each.trim()).find((each) => each.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return { range: range.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((each) => each.range && each.quality > 0)
    // Stable: equal weights keep the client's order.
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { range } of ranges) {
    if (range === "*") return defaultLanguage;
    const primary = range.split("-")[0];
    if (isLanguage(primary)) return primary;
  }
  return defaultLanguage;
}

/**
 * The language of a request (its `Accept-Language`, headers as the HTTP handler normalises them):
 * what a mail to an address without an account is written in (R-L2), and a sign-up's language
 * when its body names none (R-L1).
 */
export const requestedLanguage = (request: {
  headers?: Readonly<Record<string, string | undefined>> | undefined;
}): Language => negotiateLanguage(request.headers?.["accept-language"]);
