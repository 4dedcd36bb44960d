import { auditAction, orgScope, type RequestOrigin, writeAudit } from "#shared/audit";
import { LedgerEntry, PrepaidAccount, Withdrawal } from "#shared/billing/entities";
import { maskIban, normaliseIban } from "#shared/billing/iban";
import { debitActions, insufficientBalance, readPrepaidAccount } from "#shared/billing/prepaid";
import { tableName } from "#shared/db";
import { getItem } from "#shared/entity/reads";
import { transact } from "#shared/entity/transactions";
import { createItem, updateItem, type WriteAction, write } from "#shared/entity/writes";
import { errors } from "#shared/errors";
import * as texts from "#shared/i18n/error-texts";
import { newOperationId } from "#shared/idempotency";
import { logger } from "#shared/logger";
import { PaymentProviderUnavailable, payments } from "#shared/ports/payments";

/**
 * R-$3: a withdrawal (refund of the prepaid balance to an IBAN) happens exactly once, in
 * three steps that each may be retried:
 *  1. `recordWithdrawal`: the intent, atomically: the balance debited (never below zero),
 *     its ledger entry, and the Withdrawal `requested`. Its id is chosen by the caller and
 *     stable across retries (the request's operation id, or the deletion's id), so a second
 *     run finds the first record and debits nothing.
 *  2. `payOutWithdrawal`: the payout through the payment port with the withdrawal id as the
 *     provider's idempotency key, so a retried call pays once; then the record `paid_out`.
 *     A failed call leaves it `requested`, to be retried.
 *  3. `withdraw` = 1 then 2, for the HTTP route and for organization deletion's refund.
 */
export type WithdrawalRecord = Withdrawal;

class WithdrawalAlreadyRecorded extends Error {}

export const withdrawalView = (withdrawal: WithdrawalRecord) => ({
  withdrawalId: withdrawal.withdrawalId,
  status: withdrawal.status,
  amount: withdrawal.amount,
  currency: withdrawal.currency,
  iban: maskIban(withdrawal.iban),
  requestedAt: withdrawal.requestedAt,
  ...(withdrawal.paidOutAt ? { paidOutAt: withdrawal.paidOutAt, payoutId: withdrawal.payoutId } : {}),
  payoutAttempts: withdrawal.payoutAttempts,
});

export async function readWithdrawal(orgId: string, withdrawalId: string) {
  return getItem(Withdrawal, { orgId, withdrawalId }, { consistent: true });
}

const sameIntent = (withdrawal: WithdrawalRecord, amount: number | undefined, iban: string) =>
  withdrawal.iban === iban && (amount === undefined || withdrawal.amount === amount);

/**
 * Step 1. `amount` undefined withdraws the whole balance as it is now; a balance of zero has
 * nothing to withdraw (409 INSUFFICIENT_BALANCE). Returns the record, new or found.
 */
