import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  divideRoundHalfUp,
  lineReduction,
  PricingError,
  type PricingLine,
  priceCart,
  type Reduction,
} from "#shared/orders/pricing";
import { fuzzSeed } from "#test/support/seed";

/**
 * Every property runs on one seed, printed first (random, or `FUZZ_SEED`): a failure is replayed
 * with `FUZZ_SEED=<seed> npx vitest run test/unit/pricing.property.test.ts`.
 */
const seed = fuzzSeed(import.meta.filename);

const currency = fc.constantFrom("CHF" as const, "EUR" as const);
/** Prices up to 10 million in minor units: far above the catalog, well inside safe integers. */
const price = fc.integer({ min: 0, max: 1_000_000_000 });
const reductionIn = (cartCurrency: "CHF" | "EUR"): fc.Arbitrary<Reduction | undefined> =>
  fc.oneof(
    fc.constant(undefined),
    fc.constant({ type: "free" as const }),
    fc.integer({ min: 1, max: 100 }).map((percentOff) => ({ type: "percent" as const, percentOff })),
    fc
      .integer({ min: 0, max: 2_000_000_000 })
      .map((amountOff) => ({ type: "amount" as const, amountOff, currency: cartCurrency })),
  );
const cart = currency.chain((cartCurrency) =>
  fc.record({
    currency: fc.constant(cartCurrency),
    lines: fc.array(fc.record({ price, reduction: reductionIn(cartCurrency) }) as fc.Arbitrary<PricingLine>, {
      maxLength: 20,
    }),
  }),
);

describe("cart pricing (R-$1, R-P2, R-P3)", () => {
  it("R-$1 totals the line totals, in integers of the cart's currency", () => {
    fc.assert(
      fc.property(cart, ({ currency: cartCurrency, lines }) => {
        const priced = priceCart(cartCurrency, lines);
        expect(priced.currency).toBe(cartCurrency);
        expect(priced.lines).toHaveLength(lines.length);
        expect(priced.total).toBe(priced.lines.reduce((sum, line) => sum + line.total, 0));
        for (const line of priced.lines) {
          expect(Number.isSafeInteger(line.price)).toBe(true);
          expect(Number.isSafeInteger(line.reduction)).toBe(true);
          expect(line.total).toBe(line.price - line.reduction);
        }
      }),
      { seed },
    );
  });

  it("R-P2 never reduces a line by more than its price, nor below zero", () => {
    fc.assert(
      fc.property(cart, ({ currency: cartCurrency, lines }) => {
        const priced = priceCart(cartCurrency, lines);
        priced.lines.forEach((line, index) => {
          expect(line.price).toBe(lines[index]?.price);
          expect(line.reduction).toBeGreaterThanOrEqual(0);
          expect(line.reduction).toBeLessThanOrEqual(line.price);
          expect(line.total).toBeGreaterThanOrEqual(0);
        });
        expect(priced.total).toBeGreaterThanOrEqual(0);
        expect(priced.total).toBeLessThanOrEqual(lines.reduce((sum, line) => sum + line.price, 0));
      }),
      { seed },
    );
  });

  it("R-P3 a free offer and a 100 % code make the line free; no reduction changes nothing", () => {
    fc.assert(
      fc.property(currency, price, (cartCurrency, linePrice) => {
        expect(lineReduction(linePrice, { type: "free" }, cartCurrency)).toBe(linePrice);
        expect(lineReduction(linePrice, { type: "percent", percentOff: 100 }, cartCurrency)).toBe(linePrice);
        expect(lineReduction(linePrice, undefined, cartCurrency)).toBe(0);
      }),
      { seed },
    );
  });

  it("R-P2 rounds a percent reduction half up to the minor unit: the exact value is at most half a unit away", () => {
    fc.assert(
      fc.property(
        currency,
        price,
        fc.integer({ min: 1, max: 100 }),
        (cartCurrency, linePrice, percentOff) => {
          const reduction = lineReduction(linePrice, { type: "percent", percentOff }, cartCurrency);
          // |reduction - price × percent / 100| ≤ 1/2, in integers: |100 × reduction - price × percent| ≤ 50,
          // and a tie (exactly 50) is rounded up, in the customer's favour.
          const difference = 100 * reduction - linePrice * percentOff;
          expect(difference).toBeGreaterThan(-50);
          expect(difference).toBeLessThanOrEqual(50);
        },
      ),
      { seed },
    );
    expect(lineReduction(1_050, { type: "percent", percentOff: 5 }, "CHF")).toBe(53); // 52.5 → 53
    expect(lineReduction(1_049, { type: "percent", percentOff: 5 }, "CHF")).toBe(52); // 52.45 → 52
  });

  it("R-P2 caps an amount reduction at the price", () => {
    fc.assert(
      fc.property(
        currency,
        price,
        fc.integer({ min: 0, max: 2_000_000_000 }),
        (cartCurrency, linePrice, amountOff) => {
          expect(
            lineReduction(linePrice, { type: "amount", amountOff, currency: cartCurrency }, cartCurrency),
          ).toBe(Math.min(amountOff, linePrice));
        },
      ),
      { seed },
    );
  });

  it("R-$1 refuses an amount reduction in another currency and amounts that are not whole minor units", () => {
    expect(() =>
      priceCart("CHF", [{ price: 1_000, reduction: { type: "amount", amountOff: 100, currency: "EUR" } }]),
    ).toThrow(PricingError);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noInteger: true, noNaN: true, min: -1e9, max: 1e9 }),
          fc.integer({ max: -1 }),
          fc.constant(Number.NaN),
        ),
        (bad) => {
          expect(() => priceCart("EUR", [{ price: bad }])).toThrow(PricingError);
        },
      ),
      { seed },
    );
    expect(() => lineReduction(100, { type: "percent", percentOff: 101 }, "CHF")).toThrow(PricingError);
    expect(() => lineReduction(100, { type: "percent", percentOff: 2.5 }, "CHF")).toThrow(PricingError);
  });

  it("divides with half-up rounding exactly, without floating point", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 1, max: 1_000 }),
        (n, d) => {
          const q = divideRoundHalfUp(n, d);
          const exact = (BigInt(n) * 2n + BigInt(d)) / (2n * BigInt(d));
          expect(BigInt(q)).toBe(exact);
        },
      ),
      { seed },
    );
  });
});
