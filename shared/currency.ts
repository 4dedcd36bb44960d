export type Currency = "CHF" | "EUR";

/** R-O5: CHF for a postal address in Switzerland or Liechtenstein, EUR elsewhere. */
export const currencyForCountry = (country: string): Currency =>
  ["CH", "LI"].includes(country.toUpperCase()) ? "CHF" : "EUR";
