import * as z from "zod/mini";
import { currencies, productKinds } from "#shared/catalog/catalog";
import { promoCodeSchema } from "#shared/orders/schemas";
import { route } from "#shared/route-types";

export const createPromoCodeBody = z
  .strictObject({
    code: promoCodeSchema,
    percentOff: z.optional(z.number().check(z.int(), z.gte(1), z.lte(100))),
    /** Minor units of `currency`. */
    amountOff: z.optional(
      z.number().check(z.int("Amounts are integers in minor units."), z.gte(1), z.lte(10_000_000)),
    ),
    currency: z.optional(z.enum(currencies)),
    productKinds: z.optional(
      z.array(z.enum(productKinds)).check(z.minLength(1), z.maxLength(productKinds.length)),
    ),
    expiresAt: z.optional(z.iso.datetime({ offset: true })),
    maxRedemptions: z.optional(z.number().check(z.int(), z.gte(1), z.lte(10_000_000))),
  })
  .check(
    z.superRefine((body, context) => {
      const issue = (path: string, message: string) =>
        context.addIssue({ code: "custom", path: [path], message });
      if ((body.percentOff === undefined) === (body.amountOff === undefined)) {
        issue("percentOff", "Give either percentOff or amountOff.");
      }
      if (body.amountOff !== undefined && body.currency === undefined) {
        issue("currency", "An amountOff needs its currency.");
      }
      if (body.amountOff === undefined && body.currency !== undefined) {
        issue("currency", "A currency goes with an amountOff only.");
      }
      if (body.expiresAt !== undefined && Date.parse(body.expiresAt) <= Date.now()) {
        issue("expiresAt", "The expiry must be in the future.");
      }
    }),
  );

export const createPromoCodeRoute = route({
  method: "POST",
  path: "/v1/operator/promo-codes",
  handler: "functions/operator/create-promo-code.ts",
  auth: "operator",
  summary: "Create a promo code: percent or amount off, product kinds, expiry, redemption limit",
  successStatus: 201,
  body: createPromoCodeBody,
  access: { table: "readWrite" },
});

export const grantFreeOfferRoute = route({
  method: "POST",
  path: "/v1/operator/organizations/{orgId}/free-offers",
  handler: "functions/operator/grant-free-offer.ts",
  auth: "operator",
  summary: "Grant an organization a free offer for one product kind",
  successStatus: 201,
  body: z.strictObject({ productKind: z.enum(productKinds) }),
  access: { table: "readWrite" },
});

export const readArchiveRoute = route({
  method: "GET",
  path: "/v1/operator/archive/organizations/{orgId}",
  handler: "functions/operator/read-archive.ts",
  auth: "operator",
  summary:
    "A deleted organization's archive (R-D7): the organization at its deletion, its invoices and its ledger",
  successStatus: 200,
  access: { table: "read" },
});

export const operatorRoutes = [createPromoCodeRoute, grantFreeOfferRoute, readArchiveRoute];
