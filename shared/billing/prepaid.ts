import { auditAction, orgScope, type RequestOrigin } from "#shared/audit";
import { LedgerEntry, ledgerOf, type PendingWithdrawal, PrepaidAccount } from "#shared/billing/entities";
import type { Currency } from "#shared/currency";
import {
  createItem,
  getItem,
  queryItems,
  transact,
  updateItem,
  type WriteAction,
  write,
} from "#shared/entity";
import { errors } from "#shared/errors";
import { isConditionalCheckFailed } from "#shared/idempotency";
import { PaymentProviderUnavailable, payments } from "#shared/ports/payments";

export const insufficientBalance = (detail = "The prepaid balance does not cover this amount.") =>
  errors.of(409, "INSUFFICIENT_BALANCE", "Insufficient balance", { detail });

const currencyMismatch = (account: Currency, wanted: Currency) =>
  errors.of(409, "PREPAID_CURRENCY_MISMATCH", "Prepaid balance in another currency", {
    detail: `The prepaid balance is in ${account}; this needs ${wanted}. Withdraw the balance first.`,
  });

export async function readPrepaidAccount(orgId: string) {
  return getItem(PrepaidAccount, { orgId }, { consistent: true });
}

/** Refuses at once what the transaction's condition would refuse anyway, with a clearer reason. */
export async function assertBalanceCovers(orgId: string, amount: number, currency: Currency) {
  const account = await readPrepaidAccount(orgId);
  if (!account || account.balance < amount) throw insufficientBalance();
  if (account.currency !== currency) throw currencyMismatch(account.currency, currency);
}

/**
 * R-$2: the two actions of a debit, for the caller's transaction: the balance decreased only
 * if it covers the amount (in the same currency), and its ledger entry.
 */
export function debitActions(input: {
  orgId: string;
  entryId: string;
  amount: number;
  currency: Currency;
  kind: "invoice_payment" | "withdrawal";
  reference: string;
  actorUserId?: string | undefined;
  /** A withdrawal's debit: listed on the account until its payout is recorded. */
  pendingWithdrawal?: PendingWithdrawal;
}): WriteAction[] {
  const { orgId, amount, currency } = input;
  return [
    updateItem(
      PrepaidAccount,
      { orgId },
      {
        add: { balance: -amount },
        ...(input.pendingWithdrawal ? { append: { pendingWithdrawals: [input.pendingWithdrawal] } } : {}),
      },
      { condition: { balance: { gte: amount }, currency }, fails: () => insufficientBalance() },
    ),
    createItem(LedgerEntry, {
      orgId,
      entryId: input.entryId,
      kind: input.kind,
      amount: -amount,
      currency,
      reference: input.reference,
      ...(input.actorUserId ? { actorUserId: input.actorUserId } : {}),
      createdAt: new Date().toISOString(),
    }),
  ];
}

/** The account of an organization, opened empty in its currency on first use. */
async function openAccount(orgId: string, currency: Currency) {
  const existing = await readPrepaidAccount(orgId);
  if (existing) return existing;
  try {
    await write(
      createItem(PrepaidAccount, { orgId, balance: 0, currency, createdAt: new Date().toISOString() }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
  return (await readPrepaidAccount(orgId)) as NonNullable<Awaited<ReturnType<typeof readPrepaidAccount>>>;
}

/**
 * Credits the balance after a card payment through the payment port. `entryId` (from the
 * request's operation id) is the ledger entry's id and, with the organization, the payment's
 * idempotency key: a retried top-up is charged once and credited once.
 */
export async function topUp(input: {
  orgId: string;
  entryId: string;
  amount: number;
  currency: Currency;
  actorUserId: string;
  origin: RequestOrigin;
}) {
  const { orgId, entryId, amount, currency } = input;
  let account = await openAccount(orgId, currency);
  if (account.currency !== currency) {
    // R-O5 changed the organization's currency: an empty balance follows it, a non-empty one cannot.
    if (account.balance > 0) throw currencyMismatch(account.currency, currency);
    await write(
      updateItem(
        PrepaidAccount,
        { orgId },
        { set: { currency } },
        { condition: { balance: 0 }, fails: () => currencyMismatch(account.currency, currency) },
      ),
    );
    account = { ...account, currency };
  }
  const done = await getItem(LedgerEntry, { orgId, entryId }, { consistent: true });
  if (done) return done;
  let paymentId: string;
  try {
    ({ paymentId } = await payments.charge({
      idempotencyKey: `top-up:${entryId}`,
      orgId,
      amount,
      currency,
      description: "Prepaid account top-up",
    }));
  } catch (error) {
    if (!(error instanceof PaymentProviderUnavailable)) throw error;
    throw errors.of(503, "PAYMENT_UNAVAILABLE", "Payment not done", {
      detail: "The payment provider did not take the payment; nothing was charged or credited. Try again.",
      headers: { "retry-after": "5" },
    });
  }
  const entry = {
    orgId,
    entryId,
    kind: "top_up" as const,
    amount,
    currency,
    reference: paymentId,
    actorUserId: input.actorUserId,
    createdAt: new Date().toISOString(),
  };
  try {
    await transact([
      updateItem(
        PrepaidAccount,
        { orgId },
        { add: { balance: amount } },
        { condition: { currency }, fails: () => currencyMismatch(account.currency, currency) },
      ),
      createItem(LedgerEntry, entry, { fails: () => new TopUpAlreadyCredited() }),
      auditAction(orgScope(orgId), "prepaid.top_up", input.actorUserId, input.origin, {
        entryId,
        amount,
        currency,
        paymentId,
      }),
    ]);
  } catch (error) {
    if (!(error instanceof TopUpAlreadyCredited)) throw error;
  }
  return entry;
}

class TopUpAlreadyCredited extends Error {}

export const ledgerEntryView = (entry: {
  entryId: string;
  kind: string;
  amount: number;
  currency: string;
  reference: string;
  createdAt: string;
}) => ({
  entryId: entry.entryId,
  kind: entry.kind,
  amount: entry.amount,
  currency: entry.currency,
  reference: entry.reference,
  createdAt: entry.createdAt,
});
