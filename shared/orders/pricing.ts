import type { Currency } from "#shared/currency";

/**
 * The pricing of a cart, pure: no I/O, no clock, integers only (R-$1). The order and the quote
 * both price through it, so a quote is exactly what the order will charge.
 *
 * Rules:
 * - every line is priced in the cart's currency; an amount reduction in another currency is
 *   refused (the caller turns that into PROMO_CODE_NOT_APPLICABLE before pricing);
 * - a percent reduction is `price × percentOff / 100` rounded half up to the minor unit
 *   (a 1-centime tie goes to the customer); 100 % is the whole price;
 * - an amount reduction never exceeds the line's price (no negative line, no credit carried
 *   over to other lines);
 * - a free offer reduces the line by its whole price;
 * - a line total is its price minus its reduction; the cart total is the sum of line totals.
 */
export type Reduction =
  | { type: "percent"; percentOff: number }
  | { type: "amount"; amountOff: number; currency: Currency }
  | { type: "free" };

export interface PricingLine {
  /** Catalog price of the line in the cart's currency, minor units. */
  price: number;
  reduction?: Reduction | undefined;
}

export interface PricedLine {
  price: number;
  reduction: number;
  total: number;
}

export interface PricedCart {
  currency: Currency;
  lines: PricedLine[];
  total: number;
}

export class PricingError extends Error {
  override name = "PricingError";
}

const assertMinorUnits = (value: number, what: string) => {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new PricingError(`${what} must be a non-negative integer amount of minor units, got ${value}`);
  }
};

/** `numerator / denominator` rounded half up, for non-negative integers, without floating point. */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  const remainder = numerator % denominator;
  const quotient = (numerator - remainder) / denominator;
  return remainder * 2 >= denominator ? quotient + 1 : quotient;
}

/** The reduction of one line, in minor units, never more than its price. */
export function lineReduction(price: number, reduction: Reduction | undefined, currency: Currency): number {
  assertMinorUnits(price, "price");
  if (!reduction) return 0;
  switch (reduction.type) {
    case "free":
      return price;
    case "percent": {
      const { percentOff } = reduction;
      if (!Number.isInteger(percentOff) || percentOff < 1 || percentOff > 100) {
        throw new PricingError(`percentOff must be an integer from 1 to 100, got ${percentOff}`);
      }
      return divideRoundHalfUp(price * percentOff, 100);
    }
    case "amount":
      assertMinorUnits(reduction.amountOff, "amountOff");
      if (reduction.currency !== currency) {
        throw new PricingError(
          `an amount reduction in ${reduction.currency} cannot apply to a ${currency} cart`,
        );
      }
      return Math.min(reduction.amountOff, price);
  }
}

export function priceCart(currency: Currency, lines: readonly PricingLine[]): PricedCart {
  const priced = lines.map(({ price, reduction }) => {
    const reduced = lineReduction(price, reduction, currency);
    return { price, reduction: reduced, total: price - reduced };
  });
  const total = priced.reduce((sum, line) => sum + line.total, 0);
  if (!Number.isSafeInteger(total)) throw new PricingError("the cart total is too large");
  return { currency, lines: priced, total };
}
