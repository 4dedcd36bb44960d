import { z } from "zod";

export const organizationTypes = ["individual", "association", "company"] as const;

/** Membership roles (R-M1). */
export const roles = ["legal_representative", "administrator", "user"] as const;

/** The kinds of data a member can hold in an organization (R-M4). */
export const memberDataKinds = ["drive", "mailboxAccess", "calendars", "addressBooks"] as const;
export type MemberDataKind = (typeof memberDataKinds)[number];

export const countrySchema = z
  .string()
  .regex(/^[A-Za-z]{2}$/, "Use an ISO 3166-1 alpha-2 country code.")
  .transform((country) => country.toUpperCase());

export const postalAddressSchema = z.strictObject({
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).optional(),
  postalCode: z.string().trim().min(1).max(20),
  city: z.string().trim().min(1).max(100),
  country: countrySchema,
});

export const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()./-]{6,25}$/, "Not a valid phone number.");

export const organizationInputSchema = z
  .strictObject({
    type: z.enum(organizationTypes),
    name: z.string().trim().min(1).max(200).optional(),
    postalAddress: postalAddressSchema,
    phone: phoneSchema.optional(),
  })
  .refine((organization) => organization.type === "individual" || organization.name !== undefined, {
    message: "A name is required unless the organization is an individual.",
    path: ["name"],
  });

export type OrganizationInput = z.infer<typeof organizationInputSchema>;

/**
 * PATCH /v1/organizations/{orgId}: any of the details R-O4 names (the logo has its own
 * route). `phone: null` removes the phone number. The name of an individual's
 * organization is not sent: it is its person's (R-O2), see `updateOrganization`.
 */
export const organizationPatchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    type: z.enum(organizationTypes).optional(),
    postalAddress: postalAddressSchema.optional(),
    phone: phoneSchema.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, {
    message: "Send at least one of name, type, postalAddress, phone.",
  });

export type OrganizationPatch = z.infer<typeof organizationPatchSchema>;

/** An extra billing address (R-O5). */
export const billingAddressSchema = z.strictObject({
  recipient: z.string().trim().min(1).max(200).optional(),
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).optional(),
  postalCode: z.string().trim().min(1).max(20),
  city: z.string().trim().min(1).max(100),
  country: countrySchema,
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email({ message: "Not a valid email address." }))
    .optional(),
});

export type BillingAddressInput = z.infer<typeof billingAddressSchema>;

/** Newest first, a page at a time. */
export const auditQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().min(1).max(2048).optional(),
});
