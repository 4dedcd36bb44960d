import { Entity } from "electrodb";
import { entityConfig, key, minorUnits, model } from "#shared/entity-model";
import { paymentMethods } from "#shared/orders/payment-methods";

/**
 * Orders, promo codes and free offers. Keys (docs in the report of issue 5):
 * - Order          `ORG#<orgId>` / `ORDER#<orderId>`
 * - PromoCode      `PROMO#<CODE>` / `PROMO`
 * - PromoRedemption `PROMO#<CODE>` / `REDEMPTION#<orderId>` (one per order: a code reduces one line of a cart)
 * - FreeOffer      `ORG#<orgId>` / `FREE_OFFER#<freeOfferId>`
 */

export const Order = new Entity(
  {
    model: model("order"),
    attributes: {
      orgId: { type: "string", required: true },
      orderId: { type: "string", required: true },
      placedBy: { type: "string", required: true },
      paymentMethod: { type: paymentMethods, required: true },
      currency: { type: ["CHF", "EUR"] as const, required: true },
      lines: {
        type: "list",
        required: true,
        items: {
          type: "map",
          properties: {
            productId: { type: "string", required: true },
            productKind: { type: "string", required: true },
            name: { type: "string", required: true },
            price: minorUnits,
            reduction: minorUnits,
            total: minorUnits,
            promoCode: { type: "string" },
            freeOfferId: { type: "string" },
          },
        },
      },
      total: minorUnits,
      invoiceId: { type: "string", required: true },
      createdAt: { type: "string", required: true },
    },
    indexes: {
      byOrg: { pk: key("pk", "ORG#${orgId}", ["orgId"]), sk: key("sk", "ORDER#${orderId}", ["orderId"]) },
    },
  },
  entityConfig,
);

/**
 * A promo code (R-P2): a percent or an amount (in one currency) off one matching line,
 * optionally limited to product kinds, to a date (`validUntil`: not `expiresAt`, which is the
 * table's TTL and would delete the code) and to a number of redemptions, counted in
 * `redemptions` in the same transaction as each order that uses it.
 */
export const PromoCode = new Entity(
  {
    model: model("promoCode"),
    attributes: {
      code: { type: "string", required: true },
      percentOff: { type: "number" },
      amountOff: { type: "number" },
      currency: { type: ["CHF", "EUR"] as const },
      productKinds: { type: "list", items: { type: "string" } },
      validUntil: { type: "string" },
      maxRedemptions: { type: "number" },
      redemptions: { type: "number", required: true },
      createdAt: { type: "string", required: true },
    },
    indexes: {
      byCode: { pk: key("pk", "PROMO#${code}", ["code"]), sk: key("sk", "PROMO", []) },
    },
  },
  entityConfig,
);

/** Which order redeemed a code, on which line, for how much: written with the redemption. */
export const PromoRedemption = new Entity(
  {
    model: model("promoRedemption"),
    attributes: {
      code: { type: "string", required: true },
      orderId: { type: "string", required: true },
      orgId: { type: "string", required: true },
      line: { type: "number", required: true },
      reduction: minorUnits,
      currency: { type: ["CHF", "EUR"] as const, required: true },
      redeemedAt: { type: "string", required: true },
    },
    indexes: {
      byCode: {
        pk: key("pk", "PROMO#${code}", ["code"]),
        sk: key("sk", "REDEMPTION#${orderId}", ["orderId"]),
      },
    },
  },
  entityConfig,
);

/** R-P3: granted by support to one organization for one product kind; used once (`usedAt`). */
export const FreeOffer = new Entity(
  {
    model: model("freeOffer"),
    attributes: {
      orgId: { type: "string", required: true },
      freeOfferId: { type: "string", required: true },
      productKind: { type: "string", required: true },
      grantedAt: { type: "string", required: true },
      usedAt: { type: "string" },
      orderId: { type: "string" },
    },
    indexes: {
      byOrg: {
        pk: key("pk", "ORG#${orgId}", ["orgId"]),
        sk: key("sk", "FREE_OFFER#${freeOfferId}", ["freeOfferId"]),
      },
    },
  },
  entityConfig,
);
