import type { Currency } from "#shared/currency";
import { type Message, message } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import type { FreeOffer, PromoCode } from "#shared/orders/entities";
import type { Reduction } from "#shared/orders/pricing";

export type PromoCodeRecord = PromoCode;
export type FreeOfferRecord = FreeOffer;

export type RefusalCode = "PROMO_CODE_INVALID" | "PROMO_CODE_NOT_APPLICABLE" | "FREE_OFFER_NOT_APPLICABLE";

/** R-P4: why a line's code or offer is refused; `line` is the 0-based index in `lines`. */
export interface Refusal {
  line: number;
  code: RefusalCode;
  reason:
    | "unknown"
    | "expired"
    | "exhausted"
    | "wrong_product_kind"
    | "wrong_currency"
    | "already_in_cart"
    | "not_granted_to_organization"
    | "used";
  /** Why, in the language of the answer (R-L3). */
  detail: Message;
}

export interface CartLine {
  productKind: string;
  promoCode?: string | undefined;
  freeOfferId?: string | undefined;
}

export interface AppliedReduction {
  reduction?: Reduction;
  promoCode?: PromoCodeRecord;
  freeOffer?: FreeOfferRecord;
}

export const isCodeExpired = (code: { validUntil?: string | undefined }, now: Date) =>
  code.validUntil !== undefined && code.validUntil <= now.toISOString();

export const isCodeExhausted = (code: { redemptions: number; maxRedemptions?: number | undefined }) =>
  code.maxRedemptions !== undefined && code.redemptions >= code.maxRedemptions;

/**
 * Decides, line by line, which reduction each line gets (R-P2, R-P3) or why not (R-P4).
 * Pure: the codes and offers are read beforehand, `now` is given. A code reduces one line
 * of a cart: the same code on a second line is refused, and so is an offer used twice.
 */
export function applyReductions(input: {
  lines: readonly CartLine[];
  currency: Currency;
  promoCodes: ReadonlyMap<string, PromoCodeRecord>;
  freeOffers: ReadonlyMap<string, FreeOfferRecord>;
  now: Date;
}): { applied: AppliedReduction[]; refusals: Refusal[] } {
  const refusals: Refusal[] = [];
  const codesInCart = new Set<string>();
  const offersInCart = new Set<string>();
  const applied = input.lines.map((line, index): AppliedReduction => {
    const refuse = (code: RefusalCode, reason: Refusal["reason"], detail: Message) => {
      refusals.push({ line: index, code, reason, detail });
      return {};
    };
    if (line.promoCode !== undefined) {
      const promo = input.promoCodes.get(line.promoCode);
      if (!promo)
        return refuse(
          "PROMO_CODE_INVALID",
          "unknown",
          message(texts.promoCodeUnknown, { code: line.promoCode }),
        );
      if (isCodeExpired(promo, input.now)) {
        return refuse("PROMO_CODE_INVALID", "expired", message(texts.promoCodeExpired, { code: promo.code }));
      }
      if (isCodeExhausted(promo)) {
        return refuse(
          "PROMO_CODE_INVALID",
          "exhausted",
          message(texts.promoCodeExhausted, { code: promo.code }),
        );
      }
      if (promo.productKinds?.length && !promo.productKinds.includes(line.productKind)) {
        return refuse(
          "PROMO_CODE_NOT_APPLICABLE",
          "wrong_product_kind",
          message(texts.promoCodeWrongKind, {
            code: promo.code,
            kinds: promo.productKinds,
            kind: line.productKind,
          }),
        );
      }
      if (promo.amountOff !== undefined && promo.currency !== input.currency) {
        return refuse(
          "PROMO_CODE_NOT_APPLICABLE",
          "wrong_currency",
          message(texts.promoCodeWrongCurrency, {
            code: promo.code,
            codeCurrency: promo.currency ?? "",
            currency: input.currency,
          }),
        );
      }
      if (codesInCart.has(promo.code)) {
        return refuse(
          "PROMO_CODE_NOT_APPLICABLE",
          "already_in_cart",
          message(texts.promoCodeAlreadyInCart, { code: promo.code }),
        );
      }
      codesInCart.add(promo.code);
      const reduction: Reduction =
        promo.percentOff !== undefined
          ? { type: "percent", percentOff: promo.percentOff }
          : { type: "amount", amountOff: promo.amountOff ?? 0, currency: input.currency };
      return { reduction, promoCode: promo };
    }
    if (line.freeOfferId !== undefined) {
      const offer = input.freeOffers.get(line.freeOfferId);
      // An offer of another organization is answered like an unknown one: it does not exist here.
      if (!offer) {
        return refuse(
          "FREE_OFFER_NOT_APPLICABLE",
          "not_granted_to_organization",
          message(texts.freeOfferNotGranted),
        );
      }
      if (offer.productKind !== line.productKind) {
        return refuse(
          "FREE_OFFER_NOT_APPLICABLE",
          "wrong_product_kind",
          message(texts.freeOfferWrongKind, { offerKind: offer.productKind, kind: line.productKind }),
        );
      }
      if (offer.usedAt !== undefined) {
        return refuse("FREE_OFFER_NOT_APPLICABLE", "used", message(texts.freeOfferUsed));
      }
      if (offersInCart.has(offer.freeOfferId)) {
        return refuse("FREE_OFFER_NOT_APPLICABLE", "already_in_cart", message(texts.freeOfferAlreadyInCart));
      }
      offersInCart.add(offer.freeOfferId);
      return { reduction: { type: "free" }, freeOffer: offer };
    }
    return {};
  });
  return { applied, refusals };
}
