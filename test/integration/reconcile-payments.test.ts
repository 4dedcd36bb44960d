import { describe, expect, it } from "vitest";
import { signUp } from "#test/support/accounts";
import { outcomesPerKey, prepaidAccount, topUp } from "#test/support/billing";
import { call, eventually, useLocalRuntime } from "#test/support/runtime";

/**
 * Money never stranded half-way (R-$2, R-$3): every charge is credited or refunded, every
 * withdrawal debited is paid out once, never a payout without its debit. The half-way states
 * are made as a crash leaves them (the first write done, the call made or not, the last write
 * missing), then the reconciler (shared/billing/reconcile.ts) finishes them.
 */
const local = useLocalRuntime();

const germanIban = "DE89370400440532013000";
const sumOf = (entries: { amount: number }[]) => entries.reduce((sum, entry) => sum + entry.amount, 0);
const billing = async () => ({
  ...(await import("#shared/billing/payment-intents")),
  ...(await import("#shared/billing/reconcile")),
  ...(await import("#shared/billing/withdrawals")),
  ...(await import("#shared/billing/entities")),
  ...(await import("#shared/entity/reads")),
  ...(await import("#shared/entity/writes")),
  payments: (await import("#shared/ports/payments")).recordingPayments,
});
/** Past every lease: what the reconciler sees a few minutes later. */
const later = () => Math.floor(Date.now() / 1000) + 3600;

/** A top-up whose request died after the charge: intent opened, card charged, nothing credited. */
async function chargedNotCredited(orgId: string, amount: number, entryId = `crash-${Date.now()}`) {
  const { openIntent, chargeIntent, topUpIntentId } = {
    ...(await billing()),
    topUpIntentId: (await import("#shared/billing/prepaid")).topUpIntentId,
  };
  const intent = await openIntent({
    intentId: topUpIntentId(orgId, entryId),
    kind: "top_up",
    orgId,
    amount,
    currency: "CHF",
    idempotencyKey: `top-up:${entryId}`,
    reference: entryId,
    description: "Prepaid account top-up",
  });
  await chargeIntent(intent);
  return intent;
}

describe("the reconciler, for payments left half-way", () => {
  it("R-$2 credits a top-up charged but never credited, once, even with two passes at once", async () => {
    const account = await signUp(local.api);
    await topUp(local, account, 1_000);
    const intent = await chargedNotCredited(account.orgId, 2_500);
    const { reconcilePayments, readIntent, payments } = await billing();
    // Within its lease the request still owns it: nothing happens.
    expect((await reconcilePayments({})).settled).toBe(0);
    const [first, second] = await Promise.all([
      reconcilePayments({ now: later() }),
      reconcilePayments({ now: later() }),
    ]);
    expect((first?.settled ?? 0) + (second?.settled ?? 0)).toBeGreaterThanOrEqual(1);
    expect((await readIntent(intent.intentId))?.status).toBe("settled");
    const prepaid = await prepaidAccount(local, account);
    expect(prepaid.balance).toBe(3_500);
    expect(sumOf(prepaid.ledger)).toBe(prepaid.balance);
    expect(prepaid.ledger.filter((entry) => entry.kind === "top_up")).toHaveLength(2);
    const charges = outcomesPerKey(await payments.calls(account.orgId), "charge");
    expect(charges[intent.idempotencyKey]).toEqual(["executed"]);
  });

  it("R-$2 refunds a charged top-up whose organization no longer takes credits", async () => {
    const account = await signUp(local.api);
    const intent = await chargedNotCredited(account.orgId, 4_000);
    const { reconcilePayments, readIntent, payments, write, updateItem } = await billing();
    const { Organization } = await import("#shared/entities");
    await write(updateItem(Organization, { orgId: account.orgId }, { set: { status: "deleting" } }));
    expect((await reconcilePayments({ now: later() })).refunded).toBe(1);
    expect((await readIntent(intent.intentId))?.status).toBe("refunded");
    const calls = await payments.calls(account.orgId);
    expect(calls.map((entry) => [entry.operation, entry.amount, entry.outcome])).toEqual([
      ["charge", 4_000, "executed"],
      ["refund", 4_000, "executed"],
    ]);
    expect((await prepaidAccount(local, account)).balance).toBe(0);
  });

  it("R-$2 closes an intent that was never charged, charging nothing", async () => {
    const account = await signUp(local.api);
    const { openIntent, reconcilePayments, readIntent, payments } = await billing();
    const intent = await openIntent({
      intentId: `top-up:${account.orgId}:never`,
      kind: "top_up",
      orgId: account.orgId,
      amount: 700,
      currency: "CHF",
      idempotencyKey: "top-up:never",
      reference: "never",
      description: "Prepaid account top-up",
    });
    expect((await reconcilePayments({ now: later() })).abandoned).toBeGreaterThanOrEqual(1);
    expect((await readIntent(intent.intentId))?.status).toBe("abandoned");
    expect(await payments.calls(account.orgId)).toEqual([]);
  });

  it("R-$2 refunds a top-up whose organization started its deletion while the card was being charged", async () => {
    const account = await signUp(local.api);
    const { payments, write, updateItem, queryItems, PaymentIntent, intentsOfOrganization } = await billing();
    const { Organization } = await import("#shared/entities");
    // The provider takes a second; the deletion starts meanwhile.
    await payments.planFaults(account.orgId, { delayMs: 1_000 });
    const pending = call<{ code: string }>(
      local.api,
      "POST",
      `/v1/organizations/${account.orgId}/prepaid-account/top-ups`,
      { body: { amount: 5_000 }, token: account.token },
    );
    // The top-up has opened its intent, the last write before it calls the provider (which then
    // takes its second): the deletion starts while the card is being charged.
    await eventually(
      async () =>
        (await queryItems(PaymentIntent, intentsOfOrganization(account.orgId, "pending"), { limit: 1 }))
          .items[0],
      5_000,
      "the top-up's payment intent",
    );
    await write(updateItem(Organization, { orgId: account.orgId }, { set: { status: "deleting" } }));
    const answer = await pending;
    expect([answer.status, answer.body.code]).toEqual([409, "ORGANIZATION_NOT_ACTIVE"]);
    const calls = await payments.calls(account.orgId);
    expect(calls.map((entry) => [entry.operation, entry.outcome])).toEqual([
      ["charge", "executed"],
      ["refund", "executed"],
    ]);
  });
});

