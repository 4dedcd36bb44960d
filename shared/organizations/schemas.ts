import * as z from "zod/mini";
import { organizationTypes, roles } from "#shared/entities";
import { issueMessage, withIssueMessage } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import { languages } from "#shared/i18n/languages";
import { humanText } from "#shared/text";

/** Organization types (R-O3) and membership roles (R-M1), declared with the entities. */
export { organizationTypes, roles };

/** The kinds of data a member can hold in an organization (R-M4). */
export const memberDataKinds = ["drive", "mailboxAccess", "calendars", "addressBooks"] as const;
export type MemberDataKind = (typeof memberDataKinds)[number];

export const countrySchema = z.pipe(
  z.string().check(z.regex(/^[A-Za-z]{2}$/, "Use an ISO 3166-1 alpha-2 country code.")),
  z.transform((country: string) => country.toUpperCase()),
);

/** Trimmed human-entered text of at most `max` characters, possibly empty (shared/text.ts). */
const trimmedText = (max: number) => humanText(max, 0);
/** Trimmed human-entered text of 1 to `max` characters (shared/text.ts). */
const requiredText = (max: number) => humanText(max);

export const postalAddressSchema = z.strictObject({
  line1: requiredText(200),
  line2: z.optional(trimmedText(200)),
  postalCode: requiredText(20),
  city: requiredText(100),
  country: countrySchema,
});

export const phoneSchema = humanText(25).check(
  z.regex(/^\+?[0-9 ()./-]{6,25}$/, "Not a valid phone number."),
);

export const organizationInputSchema = z
  .strictObject({
    type: z.enum(organizationTypes),
    name: z.optional(requiredText(200)),
    postalAddress: postalAddressSchema,
    phone: z.optional(phoneSchema),
  })
  .check(
    z.refine((organization) => organization.type === "individual" || organization.name !== undefined, {
      params: issueMessage(texts.organizationNameRequired),
      path: ["name"],
    }),
  );

export type OrganizationInput = z.infer<typeof organizationInputSchema>;

/**
 * PATCH /v1/organizations/{orgId}: any of the details R-O4 names, and the billing language
 * (R-L1; the logo has its own route). `phone: null` removes the phone number. The name of an individual's
 * organization is not sent: it is its person's (R-O2), see `updateOrganization`.
 */
export const organizationPatchSchema = z
  .strictObject({
    name: z.optional(requiredText(200)),
    type: z.optional(z.enum(organizationTypes)),
    postalAddress: z.optional(postalAddressSchema),
    phone: z.optional(z.nullable(phoneSchema)),
    /** R-L1: the billing language (invoices, their documents). */
    language: z.optional(z.enum(languages)),
  })
  .check(
    z.refine((patch) => Object.keys(patch).length > 0, {
      params: issueMessage(texts.organizationPatchEmpty),
    }),
  );

export type OrganizationPatch = z.infer<typeof organizationPatchSchema>;

/**
 * PUT /v1/organizations/{orgId}/logo: the logo a legal representative is about to upload, as the
 * file will be sent: its content type (image/png, image/jpeg or image/svg+xml, else 415) and its
 * exact size in bytes (at most 512 KiB, else 413). The upload URL is signed with both.
 */
export const logoUploadSchema = z.strictObject({
  contentType: z.string().check(z.minLength(1), z.maxLength(100)),
  sizeBytes: z.int().check(z.positive()),
});

/** An extra billing address (R-O5). */
export const billingAddressSchema = z.strictObject({
  recipient: z.optional(requiredText(200)),
  line1: requiredText(200),
  line2: z.optional(trimmedText(200)),
  postalCode: requiredText(20),
  city: requiredText(100),
  country: countrySchema,
  email: z.optional(z.pipe(trimmedText(254), withIssueMessage(z.email(), texts.emailNotValid))),
});

export type BillingAddressInput = z.infer<typeof billingAddressSchema>;

/** Newest first, a page at a time. */
export const auditQuerySchema = z.strictObject({
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(100))),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
});