export async function recordWithdrawal(input: {
  orgId: string;
  withdrawalId: string;
  amount?: number | undefined;
  iban: string;
  actorUserId?: string | undefined;
  origin: RequestOrigin;
}): Promise<WithdrawalRecord> {
  const { orgId, withdrawalId } = input;
  const iban = normaliseIban(input.iban);
  const reuse = (found: WithdrawalRecord) => {
    if (!sameIntent(found, input.amount, iban)) {
      throw errors.conflict(texts.withdrawalDiffers);
    }
    return found;
  };
  const earlier = await readWithdrawal(orgId, withdrawalId);
  if (earlier) return reuse(earlier);
  // The whole balance is read, then debited only if still covered: a concurrent debit makes it retry.
  for (let attempt = 0; attempt < 3; attempt++) {
    const account = await readPrepaidAccount(orgId);
    const amount = input.amount ?? account?.balance ?? 0;
    if (!account || amount === 0 || account.balance < amount) throw insufficientBalance();
    const now = new Date().toISOString();
    // The debit's ledger entry: its id is kept on the withdrawal, and the payout asks for it.
    const debitEntryId = newOperationId();
    const withdrawal: WithdrawalRecord = {
      orgId,
      withdrawalId,
      status: "requested",
      amount,
      currency: account.currency,
      iban,
      ...(input.actorUserId ? { requestedBy: input.actorUserId } : {}),
      requestedAt: now,
      payoutAttempts: 0,
      debitEntryId,
    };
    try {
      await transact([
        createItem(Withdrawal, withdrawal, { fails: () => new WithdrawalAlreadyRecorded() }),
        ...debitActions({
          orgId,
          // The Withdrawal's creation guards against a second debit; the entry id keeps the ledger in time order.
          entryId: debitEntryId,
          amount,
          currency: account.currency,
          kind: "withdrawal",
          reference: withdrawalId,
          actorUserId: input.actorUserId,
          pendingWithdrawal: {
            withdrawalId,
            amount,
            currency: account.currency,
            iban: maskIban(iban),
            requestedAt: now,
          },
        }),
        auditAction(orgScope(orgId), "prepaid.withdrawal_requested", input.actorUserId, input.origin, {
          withdrawalId,
          amount,
          currency: account.currency,
          iban: maskIban(iban),
        }),
      ]);
      return withdrawal;
    } catch (error) {
      if (error instanceof WithdrawalAlreadyRecorded) {
        return reuse((await readWithdrawal(orgId, withdrawalId)) as WithdrawalRecord);
      }
      const isBalanceRace =
        input.amount === undefined && (error as { code?: string }).code === "INSUFFICIENT_BALANCE";
      if (!isBalanceRace) throw error;
    }
  }
  throw insufficientBalance(texts.balanceKeptChanging);
}

export const payoutFailed = (withdrawal: WithdrawalRecord) =>
  errors.of(503, "PAYOUT_UNAVAILABLE", texts.payoutUnavailable, {
    extensions: { withdrawal: withdrawalView(withdrawal) },
    headers: { "retry-after": "5" },
  });

/**
 * The removal of a withdrawal from its account's pending list, for the transaction that records
 * its payout: by position, conditioned on that position still holding it (the list only grows
 * at its end meanwhile, and a removal that lost a race fails the transaction, which is retried).
 */
async function pendingRemoval(orgId: string, withdrawalId: string): Promise<WriteAction | undefined> {
  const account = await readPrepaidAccount(orgId);
  const index =
    account?.pendingWithdrawals?.findIndex((pending) => pending.withdrawalId === withdrawalId) ?? -1;
  if (index < 0) return undefined;
  return {
    Update: {
      TableName: tableName,
      Key: PrepaidAccount.key({ orgId }),
      UpdateExpression: `REMOVE pendingWithdrawals[${index}]`,
      ConditionExpression: `pendingWithdrawals[${index}].withdrawalId = :withdrawalId`,
      ExpressionAttributeValues: { ":withdrawalId": withdrawalId },
    },
  };
}

/**
 * R-$3: no payout without its debit. The withdrawal record alone is no proof (it is one item of
 * the debit's transaction): its ledger entry must be there, a debit of exactly its amount.
 */
async function assertDebited(withdrawal: WithdrawalRecord) {
  const entry = withdrawal.debitEntryId
    ? await getItem(
        LedgerEntry,
        { orgId: withdrawal.orgId, entryId: withdrawal.debitEntryId },
        { consistent: true },
      )
    : undefined;
  const debited =
    entry?.kind === "withdrawal" &&
    entry.reference === withdrawal.withdrawalId &&
    entry.amount === -withdrawal.amount &&
    entry.currency === withdrawal.currency;
  if (!debited) {
    logger.error("withdrawal without its debit: no payout", { withdrawalId: withdrawal.withdrawalId });
    throw Object.assign(new Error(`withdrawal ${withdrawal.withdrawalId} has no debit in the ledger`), {
      name: "DebitMissing",
    });
  }
}

/**
 * Step 2, idempotent: a `paid_out` withdrawal is returned as is; otherwise the payout is asked
 * with the withdrawal id as idempotency key and the record marked `paid_out`. Throws
 * PaymentProviderUnavailable (name `TransientError`) when the port fails; the record then
 * stays `requested` with the attempt counted.
 */
