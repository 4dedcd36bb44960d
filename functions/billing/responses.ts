import * as z from "zod/mini";
import {
  currency,
  invoiceAddress,
  invoiceLine,
  minorUnits,
  nextCursor,
  timestamp,
} from "#shared/api/responses";
import { invoiceStatuses, ledgerKinds, withdrawalStatuses } from "#shared/billing/statuses";
import { productKinds } from "#shared/catalog/catalog";
import { paymentMethods } from "#shared/orders/payment-methods";
import type { JsonResponse, RouteResponse } from "#shared/route-types";

/**
 * The success answers of the billing routes: orders and quotes, invoices, the prepaid account,
 * withdrawals and free offers. The building blocks are exported for the other answers that
 * carry them (the first order at sign-up, the operator's archive).
 */

export const paymentMethod = z.enum(paymentMethods);
export const productKind = z.enum(productKinds);

/** `invoiceView` (shared/billing/invoices.ts): R-$4, open, paid or void. */
export const invoice = z.strictObject({
  invoiceId: z.string(),
  orderId: z.optional(z.string()),
  status: z.enum(invoiceStatuses),
  amount: minorUnits,
  currency,
  paymentMethod,
  lines: z.array(invoiceLine),
  issuedAt: timestamp,
  paidAt: z.optional(timestamp),
  paidWith: z.optional(z.enum(["prepaid", "card"])),
  /** Absent on invoices issued before the address was kept. */
  billingAddress: z.optional(invoiceAddress),
});

/** A priced line of a cart: what the quote shows and the order keeps (with its product's id). */
const pricedLineFields = {
  productKind,
  name: z.string(),
  price: minorUnits,
  reduction: minorUnits,
  total: minorUnits,
  promoCode: z.optional(z.string()),
  freeOfferId: z.optional(z.string()),
};

export const quoteLine = z.strictObject(pricedLineFields);

export const orderLine = z.strictObject({ productId: z.string(), ...pricedLineFields });

/** `orderView` (shared/orders/orders.ts). */
export const order = z.strictObject({
  orderId: z.string(),
  paymentMethod,
  billingAddressId: z.optional(z.string()),
  currency,
  lines: z.array(orderLine),
  total: minorUnits,
  invoiceId: z.string(),
  placedBy: z.string(),
  createdAt: timestamp,
});

/**
 * The card charge of a `card` order's invoice: paid (its provider id, absent when the invoice was
 * found paid already), or failed (the order stays placed, its invoice open to be paid later).
 */
export const cardPayment = z.union([
  z.strictObject({ status: z.literal("paid"), paymentId: z.optional(z.string()) }),
  z.strictObject({ status: z.literal("failed"), detail: z.string() }),
]);

/** `placedOrderView`: `payment` only for a card order whose invoice was open. */
export const placedOrder = z.strictObject({
  order,
  invoice,
  payment: z.optional(cardPayment),
});

/** `ledgerEntryView` (shared/billing/prepaid.ts): credits positive, debits negative. */
export const ledgerEntry = z.strictObject({
  entryId: z.string(),
  kind: z.enum(ledgerKinds),
  amount: minorUnits,
  currency,
  /** The invoice, withdrawal or card payment the movement belongs to. */
  reference: z.string(),
  createdAt: timestamp,
});

/** A withdrawal debited and not yet paid out, as the account lists it (IBAN masked). */
export const pendingWithdrawal = z.strictObject({
  withdrawalId: z.string(),
  status: z.literal("requested"),
  amount: minorUnits,
  currency,
  iban: z.string(),
  requestedAt: timestamp,
});

/** `withdrawalView` (shared/billing/withdrawals.ts), R-$3; the IBAN masked. */
export const withdrawal = z.strictObject({
  withdrawalId: z.string(),
  status: z.enum(withdrawalStatuses),
  amount: minorUnits,
  currency,
  iban: z.string(),
  requestedAt: timestamp,
  paidOutAt: z.optional(timestamp),
  payoutId: z.optional(z.string()),
  payoutAttempts: z.int(),
});

