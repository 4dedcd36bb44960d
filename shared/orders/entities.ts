import { assertMinorUnits, type Entity } from "#shared/entity";
import type { ItemRange } from "#shared/entity/reads";
import type { PaymentMethod } from "#shared/orders/payment-methods";

/**
 * Orders, promo codes and free offers. Keys:
 * - Order           `ORG#<orgId>` / `ORDER#<orderId>`
 * - PromoCode       `PROMO#<CODE>` / `PROMO`
 * - PromoRedemption `PROMO#<CODE>` / `REDEMPTION#<orderId>` (one per order: a code reduces one line of a cart)
 * - FreeOffer       `ORG#<orgId>` / `FREE_OFFER#<freeOfferId>`
 */

type Currency = "CHF" | "EUR";

export interface OrderLine {
  productId: string;
  productKind: string;
  name: string;
  price: number;
  reduction: number;
  total: number;
  promoCode?: string;
  freeOfferId?: string;
}

export interface Order {
  orgId: string;
  orderId: string;
  placedBy: string;
  paymentMethod: PaymentMethod;
  /** R-P5: the extra billing address the order named (its invoice keeps a copy). */
  billingAddressId?: string;
  currency: Currency;
  lines: OrderLine[];
  total: number;
  invoiceId: string;
  createdAt: string;
}
export const Order: Entity<Order, Pick<Order, "orgId" | "orderId">> = {
  name: "order",
  key: ({ orgId, orderId }) => ({ pk: `ORG#${orgId}`, sk: `ORDER#${orderId}` }),
  validate: (order) => {
    assertMinorUnits(order, ["total"]);
    for (const line of order.lines ?? []) assertMinorUnits(line, ["price", "reduction", "total"]);
  },
};

/**
 * A promo code (R-P2): a percent or an amount (in one currency) off one matching line,
 * optionally limited to product kinds, to a date (`validUntil`: not `expiresAt`, which is the
 * table's TTL and would delete the code) and to a number of redemptions, counted in
 * `redemptions` in the same transaction as each order that uses it.
 */
export interface PromoCode {
  code: string;
  percentOff?: number;
  amountOff?: number;
  currency?: Currency;
  productKinds?: string[];
  validUntil?: string;
  maxRedemptions?: number;
  redemptions: number;
  createdAt: string;
}
export const PromoCode: Entity<PromoCode, Pick<PromoCode, "code">> = {
  name: "promoCode",
  key: ({ code }) => ({ pk: `PROMO#${code}`, sk: "PROMO" }),
  validate: (promo) => assertMinorUnits(promo, ["amountOff"]),
};

/** Which order redeemed a code, on which line, for how much: written with the redemption. */
export interface PromoRedemption {
  code: string;
  orderId: string;
  orgId: string;
  line: number;
  reduction: number;
  currency: Currency;
  redeemedAt: string;
}
export const PromoRedemption: Entity<PromoRedemption, Pick<PromoRedemption, "code" | "orderId">> = {
  name: "promoRedemption",
  key: ({ code, orderId }) => ({ pk: `PROMO#${code}`, sk: `REDEMPTION#${orderId}` }),
  validate: (redemption) => assertMinorUnits(redemption, ["reduction"]),
};

/** R-P3: granted by support to one organization for one product kind; used once (`usedAt`). */
export interface FreeOffer {
  orgId: string;
  freeOfferId: string;
  productKind: string;
  grantedAt: string;
  usedAt?: string;
  orderId?: string;
}
export const FreeOffer: Entity<FreeOffer, Pick<FreeOffer, "orgId" | "freeOfferId">> = {
  name: "freeOffer",
  key: ({ orgId, freeOfferId }) => ({ pk: `ORG#${orgId}`, sk: `FREE_OFFER#${freeOfferId}` }),
};
export const freeOffersOf = (orgId: string): ItemRange => ({
  partition: `ORG#${orgId}`,
  beginsWith: "FREE_OFFER#",
});
