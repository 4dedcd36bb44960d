import * as z from "zod/mini";

/**
 * Building blocks of the success answers' schemas (each route's `response`, published in the
 * OpenAPI). Answers are strict objects: a field the code adds without declaring it fails the
 * integration suite's check of every answer, so the contract and the code move together.
 */

/** An instant as the API writes it: ISO 8601 in UTC with milliseconds. */
export const timestamp = z.iso.datetime();
/** A calendar day: `2026-12-01`. */
export const day = z.iso.date();
/** The OpenAPI's words for every amount: what a client most easily gets wrong. */
export const minorUnitsMeta = {
  description: "An amount in minor units of its currency (cents, centimes, Rappen): 50000 is CHF 500.00.",
  examples: [50000],
};
/** Money is integer minor units (R-$1). */
export const minorUnits = z.int().check(z.meta(minorUnitsMeta));
export const currency = z.enum(["CHF", "EUR"]);
/** An amount with its currency. */
export const money = z.strictObject({ amount: minorUnits, currency });
/** The opaque cursor of the next page, absent on the last. */
export const nextCursor = z.optional(z.string());

/** R-P5: who an invoice is addressed to, copied when issued (InvoiceAddress in the data model). */
export const invoiceAddress = z.strictObject({
  /** The extra billing address it was copied from; absent: the organization's postal address. */
  addressId: z.optional(z.string()),
  name: z.string(),
  recipient: z.optional(z.string()),
  line1: z.string(),
  line2: z.optional(z.string()),
  postalCode: z.string(),
  city: z.string(),
  country: z.string(),
  email: z.optional(z.email()),
});

/** An invoice line: amounts in minor units of the invoice's currency. */
export const invoiceLine = z.strictObject({
  description: z.string(),
  price: minorUnits,
  reduction: minorUnits,
  total: minorUnits,
});