export const prepaidBalance = z.strictObject({ balance: minorUnits, currency });

export const freeOffer = z.strictObject({
  freeOfferId: z.string(),
  productKind,
  grantedAt: timestamp,
});

const exampleAddress = {
  name: "Muster AG",
  line1: "Bahnhofstrasse 1",
  postalCode: "8001",
  city: "Zürich",
  country: "CH",
};

const exampleInvoice = {
  invoiceId: "00mf3k2x1Qm9vR2tXb7yZ0",
  orderId: "00mf3k2wzH4kP9sLq2nB8w",
  status: "paid",
  amount: 1350,
  currency: "CHF",
  paymentMethod: "prepaid",
  lines: [
    { description: "Domain name: muster.ch (code WELCOME10)", price: 1500, reduction: 150, total: 1350 },
  ],
  issuedAt: "2026-12-01T09:00:00.000Z",
  paidAt: "2026-12-01T09:00:00.000Z",
  paidWith: "prepaid",
  billingAddress: exampleAddress,
};

const exampleLedgerEntry = {
  entryId: "00mf3k2x1Rt5uW8eYc3dA1",
  kind: "top_up",
  amount: 5000,
  currency: "CHF",
  reference: "pay_3f9a1c7e",
  createdAt: "2026-12-01T08:55:00.000Z",
};

const exampleWithdrawal = {
  withdrawalId: "00mf3k9q7Lp2sN6vXa4eB3",
  status: "paid_out",
  amount: 3650,
  currency: "CHF",
  iban: "CH** **** 3000",
  requestedAt: "2026-12-02T10:00:00.000Z",
  paidOutAt: "2026-12-02T10:00:01.000Z",
  payoutId: "po_8d2e4b1a",
  payoutAttempts: 1,
};

export const quoteResponse: JsonResponse = {
  name: "Quote",
  schema: z.strictObject({
    quote: z.strictObject({
      paymentMethod,
      currency,
      lines: z.array(quoteLine),
      total: minorUnits,
      billingAddress: invoiceAddress,
    }),
  }),
  components: { QuoteLine: quoteLine, InvoiceAddress: invoiceAddress },
  example: {
    quote: {
      paymentMethod: "card",
      currency: "CHF",
      lines: [
        {
          productKind: "domain",
          name: "muster.ch",
          price: 1500,
          reduction: 150,
          total: 1350,
          promoCode: "WELCOME10",
        },
      ],
      total: 1350,
      billingAddress: exampleAddress,
    },
  },
};

export const placedOrderResponse: JsonResponse = {
  name: "PlacedOrder",
  schema: placedOrder,
  components: {
    Order: order,
    OrderLine: orderLine,
    Invoice: invoice,
    InvoiceLine: invoiceLine,
    InvoiceAddress: invoiceAddress,
    CardPayment: cardPayment,
  },
  example: {
    order: {
      orderId: "00mf3k2wzH4kP9sLq2nB8w",
      paymentMethod: "card",
      currency: "CHF",
      lines: [
        {
          productId: "prd_7Hq2Lw9xVb",
          productKind: "domain",
          name: "muster.ch",
          price: 1500,
          reduction: 150,
          total: 1350,
          promoCode: "WELCOME10",
        },
      ],
      total: 1350,
      invoiceId: "00mf3k2x1Qm9vR2tXb7yZ0",
      placedBy: "usr_4Kd8Pq1zTm",
      createdAt: "2026-12-01T09:00:00.000Z",
    },
    invoice: { ...exampleInvoice, paymentMethod: "card", paidWith: "card" },
    payment: { status: "paid", paymentId: "pay_5b7c9d2e" },
  },
};

