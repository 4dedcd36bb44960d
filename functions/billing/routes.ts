import * as z from "zod/mini";
import {
  freeOfferListResponse,
  invoiceDocumentResponse,
  invoiceListResponse,
  invoiceMailingResponse,
  invoicePaymentResponse,
  placedOrderResponse,
  prepaidAccountResponse,
  quoteResponse,
  topUpResponse,
  withdrawalResponse,
} from "#functions/billing/responses";
import { minorUnitsMeta } from "#shared/api/responses";
import { ibanSchema } from "#shared/billing/iban";
import { documentQuery } from "#shared/documents/document-language";
import { orderBodySchema } from "#shared/orders/schemas";
import { route } from "#shared/route-types";

/** The largest single top-up or withdrawal: 100 000.00 in minor units. */
export const maxMoneyMovement = 10_000_000;
const amount = z
  .number()
  .check(
    z.int("Amounts are integers in minor units."),
    z.gte(1),
    z.lte(maxMoneyMovement),
    z.meta(minorUnitsMeta),
  );
/** POSTs that act on the path alone accept no body or an empty one. */
const noBody = z.optional(z.strictObject({}));

export const quoteOrderRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/organizations/{orgId}/orders/quote",
  handler: "functions/billing/quote-order.ts",
  auth: "user",
  summary: "Price a cart with its promo codes and free offers; writes nothing",
  successStatus: 200,
  response: quoteResponse,
  body: orderBodySchema,
  access: { table: "read" },
});

export const placeOrderRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/organizations/{orgId}/orders",
  handler: "functions/billing/place-order.ts",
  auth: "user",
  summary: "Order a cart: its products and its invoice, paid by prepaid balance, card or invoice",
  successStatus: 201,
  response: placedOrderResponse,
  body: orderBodySchema,
  access: { table: "readWrite" },
});

export const listInvoicesRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/organizations/{orgId}/invoices",
  handler: "functions/billing/list-invoices.ts",
  auth: "user",
  summary: "The organization's invoices with their status (billing rights)",
  successStatus: 200,
  response: invoiceListResponse,
  access: { table: "read" },
});

export const invoiceDocumentRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/organizations/{orgId}/invoices/{invoiceId}/document",
  handler: "functions/billing/get-invoice-document.ts",
  auth: "user",
  summary:
    "The invoice as a PDF document (application/pdf); an open invoice carries a Swiss QR-bill payment part (billing rights)",
  successStatus: 200,
  response: invoiceDocumentResponse,
  // R-L2: the organization's billing language unless `?language=` asks for another.
  query: documentQuery,
  access: { table: "read", invoiceDocuments: true },
});

export const payInvoiceRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/organizations/{orgId}/invoices/{invoiceId}/payments",
  handler: "functions/billing/pay-invoice.ts",
  auth: "user",
  summary: "Pay an open invoice from the prepaid balance, in one atomic step",
  successStatus: 200,
  response: invoicePaymentResponse,
  body: noBody,
  access: { table: "readWrite" },
});

export const emailInvoicesRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/organizations/{orgId}/invoices/emails",
  handler: "functions/billing/email-invoices.ts",
  auth: "user",
  summary: "Mail the paid invoices to the caller, each attached as its PDF document",
  successStatus: 202,
  response: invoiceMailingResponse,
  body: noBody,
  access: { table: "readWrite" },
});

export const getPrepaidAccountRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/organizations/{orgId}/prepaid-account",
  handler: "functions/billing/get-prepaid-account.ts",
  auth: "user",
  summary: "The prepaid balance, its ledger (paged) and the withdrawals",
  successStatus: 200,
  response: prepaidAccountResponse,
  query: z.strictObject({
    limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(500))),
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  }),
  access: { table: "read" },
});

export const topUpRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/organizations/{orgId}/prepaid-account/top-ups",
  handler: "functions/billing/top-up.ts",
  auth: "user",
  freshSession: true,
  summary: "Credit the prepaid balance through the payment port",
  successStatus: 201,
  response: topUpResponse,
  body: z.strictObject({ amount }),
  access: { table: "readWrite" },
});

export const withdrawRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/organizations/{orgId}/prepaid-account/withdrawals",
  handler: "functions/billing/withdraw.ts",
  auth: "user",
  freshSession: true,
  summary: "Refund the prepaid balance (all of it when no amount is given) to an IBAN, exactly once",
  successStatus: 202,
  response: withdrawalResponse,
  body: z.strictObject({ amount: z.optional(amount), iban: ibanSchema }),
  access: { table: "readWrite" },
});

export const retryPayoutRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/organizations/{orgId}/prepaid-account/withdrawals/{withdrawalId}/payouts",
  handler: "functions/billing/retry-payout.ts",
  auth: "user",
  freshSession: true,
  summary: "Retry the payout of a withdrawal left requested by a failed payout; pays out once",
  successStatus: 202,
  response: withdrawalResponse,
  body: noBody,
  access: { table: "readWrite" },
});

export const listFreeOffersRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/organizations/{orgId}/free-offers",
  handler: "functions/billing/list-free-offers.ts",
  auth: "user",
  summary:
    "The free offers granted to the organization and not used yet, to pick one when ordering (billing rights)",
  successStatus: 200,
  response: freeOfferListResponse,
  access: { table: "read" },
});

export const billingRoutes = [
  quoteOrderRoute,
  placeOrderRoute,
  listInvoicesRoute,
  invoiceDocumentRoute,
  payInvoiceRoute,
  emailInvoicesRoute,
  getPrepaidAccountRoute,
  topUpRoute,
  withdrawRoute,
  retryPayoutRoute,
  listFreeOffersRoute,
];
