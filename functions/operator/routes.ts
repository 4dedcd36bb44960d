import { z } from "zod";
import { route } from "#functions/route-types";
import { currencies, productKinds } from "#shared/catalog/catalog";
import { promoCodeSchema } from "#shared/orders/schemas";

export const createPromoCodeBody = z
  .strictObject({
    code: promoCodeSchema,
    percentOff: z.number().int().min(1).max(100).optional(),
    /** Minor units of `currency`. */
    amountOff: z.number().int("Amounts are integers in minor units.").min(1).max(10_000_000).optional(),
    currency: z.enum(currencies).optional(),
    productKinds: z.array(z.enum(productKinds)).min(1).max(productKinds.length).optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    maxRedemptions: z.number().int().min(1).max(10_000_000).optional(),
  })
  .superRefine((body, context) => {
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
  });

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

export const operatorRoutes = [createPromoCodeRoute, grantFreeOfferRoute];
