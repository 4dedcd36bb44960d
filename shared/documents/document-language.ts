import * as z from "zod/mini";
import { defaultLanguage, isLanguage, type Language, languages } from "#shared/i18n/languages";

/**
 * Which language an invoice document is rendered in (R-L2): the one the request asks for
 * (`?language=`), else the organization's billing language, else English (an organization
 * created before languages). An archived invoice (R-D7) reads the billing language the
 * organization had when it was deleted, which the archive keeps: the language of the last
 * documents it received, as no organization is left to ask.
 */
export const documentLanguage = (
  requested: Language | undefined,
  billingLanguage: Language | undefined,
): Language => requested ?? billingLanguage ?? defaultLanguage;

/** The query of the document routes: `?language=fr|de|it|en`; anything else answers 400 VALIDATION_FAILED. */
export const documentQuery = /* @__PURE__ */ z.strictObject({
  language: z.optional(z.enum(languages)),
});

/**
 * The language of the invoice documents a mail attaches: the organization's billing language
 * when the mail was written (`documentLanguage` of its data, shared/billing/invoices.ts), not
 * the reader's, which the mail's own words follow.
 */
export const attachedDocumentLanguage = (data: Record<string, unknown> | undefined): Language =>
  isLanguage(data?.documentLanguage) ? data.documentLanguage : defaultLanguage;