describe("the reconciler, for withdrawals", () => {
  /** A withdrawal recorded with its debit, its payout never asked (the request died there). */
  async function debitedNotPaid(account: { orgId: string; token: string }, amount: number) {
    await topUp(local, account, amount);
    const { recordWithdrawal } = await billing();
    return recordWithdrawal({
      orgId: account.orgId,
      withdrawalId: `w-${Date.now()}`,
      amount,
      iban: germanIban,
      origin: {},
    });
  }

  it("R-$3 pays out a withdrawal debited but never paid out, once", async () => {
    const account = await signUp(local.api);
    const withdrawal = await debitedNotPaid(account, 3_000);
    const { reconcilePayments, readWithdrawal, payments } = await billing();
    const [first, second] = await Promise.all([
      reconcilePayments({ now: later() }),
      reconcilePayments({ now: later() }),
    ]);
    expect((first?.paidOut ?? 0) + (second?.paidOut ?? 0)).toBeGreaterThanOrEqual(1);
    expect((await readWithdrawal(account.orgId, withdrawal.withdrawalId))?.status).toBe("paid_out");
    const payouts = outcomesPerKey(await payments.calls(account.orgId), "payout");
    const outcomes = payouts[`withdrawal:${withdrawal.withdrawalId}`] ?? [];
    expect(outcomes.filter((outcome) => outcome === "executed")).toHaveLength(1);
    expect((await prepaidAccount(local, account)).withdrawals).toEqual([]);
  });

  it("R-$3 records a payout made but never recorded, from the provider's first answer", async () => {
    const account = await signUp(local.api);
    const withdrawal = await debitedNotPaid(account, 1_200);
    const { reconcilePayments, readWithdrawal, payments } = await billing();
    // The payout went through, then the process died before marking the withdrawal.
    await payments.payout({
      idempotencyKey: `withdrawal:${withdrawal.withdrawalId}`,
      orgId: account.orgId,
      amount: 1_200,
      currency: "CHF",
      iban: withdrawal.iban,
      reference: "refund",
    });
    await reconcilePayments({ now: later() });
    expect((await readWithdrawal(account.orgId, withdrawal.withdrawalId))?.status).toBe("paid_out");
    const outcomes = outcomesPerKey(await payments.calls(account.orgId), "payout")[
      `withdrawal:${withdrawal.withdrawalId}`
    ];
    expect(outcomes).toEqual(["executed", "deduplicated"]);
  });

  it("R-$3 never pays out a withdrawal whose debit is missing from the ledger", async () => {
    const account = await signUp(local.api);
    const { write, createItem, Withdrawal, payOutWithdrawal, payments } = await billing();
    // What a half-applied transaction would have left: the withdrawal, without its debit.
    await write(
      createItem(Withdrawal, {
        orgId: account.orgId,
        withdrawalId: "w-no-debit",
        status: "requested",
        amount: 2_243,
        currency: "CHF",
        iban: germanIban,
        requestedAt: new Date().toISOString(),
        payoutAttempts: 0,
        debitEntryId: "never-written",
      }),
    );
    await expect(payOutWithdrawal(account.orgId, "w-no-debit")).rejects.toMatchObject({
      name: "DebitMissing",
    });
    expect(await payments.calls(account.orgId)).toEqual([]);
  });
});
