import { describe, expect, it } from "vitest";
import { signUp } from "#test/support/accounts";
import {
  addMember,
  line,
  outcomesPerKey,
  type Problem,
  placeOrder,
  prepaidAccount,
  tableItemCount,
  topUp,
} from "#test/support/billing";
import { call, useLocalRuntime } from "#test/support/runtime";

const local = useLocalRuntime();

/** Valid IBANs (the registry's examples): CH, DE, GB. */
const swissIban = "CH93 0076 2011 6238 5295 7";
const germanIban = "DE89370400440532013000";

interface WithdrawalBody {
  withdrawal: { withdrawalId: string; status: string; amount: number; currency: string; iban: string };
}

const withdraw = (
  account: { orgId: string; token: string },
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) =>
  call<WithdrawalBody & Problem>(
    local.api,
    "POST",
    `/v1/organizations/${account.orgId}/prepaid-account/withdrawals`,
    { body, token: account.token, headers },
  );

const payments = () => import("#shared/ports/payments").then((module) => module.recordingPayments);

const sumOf = (entries: { amount: number }[]) => entries.reduce((sum, entry) => sum + entry.amount, 0);

describe("top-ups", () => {
  it("R-$2 credits the balance through the payment port with its ledger entry, for billing rights only", async () => {
    const account = await signUp(local.api);
    const response = await call<{
      topUp: { amount: number; kind: string };
      prepaidAccount: { balance: number };
    }>(local.api, "POST", `/v1/organizations/${account.orgId}/prepaid-account/top-ups`, {
      body: { amount: 12_345 },
      token: account.token,
    });
    expect(response.status).toBe(201);
    expect(response.body.topUp).toMatchObject({ kind: "top_up", amount: 12_345, currency: "CHF" });
    expect(response.body.prepaidAccount).toEqual({ balance: 12_345, currency: "CHF" });
    const calls = await (await payments()).calls(account.orgId);
    expect(calls.map((entry) => [entry.operation, entry.amount, entry.outcome])).toEqual([
      ["charge", 12_345, "executed"],
    ]);
    const prepaid = await prepaidAccount(local, account);
    expect(prepaid).toMatchObject({ balance: 12_345, currency: "CHF" });
    expect(prepaid.ledger).toEqual([expect.objectContaining({ kind: "top_up", amount: 12_345 })]);

    const administrator = await addMember(local, account, "administrator", false);
    const refused = await call<Problem>(
      local.api,
      "POST",
      `/v1/organizations/${account.orgId}/prepaid-account/top-ups`,
      { body: { amount: 100 }, token: administrator.token },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("BILLING_RIGHTS_REQUIRED");
    const fractional = await call<Problem>(
      local.api,
      "POST",
      `/v1/organizations/${account.orgId}/prepaid-account/top-ups`,
      { body: { amount: 10.5 }, token: account.token },
    );
    expect(fractional.status).toBe(400);
    expect(fractional.body.errors?.map((error) => error.path)).toEqual(["body.amount"]);
  });

  it("R-$2 charges and credits a top-up once when it is retried with the same Idempotency-Key", async () => {
    const account = await signUp(local.api);
    const port = await payments();
    await port.planFaults(account.orgId, { charge: 1 });
    const path = `/v1/organizations/${account.orgId}/prepaid-account/top-ups`;
    const send = () =>
      call<Problem>(local.api, "POST", path, {
        body: { amount: 5_000 },
        token: account.token,
        headers: { "idempotency-key": "top-up-1" },
      });
    const failed = await send();
    expect(failed.status).toBe(503);
    expect(failed.body.code).toBe("PAYMENT_UNAVAILABLE");
    expect((await prepaidAccount(local, account)).balance).toBe(0);
    const first = await send();
    const replay = await send();
    expect(first.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect((await prepaidAccount(local, account)).balance).toBe(5_000);
    const outcomes = (await port.calls(account.orgId)).map((entry) => entry.outcome);
    expect(outcomes).toEqual(["failed", "executed"]);
  });
});

describe("the balance under concurrency (R-$2)", () => {
  it("R-$2 never goes below zero under 20 concurrent withdrawals and payments; the ledger sums to the balance", async () => {
    const account = await signUp(local.api);
    await topUp(local, account, 10_000);
    // Set-up, one order after the other (concurrent orders of one organization may conflict).
    const invoices: string[] = [];
    for (let order = 0; order < 10; order++) {
      const placed = await placeOrder(local, account, { paymentMethod: "invoice", lines: [line("domain")] });
      invoices.push(placed.body.invoice.invoiceId);
    }
    const responses = await Promise.all([
      ...invoices.map((invoiceId) =>
        call<Problem>(
          local.api,
          "POST",
          `/v1/organizations/${account.orgId}/invoices/${invoiceId}/payments`,
          {
            token: account.token,
          },
        ).then((response) => ({ kind: "payment", amount: 1_500, ...response })),
      ),
      ...Array.from({ length: 10 }, () =>
        withdraw(account, { amount: 1_000, iban: swissIban }).then((response) => ({
          kind: "withdrawal",
          amount: 1_000,
          ...response,
        })),
      ),
    ]);
    // Outcomes: done, refused for the balance, or CONFLICT (transaction conflicts past the retries).
    const succeeded = responses.filter((response) => response.status === 200 || response.status === 202);
    const refused = responses.filter(
      (response) => response.status === 409 && response.body.code === "INSUFFICIENT_BALANCE",
    );
    const conflicted = responses.filter(
      (response) => response.status === 409 && response.body.code === "CONFLICT",
    );
    expect(succeeded.length + refused.length + conflicted.length).toBe(responses.length);
    expect(refused.length + conflicted.length).toBeGreaterThan(0);
    const spent = sumOf(succeeded);
    console.info(
      `R-$2 race of 20: ${succeeded.length} done, ${refused.length} refused, ${conflicted.length} CONFLICT, ${spent} spent`,
    );
    expect(spent).toBeLessThanOrEqual(10_000);
    // A transaction conflict only delays a request: the domain sends it again (shared/entity/conflicts.ts),
    // so the race is served until the balance runs out, and few requests give up with CONFLICT.
    // Measured on the 2-core machine, in 52 races with the retries: 0 to 3 CONFLICT alone (8
    // once), up to 11 beside another runtime's tests (as with the suite's 2 workers), 12 beside
    // two; every race logged spent 9,500 or more. With the retries off, in 25 races: 15 to 18
    // CONFLICT, 2 to 5 requests done, 7,000 spent at most. Hence at most 14 of 20 (the count rises
    // with the machine's load, locks being held longer), and, with a wide margin, a balance used
    // up: what is left covers no request (the smallest is 1,000).
    expect(conflicted.length, "requests given up with CONFLICT despite the retries").toBeLessThanOrEqual(14);
    expect(10_000 - spent, "balance left unspent while requests gave up").toBeLessThan(1_000);
    // Whatever the interleaving, every refused request would have overdrawn the balance left.
    if (refused.length) {
      const smallestRefused = Math.min(...refused.map((response) => response.amount));
      expect(10_000 - spent).toBeLessThan(smallestRefused);
    }
    const prepaid = await prepaidAccount(local, account);
    expect(prepaid.balance).toBe(10_000 - spent);
    expect(prepaid.balance).toBeGreaterThanOrEqual(0);
    expect(sumOf(prepaid.ledger)).toBe(prepaid.balance);
    expect(prepaid.ledger).toHaveLength(1 + succeeded.length);
  });
});

describe("withdrawals (R-$3)", () => {
  it("R-$3 pays a withdrawal out once when the port fails once and the request is retried with its key", async () => {
    const account = await signUp(local.api);
    await topUp(local, account, 8_000);
    const port = await payments();
    await port.planFaults(account.orgId, { payout: 1 });
    const headers = { "idempotency-key": "refund-2026" };
    const body = { amount: 3_000, iban: swissIban };

    const failed = await withdraw(account, body, headers);
    expect(failed.status).toBe(503);
    expect(failed.body.code).toBe("PAYOUT_UNAVAILABLE");
    const pending = await prepaidAccount(local, account);
    expect(pending.balance).toBe(5_000);
    expect(pending.withdrawals).toEqual([expect.objectContaining({ status: "requested", amount: 3_000 })]);

    const retried = await withdraw(account, body, headers);
    expect(retried.status).toBe(202);
    expect(retried.body.withdrawal).toMatchObject({ status: "paid_out", amount: 3_000, currency: "CHF" });
    expect(retried.body.withdrawal.iban).toBe("CH** **** 2957");
    const replay = await withdraw(account, body, headers);
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual(retried.body);

    const after = await prepaidAccount(local, account);
    expect(after.balance).toBe(5_000);
    expect(after.ledger.filter((entry) => entry.kind === "withdrawal")).toEqual([
      expect.objectContaining({ amount: -3_000 }),
    ]);
    expect(sumOf(after.ledger)).toBe(after.balance);
    const payouts = (await port.calls(account.orgId)).filter((entry) => entry.operation === "payout");
    expect(payouts.map((entry) => entry.outcome)).toEqual(["failed", "executed"]);
    // One key for the one withdrawal: the provider was asked twice, moved money once.
    expect(Object.values(outcomesPerKey(payouts, "payout"))).toEqual([["failed", "executed"]]);
  });

  it("R-$3 retries a requested withdrawal's payout through its payouts route, paying once however often", async () => {
    const account = await signUp(local.api);
    await topUp(local, account, 4_000);
    const port = await payments();
    await port.planFaults(account.orgId, { payout: 1 });
    const failed = await withdraw(account, { iban: germanIban });
    expect(failed.status).toBe(503);
    const { withdrawalId } = (failed.body as unknown as WithdrawalBody).withdrawal;
    const path = `/v1/organizations/${account.orgId}/prepaid-account/withdrawals/${withdrawalId}/payouts`;
    const retries = await Promise.all(
      Array.from({ length: 4 }, () =>
        call<WithdrawalBody>(local.api, "POST", path, { token: account.token }),
      ),
    );
    for (const retry of retries) {
      expect(retry.status).toBe(202);
      expect(retry.body.withdrawal).toMatchObject({ status: "paid_out", amount: 4_000 });
    }
    const calls = await port.calls(account.orgId);
    const executed = calls.filter((entry) => entry.operation === "payout" && entry.outcome === "executed");
    expect(executed).toHaveLength(1);
    // Four concurrent retries may each reach the provider; one key, one execution, the rest deduplicated.
    const [outcomes, ...otherKeys] = Object.values(outcomesPerKey(calls, "payout"));
    expect(otherKeys).toEqual([]);
    expect(outcomes?.filter((outcome) => outcome === "executed")).toHaveLength(1);
    expect(new Set(outcomes)).toEqual(
      new Set(outcomes?.length === 2 ? ["failed", "executed"] : ["failed", "executed", "deduplicated"]),
    );
    expect(outcomes?.length).toBeLessThanOrEqual(1 + retries.length);
    expect((await prepaidAccount(local, account)).balance).toBe(0);
  });

  it("R-$3 R-D2 refunds the remaining balance exactly once through the domain steps, even when run concurrently", async () => {
    const account = await signUp(local.api);
    await topUp(local, account, 2_500);
    const { refundRemainingBalance } = await import("#shared/billing/withdrawals");
    const port = await payments();
    await port.planFaults(account.orgId, { payout: 1 });
    const input = { orgId: account.orgId, withdrawalId: `deletion-${account.orgId}`, iban: germanIban };
    await expect(refundRemainingBalance(input)).rejects.toMatchObject({ name: "TransientError" });
    const results = await Promise.all(Array.from({ length: 3 }, () => refundRemainingBalance(input)));
    for (const result of results) expect(result).toMatchObject({ status: "paid_out", amount: 2_500 });
    expect(await refundRemainingBalance(input)).toMatchObject({ status: "paid_out" });
    const calls = await port.calls(account.orgId);
    const executed = calls.filter((entry) => entry.outcome === "executed");
    expect(executed.filter((entry) => entry.operation === "payout")).toHaveLength(1);
    const perKey = outcomesPerKey(calls, "payout");
    expect(Object.keys(perKey)).toEqual([`withdrawal:deletion-${account.orgId}`]);
    expect(
      perKey[`withdrawal:deletion-${account.orgId}`]?.filter((outcome) => outcome === "executed"),
    ).toHaveLength(1);
    const prepaid = await prepaidAccount(local, account);
    expect(prepaid.balance).toBe(0);
    expect(prepaid.ledger.filter((entry) => entry.kind === "withdrawal")).toHaveLength(1);
    const nothingLeft = await refundRemainingBalance({ ...input, withdrawalId: "another" });
    expect(nothingLeft).toBeUndefined();
  });

  it("R-$3 withdraws the whole balance when no amount is given, then has nothing left to withdraw", async () => {
    const account = await signUp(local.api);
    await topUp(local, account, 7_777);
    const all = await withdraw(account, { iban: swissIban });
    expect(all.status).toBe(202);
    expect(all.body.withdrawal).toMatchObject({ amount: 7_777, status: "paid_out" });
    const nothing = await withdraw(account, { iban: swissIban });
    expect(nothing.status).toBe(409);
    expect(nothing.body.code).toBe("INSUFFICIENT_BALANCE");
    const tooMuch = await withdraw(account, { amount: 1, iban: swissIban });
    expect(tooMuch.status).toBe(409);
  });

  it("R-$3 validates the IBAN's country, length and checksum before anything is written", async () => {
    const account = await signUp(local.api);
    await topUp(local, account, 1_000);
    const before = await tableItemCount(local);
    for (const iban of [
      "CH93 0076 2011 6238 5295 8",
      "CH93 0076 2011 6238 5295",
      "ZZ12 3456 7890",
      "not an iban",
    ]) {
      const response = await withdraw(account, { iban });
      expect(response.status, iban).toBe(400);
      expect(response.body.errors, iban).toEqual([expect.objectContaining({ path: "body.iban" })]);
    }
    expect(await tableItemCount(local)).toBe(before);
    expect((await prepaidAccount(local, account)).balance).toBe(1_000);
  });

  it("R-$3 accepts the IBAN registry's examples of several countries, in print or electronic form", async () => {
    const { ibanProblem } = await import("#shared/billing/iban");
    for (const iban of [
      swissIban,
      germanIban,
      "GB82 WEST 1234 5698 7654 32",
      "FR14 2004 1010 0505 0001 3M02 606",
      "NO93 8601 1117 947",
      "MT84 MALT 0110 0001 2345 MTLC AST0 01S",
      "li21 0881 0000 2324 013a a",
    ]) {
      expect(ibanProblem(iban), iban).toBeUndefined();
    }
    expect(ibanProblem("GB82 WEST 1234 5698 7654 33")).toMatch(/check digits/);
    expect(ibanProblem("NO93 8601 1117 94")).toMatch(/15 characters/);
  });

  it("R-M1 lets only a legal representative with billing rights send the balance to an IBAN", async () => {
    const account = await signUp(local.api);
    await topUp(local, account, 1_000);
    const billingAdministrator = await addMember(local, account, "administrator", true);
    const refused = await withdraw(billingAdministrator, { iban: swissIban });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("LEGAL_REPRESENTATIVE_REQUIRED");
    const representativeWithoutBilling = await addMember(local, account, "legal_representative", false);
    const alsoRefused = await withdraw(representativeWithoutBilling, { iban: swissIban });
    expect(alsoRefused.status).toBe(403);
    expect(alsoRefused.body.code).toBe("BILLING_RIGHTS_REQUIRED");
    expect((await prepaidAccount(local, account)).balance).toBe(1_000);
  });
});
