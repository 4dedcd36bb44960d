import { invoiceStatuses, ledgerKinds, withdrawalStatuses } from "#shared/billing/statuses";
import { assertMinorUnits, type Entity } from "#shared/entity";
import type { ItemRange } from "#shared/entity/reads";

export { invoiceStatuses, ledgerKinds, withdrawalStatuses };

/**
 * Invoices and the prepaid account. Keys:
 * - Invoice        `ORG#<orgId>` / `INVOICE#<invoiceId>`
 * - PrepaidAccount `ORG#<orgId>` / `PREPAID` (the balance, guarded by conditional updates)
 * - LedgerEntry    `ORG#<orgId>` / `LEDGER#<entryId>` (entry ids start with their time: the ledger reads in order)
 * - Withdrawal     `ORG#<orgId>` / `WITHDRAWAL#<withdrawalId>` (the recorded intent of a payout)
 */

type Currency = "CHF" | "EUR";

export type InvoiceStatus = (typeof invoiceStatuses)[number];

export interface InvoiceLine {
  description: string;
  price: number;
  reduction: number;
  total: number;
}

/**
 * R-P5: who an invoice is addressed to, copied when it is issued: the extra billing address the
 * order named (`addressId`), else the organization's postal address. A copy, so that later
 * changes or the removal of the address never change an issued invoice.
 */
export interface InvoiceAddress {
  /** The extra billing address it was copied from; absent: the organization's postal address. */
  addressId?: string;
  /** The organization's name when the invoice was issued. */
  name: string;
  recipient?: string;
  line1: string;
  line2?: string;
  postalCode: string;
  city: string;
  country: string;
  email?: string;
}

/** R-$4: open, paid or void. The currency is the organization's when issued, kept for good (R-O5). */
export interface Invoice {
  orgId: string;
  invoiceId: string;
  orderId?: string;
  status: InvoiceStatus;
  amount: number;
  currency: Currency;
  paymentMethod: "prepaid" | "card" | "invoice";
  lines: InvoiceLine[];
  issuedAt: string;
  paidAt?: string;
  /** How it was paid: `prepaid` (ledger entry id) or `card` (the payment provider's id). */
  paidWith?: "prepaid" | "card";
  paymentReference?: string;
  /** The last failed card charge, kept while the invoice stays open. */
  paymentFailure?: string;
  /** R-P5: the address as it was when issued (absent on invoices issued before it was kept). */
  billingAddress?: InvoiceAddress;
}
export const Invoice: Entity<Invoice, Pick<Invoice, "orgId" | "invoiceId">> = {
  name: "invoice",
  key: ({ orgId, invoiceId }) => ({ pk: `ORG#${orgId}`, sk: `INVOICE#${invoiceId}` }),
  validate: (invoice) => {
    assertMinorUnits(invoice, ["amount"]);
    for (const line of invoice.lines ?? []) assertMinorUnits(line, ["price", "reduction", "total"]);
  },
};
export const invoicesOf = (orgId: string): ItemRange => ({
  partition: `ORG#${orgId}`,
  beginsWith: "INVOICE#",
});

/**
 * The prepaid balance (R-$2): every change is one transaction with its LedgerEntry, debits
 * conditioned on `balance >= amount`, so it never goes below zero under concurrent requests.
 */
export interface PrepaidAccount {
  orgId: string;
  balance: number;
  currency: Currency;
  createdAt: string;
  /**
   * The withdrawals debited and not yet paid out, kept with the balance they came from: added in
   * the transaction of their debit, removed in the one that records their payout, so the
   * account's page reads the balance and its pending refunds in one request.
   */
  pendingWithdrawals?: PendingWithdrawal[];
}

export interface PendingWithdrawal {
  withdrawalId: string;
  amount: number;
  currency: Currency;
  /** Masked: only the country and the last digits. */
  iban: string;
  requestedAt: string;
}
export const PrepaidAccount: Entity<PrepaidAccount, Pick<PrepaidAccount, "orgId">> = {
  name: "prepaidAccount",
  key: ({ orgId }) => ({ pk: `ORG#${orgId}`, sk: "PREPAID" }),
  validate: (account) => assertMinorUnits(account, ["balance"]),
};

export type LedgerKind = (typeof ledgerKinds)[number];

/** One movement of the balance: credits positive, debits negative; their sum is the balance. */
export interface LedgerEntry {
  orgId: string;
  entryId: string;
  kind: LedgerKind;
  amount: number;
  currency: Currency;
  /** The invoice, withdrawal or card payment the movement belongs to. */
  reference: string;
  actorUserId?: string;
  createdAt: string;
}
export const LedgerEntry: Entity<LedgerEntry, Pick<LedgerEntry, "orgId" | "entryId">> = {
  name: "ledgerEntry",
  key: ({ orgId, entryId }) => ({ pk: `ORG#${orgId}`, sk: `LEDGER#${entryId}` }),
  validate: (entry) => {
    assertMinorUnits(entry, ["amount"], true);
    if (entry.amount === 0) throw new Error("a ledger entry moves money: its amount is not 0");
  },
};
export const ledgerOf = (orgId: string): ItemRange => ({ partition: `ORG#${orgId}`, beginsWith: "LEDGER#" });

