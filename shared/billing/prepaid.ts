import { auditAction, orgScope, type RequestOrigin, writeAudit } from "#shared/audit";
import {
  LedgerEntry,
  type PaymentIntent,
  type PendingWithdrawal,
  PrepaidAccount,
} from "#shared/billing/entities";
import {
  chargeIntent,
  closeIntentAction,
  IntentClosed,
  openIntent,
  organizationNotAccepting,
  readIntent,
  refundIntent,
} from "#shared/billing/payment-intents";
import type { Currency } from "#shared/currency";
import { Organization } from "#shared/entities";
import { getItem } from "#shared/entity/reads";
import { transact } from "#shared/entity/transactions";
import { checkItem, createItem, updateItem, type WriteAction, write } from "#shared/entity/writes";
import { errors } from "#shared/errors";
import { type Detail, message } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import { isConditionalCheckFailed } from "#shared/idempotency";
import { payments } from "#shared/ports/payments";

export const insufficientBalance = (detail: Detail = texts.balanceTooLow) =>
  errors.of(409, "INSUFFICIENT_BALANCE", detail);

const currencyMismatch = (account: Currency, wanted: Currency) =>
  errors.of(
    409,
    "PREPAID_CURRENCY_MISMATCH",
    message(texts.balanceInOtherCurrency, { balanceCurrency: account, currency: wanted }),
  );

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
  // Write, call, write: the intent first, so that a charge whose credit never lands is found
  // and finished by the reconciler (credited, or refunded when the organization is gone).
  const intent = await openIntent({
    intentId: topUpIntentId(orgId, entryId),
    kind: "top_up",
    orgId,
    amount,
    currency,
    idempotencyKey: `top-up:${entryId}`,
    reference: entryId,
    description: "Prepaid account top-up",
    actorUserId: input.actorUserId,
  });
  if (intent.status === "refunded") throw organizationNotAccepting();
  if (intent.status === "settled") return creditedEntry(orgId, entryId);
  const paymentId = await chargeIntent(intent);
  return settleTopUp(intent, paymentId, input.origin);
}

export const topUpIntentId = (orgId: string, entryId: string) => `top-up:${orgId}:${entryId}`;

async function creditedEntry(orgId: string, entryId: string) {
  const entry = await getItem(LedgerEntry, { orgId, entryId }, { consistent: true });
  if (!entry) throw errors.conflict(texts.topUpBeingCredited);
  return entry;
}

/**
 * Lands a charged top-up: the credit, its ledger entry and the intent closed, in one
 * transaction conditioned on the organization taking credits (active, not being deleted) and
 * on the account's currency. When it cannot land, the charge is refunded (R-$2: no money kept
 * that the ledger does not show). Run by the request, or by the reconciler for one that died.
 */
export async function settleTopUp(intent: PaymentIntent, paymentId: string, origin: RequestOrigin = {}) {
  const { orgId, amount } = intent;
  const currency = intent.currency as Currency;
  const entryId = intent.reference;
  const entry: LedgerEntry = {
    orgId,
    entryId,
    kind: "top_up",
    amount,
    currency,
    reference: paymentId,
    ...(intent.actorUserId ? { actorUserId: intent.actorUserId } : {}),
    createdAt: new Date().toISOString(),
  };
  const cannotLand = new Error("the organization takes no credit");
  try {
    await transact([
      checkItem(Organization, { orgId }, { status: "active" }, { fails: () => cannotLand }),
      updateItem(
        PrepaidAccount,
        { orgId },
        { add: { balance: amount } },
        { condition: { currency }, fails: () => cannotLand },
      ),
      createItem(LedgerEntry, entry, { fails: () => new TopUpAlreadyCredited() }),
      closeIntentAction(intent, "settled", "credited", { paymentId }, () => new IntentClosed()),
      auditAction(orgScope(orgId), "prepaid.top_up", intent.actorUserId, origin, {
        entryId,
        amount,
        currency,
        paymentId,
      }),
    ]);
    return entry;
  } catch (error) {
    if (error instanceof TopUpAlreadyCredited) return creditedEntry(orgId, entryId);
    if (error instanceof IntentClosed) {
      // Closed by another run: credited (answer it), or refunded / abandoned meanwhile.
      const closed = await readIntent(intent.intentId);
      if (closed?.status === "settled") return creditedEntry(orgId, entryId);
      if (closed?.status === "abandoned") await refundAbandonedCharge(closed, paymentId, origin);
      throw organizationNotAccepting();
    }
    if (error !== cannotLand) throw error;
    await refundIntent(intent, paymentId, "the organization no longer takes credits", origin);
    throw organizationNotAccepting();
  }
}

/**
 * A charge that went through after the reconciler had found none (a request slower than its
 * lease): its intent is closed, so the money goes back.
 */
async function refundAbandonedCharge(intent: PaymentIntent, paymentId: string, origin: RequestOrigin) {
  await payments.refund({
    idempotencyKey: `refund:${intent.idempotencyKey}`,
    orgId: intent.orgId,
    paymentId,
    amount: intent.amount,
    currency: intent.currency,
    reason: "charged after the request's lease ran out",
  });
  await writeAudit(`PAYMENTS#${intent.orgId}`, "payment.refunded", intent.actorUserId, origin, {
    intentId: intent.intentId,
    paymentId,
    reason: "charged after the request's lease ran out",
  });
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
