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
/** Money is integer minor units (R-$1). */
export const minorUnits = z.int();
export const currency = z.enum(["CHF", "EUR"]);
/** An amount with its currency. */
export const money = z.strictObject({ amount: minorUnits, currency });
/** The opaque cursor of the next page, absent on the last. */
export const nextCursor = z.optional(z.string());
