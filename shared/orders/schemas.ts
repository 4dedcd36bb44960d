import * as z from "zod/mini";
import { productKinds } from "#shared/catalog/catalog";
import { issueMessage } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import { paymentMethods } from "#shared/orders/payment-methods";
import { humanText } from "#shared/text";

/** Codes are compared case-insensitively, stored upper case. */
export const promoCodeSchema = z
  .string()
  .check(
    z.trim(),
    z.toUpperCase(),
    z.regex(/^[A-Z0-9_-]{3,32}$/, "A promo code has 3 to 32 letters, digits, - or _."),
  );

export const maxOrderLines = 20;

export const orderLineSchema = z
  .strictObject({
    productKind: z.enum(productKinds),
    /** What the customer calls the product, e.g. a domain name. */
    name: humanText(200),
    promoCode: z.optional(promoCodeSchema),
    freeOfferId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  })
  .check(
    z.refine((line) => !(line.promoCode && line.freeOfferId), {
      params: issueMessage(texts.orderLineCodeOrOffer),
      path: ["freeOfferId"],
    }),
  );

/**
 * OrderBody of API.md, for orders, quotes and the first order at sign-up. The payment method
 * is required and validated with the rest of the body, before any code or offer is looked at
 * (R-P1): a cart without one is refused whole, so no code is applied to an unpaid cart.
 */
export const orderBodySchema = z.strictObject({
  paymentMethod: z.enum(paymentMethods),
  /** R-P5: one of the organization's extra billing addresses, copied onto the invoice; else its postal address. */
  billingAddressId: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(64))),
  lines: z.array(orderLineSchema).check(z.minLength(1), z.maxLength(maxOrderLines)),
});

export type OrderBody = z.infer<typeof orderBodySchema>;