/**
 * R-$3: a refund of the balance to an IBAN. Recorded `requested` in the same transaction as
 * the debit and its ledger entry; the payout is then asked with `withdrawalId` as the
 * provider's idempotency key, and the record becomes `paid_out`.
 */
export interface Withdrawal {
  orgId: string;
  withdrawalId: string;
  status: (typeof withdrawalStatuses)[number];
  amount: number;
  currency: Currency;
  iban: string;
  requestedBy?: string;
  requestedAt: string;
  payoutAttempts: number;
  /** The ledger entry of its debit: a payout is asked only once that entry is found (R-$3). */
  debitEntryId?: string;
  lastPayoutError?: string;
  payoutId?: string;
  paidOutAt?: string;
}
export const Withdrawal: Entity<Withdrawal, Pick<Withdrawal, "orgId" | "withdrawalId">> = {
  name: "withdrawal",
  key: ({ orgId, withdrawalId }) => ({ pk: `ORG#${orgId}`, sk: `WITHDRAWAL#${withdrawalId}` }),
  validate: (withdrawal) => assertMinorUnits(withdrawal, ["amount"]),
  // The reconciler's queue: withdrawals debited and not yet paid out, oldest first (gsi2).
  indexKeys: ({ status, requestedAt }) => ({
    ...(status ? { gsi2pk: `WITHDRAWAL#${status}` } : {}),
    ...(requestedAt ? { gsi2sk: requestedAt } : {}),
  }),
};
/** Withdrawals in a status, requested at most at `requestedBy` (gsi2). */
export const withdrawalsIn = (status: Withdrawal["status"], requestedBy: string): ItemRange => ({
  index: "gsi2",
  partition: `WITHDRAWAL#${status}`,
  lte: requestedBy,
});

export const paymentIntentStatuses = ["pending", "settled", "refunded", "abandoned"] as const;
export type PaymentIntentStatus = (typeof paymentIntentStatuses)[number];

/**
 * A card charge the system asked for, recorded before the payment port is called (R-$1..3:
 * write, call, write): `pending` until its money lands where it belongs (`settled`: the top-up
 * credited, the invoice paid), goes back (`refunded`: the organization no longer takes it), or
 * is found never charged (`abandoned`). The request that wrote it owns it until `leaseUntil`;
 * past that, the reconciler finishes it. Kept outside the organization's partition, so a
 * charge outlives an organization deleted meanwhile and is still refunded.
 */
export interface PaymentIntent {
  /** `top-up:<orgId>:<entryId>` or `invoice:<orgId>:<invoiceId>`. */
  intentId: string;
  kind: "top_up" | "invoice_charge";
  orgId: string;
  amount: number;
  currency: Currency;
  /** The charge's idempotency key at the provider. */
  idempotencyKey: string;
  /** The ledger entry (top-up) or the invoice it pays. */
  reference: string;
  description: string;
  status: PaymentIntentStatus;
  actorUserId?: string;
  paymentId?: string;
  refundId?: string;
  /** Epoch seconds: the request that wrote the intent finishes it until then. */
  leaseUntil: number;
  /** How it ended, for operators. */
  outcome?: string;
  createdAt: string;
  updatedAt: string;
  /** The table's TTL, once the intent is closed. */
  expiresAt?: number;
}
export const PaymentIntent: Entity<PaymentIntent, Pick<PaymentIntent, "intentId">> = {
  name: "paymentIntent",
  key: ({ intentId }) => ({ pk: `INTENT#${intentId}`, sk: "INTENT" }),
  validate: (intent) => assertMinorUnits(intent, ["amount"]),
  // gsi2: the reconciler's queue by status and lease; gsi1: an organization's payments by status.
  indexKeys: ({ status, leaseUntil, orgId, intentId }) => ({
    ...(status ? { gsi2pk: `PAYMENT_INTENT#${status}` } : {}),
    ...(leaseUntil !== undefined ? { gsi2sk: String(leaseUntil).padStart(12, "0") } : {}),
    ...(orgId ? { gsi1pk: `ORG_PAYMENTS#${orgId}` } : {}),
    ...(status && intentId ? { gsi1sk: `${status}#${intentId}` } : {}),
  }),
};
/** Intents in a status whose lease ended by `now` (epoch seconds), oldest lease first (gsi2). */
export const intentsDue = (status: PaymentIntentStatus, now: number): ItemRange => ({
  index: "gsi2",
  partition: `PAYMENT_INTENT#${status}`,
  lte: String(now).padStart(12, "0"),
});
/** An organization's intents in a status (gsi1). */
export const intentsOfOrganization = (orgId: string, status: PaymentIntentStatus): ItemRange => ({
  index: "gsi1",
  partition: `ORG_PAYMENTS#${orgId}`,
  beginsWith: `${status}#`,
});
export const withdrawalsOf = (orgId: string): ItemRange => ({
  partition: `ORG#${orgId}`,
  beginsWith: "WITHDRAWAL#",
});
