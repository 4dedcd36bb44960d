import { assertMinorUnits, type Entity, type ItemRange } from "#shared/entity";

/**
 * Invoices and the prepaid account. Keys:
 * - Invoice        `ORG#<orgId>` / `INVOICE#<invoiceId>`
 * - PrepaidAccount `ORG#<orgId>` / `PREPAID` (the balance, guarded by conditional updates)
 * - LedgerEntry    `ORG#<orgId>` / `LEDGER#<entryId>` (entry ids start with their time: the ledger reads in order)
 * - Withdrawal     `ORG#<orgId>` / `WITHDRAWAL#<withdrawalId>` (the recorded intent of a payout)
 */

type Currency = "CHF" | "EUR";

export const invoiceStatuses = ["open", "paid", "void"] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export interface InvoiceLine {
  description: string;
  price: number;
  reduction: number;
  total: number;
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

export const ledgerKinds = ["top_up", "invoice_payment", "withdrawal"] as const;
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

export const withdrawalStatuses = ["requested", "paid_out"] as const;

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
  lastPayoutError?: string;
  payoutId?: string;
  paidOutAt?: string;
}
export const Withdrawal: Entity<Withdrawal, Pick<Withdrawal, "orgId" | "withdrawalId">> = {
  name: "withdrawal",
  key: ({ orgId, withdrawalId }) => ({ pk: `ORG#${orgId}`, sk: `WITHDRAWAL#${withdrawalId}` }),
  validate: (withdrawal) => assertMinorUnits(withdrawal, ["amount"]),
};
export const withdrawalsOf = (orgId: string): ItemRange => ({
  partition: `ORG#${orgId}`,
  beginsWith: "WITHDRAWAL#",
});
