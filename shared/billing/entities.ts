import { Entity } from "electrodb";
import { entityConfig, key, minorUnits, model } from "#shared/entity-model";

/**
 * Invoices and the prepaid account. Keys:
 * - Invoice        `ORG#<orgId>` / `INVOICE#<invoiceId>`
 * - PrepaidAccount `ORG#<orgId>` / `PREPAID` (the balance, guarded by conditional updates)
 * - LedgerEntry    `ORG#<orgId>` / `LEDGER#<entryId>` (entry ids start with their time: the ledger reads in order)
 * - Withdrawal     `ORG#<orgId>` / `WITHDRAWAL#<withdrawalId>` (the recorded intent of a payout)
 */

const currency = { type: ["CHF", "EUR"] as const, required: true } as const;

export const invoiceStatuses = ["open", "paid", "void"] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

/** R-$4: open, paid or void. The currency is the organization's when issued, kept for good (R-O5). */
export const Invoice = new Entity(
  {
    model: model("invoice"),
    attributes: {
      orgId: { type: "string", required: true },
      invoiceId: { type: "string", required: true },
      orderId: { type: "string" },
      status: { type: invoiceStatuses, required: true },
      amount: minorUnits,
      currency,
      paymentMethod: { type: ["prepaid", "card", "invoice"] as const, required: true },
      lines: {
        type: "list",
        required: true,
        items: {
          type: "map",
          properties: {
            description: { type: "string", required: true },
            price: minorUnits,
            reduction: minorUnits,
            total: minorUnits,
          },
        },
      },
      issuedAt: { type: "string", required: true },
      paidAt: { type: "string" },
      /** How it was paid: `prepaid` (ledger entry id) or `card` (the payment provider's id). */
      paidWith: { type: ["prepaid", "card"] as const },
      paymentReference: { type: "string" },
      /** The last failed card charge, kept while the invoice stays open. */
      paymentFailure: { type: "string" },
    },
    indexes: {
      byOrg: {
        pk: key("pk", "ORG#${orgId}", ["orgId"]),
        sk: key("sk", "INVOICE#${invoiceId}", ["invoiceId"]),
      },
    },
  },
  entityConfig,
);

/**
 * The prepaid balance (R-$2): every change is one transaction with its LedgerEntry, debits
 * conditioned on `balance >= amount`, so it never goes below zero under concurrent requests.
 */
export const PrepaidAccount = new Entity(
  {
    model: model("prepaidAccount"),
    attributes: {
      orgId: { type: "string", required: true },
      balance: minorUnits,
      currency,
      createdAt: { type: "string", required: true },
    },
    indexes: {
      byOrg: { pk: key("pk", "ORG#${orgId}", ["orgId"]), sk: key("sk", "PREPAID", []) },
    },
  },
  entityConfig,
);

export const ledgerKinds = ["top_up", "invoice_payment", "withdrawal"] as const;
export type LedgerKind = (typeof ledgerKinds)[number];

/** One movement of the balance: credits positive, debits negative; their sum is the balance. */
export const LedgerEntry = new Entity(
  {
    model: model("ledgerEntry"),
    attributes: {
      orgId: { type: "string", required: true },
      entryId: { type: "string", required: true },
      kind: { type: ledgerKinds, required: true },
      amount: {
        type: "number",
        required: true,
        validate: (value: number) => Number.isSafeInteger(value) && value !== 0,
      },
      currency,
      /** The invoice, withdrawal or card payment the movement belongs to. */
      reference: { type: "string", required: true },
      actorUserId: { type: "string" },
      createdAt: { type: "string", required: true },
    },
    indexes: {
      byOrg: { pk: key("pk", "ORG#${orgId}", ["orgId"]), sk: key("sk", "LEDGER#${entryId}", ["entryId"]) },
    },
  },
  entityConfig,
);

export const withdrawalStatuses = ["requested", "paid_out"] as const;

/**
 * R-$3: a refund of the balance to an IBAN. Recorded `requested` in the same transaction as
 * the debit and its ledger entry; the payout is then asked with `withdrawalId` as the
 * provider's idempotency key, and the record becomes `paid_out`.
 */
export const Withdrawal = new Entity(
  {
    model: model("withdrawal"),
    attributes: {
      orgId: { type: "string", required: true },
      withdrawalId: { type: "string", required: true },
      status: { type: withdrawalStatuses, required: true },
      amount: minorUnits,
      currency,
      iban: { type: "string", required: true },
      requestedBy: { type: "string" },
      requestedAt: { type: "string", required: true },
      payoutAttempts: { type: "number", required: true },
      lastPayoutError: { type: "string" },
      payoutId: { type: "string" },
      paidOutAt: { type: "string" },
    },
    indexes: {
      byOrg: {
        pk: key("pk", "ORG#${orgId}", ["orgId"]),
        sk: key("sk", "WITHDRAWAL#${withdrawalId}", ["withdrawalId"]),
      },
    },
  },
  entityConfig,
);