export const invoiceListResponse: JsonResponse = {
  name: "InvoiceList",
  schema: z.strictObject({ invoices: z.array(invoice) }),
  components: { Invoice: invoice, InvoiceLine: invoiceLine, InvoiceAddress: invoiceAddress },
  example: {
    invoices: [
      exampleInvoice,
      {
        invoiceId: "00mf1a8c2Dz7gH3jKp5sT9",
        orderId: "00mf1a8c0Vx2bN4mQw6eR1",
        status: "open",
        amount: 4900,
        currency: "CHF",
        paymentMethod: "invoice",
        lines: [{ description: "Web hosting: muster.ch", price: 4900, reduction: 0, total: 4900 }],
        issuedAt: "2026-11-15T14:30:00.000Z",
        billingAddress: {
          addressId: "adr_2Rt6Yu8IoP",
          name: "Muster AG",
          recipient: "Accounting",
          line1: "Postfach 12",
          postalCode: "3000",
          city: "Bern",
          country: "CH",
          email: "accounting@muster.ch",
        },
      },
    ],
  },
};

export const invoiceDocumentResponse: RouteResponse = {
  contentTypes: ["application/pdf"],
  description: "The invoice as a PDF document; an open invoice carries a Swiss QR-bill payment part",
};

export const invoicePaymentResponse: JsonResponse = {
  name: "InvoicePayment",
  schema: z.strictObject({ invoice }),
  components: { Invoice: invoice, InvoiceLine: invoiceLine, InvoiceAddress: invoiceAddress },
  example: { invoice: exampleInvoice },
};

export const invoiceMailingResponse: JsonResponse = {
  name: "InvoiceMailing",
  schema: z.strictObject({
    /** The caller's login email, where the paid invoices went. */
    sentTo: z.email(),
    /** How many paid invoices were attached (across one or more mails). */
    invoiceCount: z.int(),
  }),
  example: { sentTo: "anna.muster@muster.ch", invoiceCount: 3 },
};

export const prepaidAccountResponse: JsonResponse = {
  name: "PrepaidAccount",
  schema: z.strictObject({
    balance: minorUnits,
    currency,
    /** A page of the ledger, oldest first. */
    ledger: z.array(ledgerEntry),
    nextCursor,
    /** The withdrawals debited and not yet paid out. */
    withdrawals: z.array(pendingWithdrawal),
  }),
  components: { LedgerEntry: ledgerEntry, PendingWithdrawal: pendingWithdrawal },
  example: {
    balance: 3650,
    currency: "CHF",
    ledger: [
      exampleLedgerEntry,
      {
        entryId: "00mf3k2x1Tb8wX2fZd4eC5",
        kind: "invoice_payment",
        amount: -1350,
        currency: "CHF",
        reference: "00mf3k2x1Qm9vR2tXb7yZ0",
        createdAt: "2026-12-01T09:00:00.000Z",
      },
    ],
    withdrawals: [],
  },
};

export const topUpResponse: JsonResponse = {
  name: "TopUp",
  schema: z.strictObject({ topUp: ledgerEntry, prepaidAccount: prepaidBalance }),
  components: { LedgerEntry: ledgerEntry, PrepaidBalance: prepaidBalance },
  example: { topUp: exampleLedgerEntry, prepaidAccount: { balance: 5000, currency: "CHF" } },
};

export const withdrawalResponse: JsonResponse = {
  name: "Withdrawal",
  schema: z.strictObject({ withdrawal }),
  components: { WithdrawalDetails: withdrawal },
  example: { withdrawal: exampleWithdrawal },
};

export const freeOfferListResponse: JsonResponse = {
  name: "FreeOfferList",
  schema: z.strictObject({ freeOffers: z.array(freeOffer) }),
  components: { FreeOffer: freeOffer },
  example: {
    freeOffers: [
      { freeOfferId: "fo_9Gh3Jk5LmN", productKind: "domain", grantedAt: "2026-11-20T16:00:00.000Z" },
    ],
  },
};