export async function payOutWithdrawal(orgId: string, withdrawalId: string): Promise<WithdrawalRecord> {
  const withdrawal = await readWithdrawal(orgId, withdrawalId);
  if (!withdrawal) throw errors.notFound(texts.withdrawalNotFound);
  if (withdrawal.status === "paid_out") return withdrawal;
  await assertDebited(withdrawal);
  let payoutId: string;
  try {
    ({ payoutId } = await payments.payout({
      idempotencyKey: `withdrawal:${withdrawalId}`,
      orgId,
      amount: withdrawal.amount,
      currency: withdrawal.currency,
      iban: withdrawal.iban,
      reference: `Refund of prepaid balance ${withdrawalId}`,
    }));
  } catch (error) {
    if (error instanceof PaymentProviderUnavailable) {
      await write(
        updateItem(
          Withdrawal,
          { orgId, withdrawalId },
          { set: { lastPayoutError: error.message }, add: { payoutAttempts: 1 } },
        ),
      );
      logger.warn("payout failed; the withdrawal stays requested", { withdrawalId });
    }
    throw error;
  }
  const paidOutAt = new Date().toISOString();
  const marked = new Error("marked paid out meanwhile");
  const moved = new Error("the pending list moved");
  for (let attempt = 1; ; attempt++) {
    try {
      const removal = await pendingRemoval(orgId, withdrawalId);
      await transact([
        updateItem(
          Withdrawal,
          { orgId, withdrawalId },
          { set: { status: "paid_out", payoutId, paidOutAt }, add: { payoutAttempts: 1 } },
          { condition: { status: "requested" }, fails: () => marked },
        ),
        removal && { ...removal, fails: () => moved },
      ]);
      break;
    } catch (error) {
      // Another payout left the pending list meanwhile: its positions moved, read them again.
      if (error === moved && attempt < 5) continue;
      // A concurrent run marked it first; the provider paid once for both.
      if (error !== marked) throw error;
      return (await readWithdrawal(orgId, withdrawalId)) as WithdrawalRecord;
    }
  }
  await writeAudit(orgScope(orgId), "prepaid.withdrawal_paid_out", undefined, {}, { withdrawalId, payoutId });
  return {
    ...withdrawal,
    status: "paid_out",
    payoutId,
    paidOutAt,
    payoutAttempts: withdrawal.payoutAttempts + 1,
  };
}

/**
 * Steps 1 and 2. With the same `withdrawalId`, any number of runs (retried requests, a retried
 * deletion step) debit once and pay out once.
 */
export async function withdraw(input: Parameters<typeof recordWithdrawal>[0]): Promise<WithdrawalRecord> {
  const recorded = await recordWithdrawal(input);
  try {
    return await payOutWithdrawal(input.orgId, recorded.withdrawalId);
  } catch (error) {
    if (error instanceof PaymentProviderUnavailable) {
      throw payoutFailed((await readWithdrawal(input.orgId, recorded.withdrawalId)) ?? recorded);
    }
    throw error;
  }
}

/**
 * For organization deletion (R-D2): refunds whatever balance remains, exactly once per
 * `withdrawalId`; `undefined` when there is nothing to refund and nothing was recorded.
 * Throws PaymentProviderUnavailable (`TransientError`) when the payout must be retried.
 */
export async function refundRemainingBalance(input: {
  orgId: string;
  withdrawalId: string;
  iban: string;
  origin?: RequestOrigin;
}): Promise<WithdrawalRecord | undefined> {
  const earlier = await readWithdrawal(input.orgId, input.withdrawalId);
  if (!earlier) {
    const account = await readPrepaidAccount(input.orgId);
    if (!account || account.balance === 0) return undefined;
  }
  const recorded =
    earlier ??
    (await recordWithdrawal({
      orgId: input.orgId,
      withdrawalId: input.withdrawalId,
      iban: input.iban,
      origin: input.origin ?? {},
    }));
  return payOutWithdrawal(input.orgId, recorded.withdrawalId);
}
