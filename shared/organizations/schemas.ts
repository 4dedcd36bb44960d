import { z } from "zod";

export const organizationTypes = ["individual", "association", "company"] as const;

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
