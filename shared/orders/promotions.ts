import { auditAction, orgScope, type RequestOrigin } from "#shared/audit";
import { Organization } from "#shared/entities";
import { getItem, queryAll } from "#shared/entity/reads";
import { transact } from "#shared/entity/transactions";
import { createItem } from "#shared/entity/writes";
import { errors } from "#shared/errors";
import { message } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import { FreeOffer, freeOffersOf, PromoCode } from "#shared/orders/entities";
import { newId } from "#shared/tokens";

export type PromoCodeInput = {
  code: string;
  percentOff?: number | undefined;
  amountOff?: number | undefined;
  currency?: "CHF" | "EUR" | undefined;
  productKinds?: string[] | undefined;
  expiresAt?: string | undefined;
  maxRedemptions?: number | undefined;
};

export const promoCodeView = (promo: PromoCode) => ({
  code: promo.code,
  percentOff: promo.percentOff,
  amountOff: promo.amountOff,
  currency: promo.currency,
  productKinds: promo.productKinds,
  expiresAt: promo.validUntil,
  maxRedemptions: promo.maxRedemptions,
  redemptions: promo.redemptions,
  createdAt: promo.createdAt,
});

/** An operator creates a code (R-P2); a code is unique: a second one with the same name is 409. */
export async function createPromoCode(input: PromoCodeInput, origin: RequestOrigin) {
  const promo = {
    code: input.code,
    ...(input.percentOff !== undefined ? { percentOff: input.percentOff } : {}),
    ...(input.amountOff !== undefined ? { amountOff: input.amountOff, currency: input.currency } : {}),
    ...(input.productKinds?.length ? { productKinds: [...new Set(input.productKinds)] } : {}),
    // Stored as `validUntil`: `expiresAt` is the table's TTL attribute and would delete the code.
    ...(input.expiresAt ? { validUntil: new Date(input.expiresAt).toISOString() } : {}),
    ...(input.maxRedemptions !== undefined ? { maxRedemptions: input.maxRedemptions } : {}),
    redemptions: 0,
    createdAt: new Date().toISOString(),
  };
  await transact([
    createItem(PromoCode, promo, {
      fails: () => errors.of(409, "PROMO_CODE_EXISTS", message(texts.promoCodeExists, { code: input.code })),
    }),
    auditAction(`PROMO#${promo.code}`, "promo_code.created", undefined, origin, { by: "operator" }),
  ]);
  return promo;
}

/** Support grants an organization one free product of a kind (R-P3). */
export async function grantFreeOffer(orgId: string, productKind: string, origin: RequestOrigin) {
  const organization = await getItem(Organization, { orgId });
  if (!organization) throw errors.notFound(texts.organizationNotFound);
  const offer = { orgId, freeOfferId: newId(), productKind, grantedAt: new Date().toISOString() };
  await transact([
    createItem(FreeOffer, offer),
    auditAction(orgScope(orgId), "free_offer.granted", undefined, origin, {
      freeOfferId: offer.freeOfferId,
      productKind,
      by: "operator",
    }),
  ]);
  return offer;
}

export const freeOfferView = (offer: FreeOffer) => ({
  freeOfferId: offer.freeOfferId,
  productKind: offer.productKind,
  grantedAt: offer.grantedAt,
});

/**
 * R-P5: the free offers granted to the organization and not used yet, oldest first, so that
 * one can be picked for a line of an order (R-P3). Read consistently: an offer used by an
 * order a moment ago is no longer listed.
 */
export async function listUnusedFreeOffers(orgId: string) {
  const offers = await queryAll(FreeOffer, freeOffersOf(orgId), { consistent: true });
  return offers
    .filter((offer) => offer.usedAt === undefined)
    .sort((a, b) => (a.grantedAt < b.grantedAt ? -1 : a.grantedAt > b.grantedAt ? 1 : 0))
    .map(freeOfferView);
}
