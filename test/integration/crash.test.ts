import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rootDir } from "#test/support/runtime";

/**
 * Crashes, as they happen: the whole local system (what `npm start` runs) in a process of its
 * own, killed with SIGKILL at random moments while deletions, top-ups and withdrawals run, then
 * started again on the same data folder. Executions resume, owners ask again for what failed, the
 * reconciler finishes what was left half-way; then nothing is stranded and no money is lost
 * (R-D6, R-$2, R-$3).
 */

const names = ["API_PORT", "DYNAMODB_PORT", "STEPFUNCTIONS_PORT", "SES_PORT", "S3_PORT"] as const;
type Ports = Record<(typeof names)[number], number>;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });

let dataDir = "";
let ports: Ports;
let child: ChildProcess | undefined;
let api = "";

async function startSystem() {
  const started = spawn(process.execPath, ["--import", "tsx", "local/main.ts"], {
    cwd: rootDir,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
      // The timers stay out of the way: the test runs the reconciler itself, when it chooses.
      PURGE_INTERVAL_SECONDS: "3600",
      RECONCILE_INTERVAL_SECONDS: "3600",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child = started;
  api = `http://127.0.0.1:${ports.API_PORT}`;
  for (let waited = 0; waited < 30_000; waited += 100) {
    if (started.exitCode !== null) throw new Error("the system exited while starting");
    const healthy = await fetch(`${api}/v1/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the system did not start");
}

async function kill() {
  const running = child;
  if (!running || running.exitCode !== null) return;
  const exited = new Promise((resolve) => running.once("exit", resolve));
  running.kill("SIGKILL");
  await exited;
}

type Answer = { status: number; body: Record<string, unknown> };
async function request(method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
  try {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  } catch {
    // The system was killed under the request: the client saw no answer.
    return { status: 0, body: {} };
  }
}

const password = "Correct-Horse-Battery-9";
interface Account {
  token: string;
  orgId: string;
  name: string;
}
async function signUp(label: string): Promise<Account> {
  const email = `crash-${label}-${Math.random().toString(36).slice(2)}@example.org`;
  const answer = await request("POST", "/v1/accounts", undefined, {
    firstName: "Crash",
    lastName: label,
    loginEmail: email,
    recoveryEmail: `recovery-${email}`,
    password,
    organization: {
      type: "individual",
      postalAddress: { line1: "Rue du Lac 1", postalCode: "1200", city: "Genève", country: "CH" },
    },
  });
  if (answer.status !== 201) throw new Error(`sign-up answered ${answer.status}`);
  const organization = answer.body.organization as { orgId: string; name: string };
  return { token: String(answer.body.token), orgId: organization.orgId, name: organization.name };
}
const topUp = (account: Account, amount: number) =>
  request("POST", `/v1/organizations/${account.orgId}/prepaid-account/top-ups`, account.token, { amount });
const withdraw = (account: Account, amount: number) =>
  request("POST", `/v1/organizations/${account.orgId}/prepaid-account/withdrawals`, account.token, {
    amount,
    iban: "DE89370400440532013000",
  });
const deletionOptions = (account: Account) => ({
  confirmName: account.name,
  password,
  terminateProducts: true,
  settleInvoices: true,
  removeMembers: true,
  refundIban: "CH9300762011623852957",
  emailPaidInvoices: true,
});
const requestDeletion = (account: Account) =>
  request("POST", `/v1/organizations/${account.orgId}/deletion`, account.token, deletionOptions(account));
/** The deletion's status, "none" when no deletion was recorded (the request was killed before). */
const deletionStatus = async (account: Account) => {
  const answer = await request("GET", `/v1/organizations/${account.orgId}/deletion`, account.token);
  return answer.status === 200 ? String(answer.body.status) : "none";
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "aw-crash-"));
  ports = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await freePort()]))) as Ports;
  // This process reads the system's table and executions directly, as `npm run reconcile` does.
  Object.assign(process.env, {
    AWS_REGION: "eu-central-2",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${ports.DYNAMODB_PORT}`,
    AWS_ENDPOINT_URL_SFN: `http://127.0.0.1:${ports.STEPFUNCTIONS_PORT}`,
  });
  await startSystem();
}, 60_000);

afterAll(async () => {
  await kill();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("killed at random moments", () => {
  it("R-D6 R-$2 R-$3 strands no organization and loses no money", async () => {
    const { recordingPayments } = await import("#shared/ports/payments");
    const money = await Promise.all(["m1", "m2", "m3"].map(signUp));
    const deleted = await Promise.all(["d1", "d2"].map(signUp));
    for (const account of [...money, ...deleted]) {
      expect((await topUp(account, 20_000)).status).toBe(201);
      // The provider takes 150 ms a call: the kills land between writes and calls.
      await recordingPayments.planFaults(account.orgId, { delayMs: 150 });
    }

    let random = 7;
    const nextRandom = () => {
      random = (random * 48271) % 2147483647;
      return random / 2147483647;
    };
    for (let round = 0; round < 3; round++) {
      const burst = [
        ...money.flatMap((account) => [topUp(account, 1_000), withdraw(account, 1_500), topUp(account, 700)]),
        ...(round === 0 ? deleted.map(requestDeletion) : []),
      ];
      await new Promise((resolve) => setTimeout(resolve, 150 + nextRandom() * 600));
      await kill();
      await Promise.all(burst);
      await startSystem();
    }

    const { reconcile } = await import("#shared/reconciler");
    const later = Math.floor(Date.now() / 1000) + 3600;
    // The deletions resume on their own; one that failed is asked again by its owner.
    for (let pass = 0; pass < 40; pass++) {
      const statuses = await Promise.all(deleted.map(deletionStatus));
      if (statuses.every((status) => status === "succeeded")) break;
      const done = await reconcile({ now: later, stalledAfterSeconds: 0 });
      console.info(`crash test: reconciliation pass ${pass}: ${JSON.stringify(done)}`);
      for (const [index, status] of statuses.entries()) {
        const account = deleted[index];
        if (account && (status === "failed" || status === "none")) await requestDeletion(account);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const last = await reconcile({ now: later, stalledAfterSeconds: 0 });
    console.info(`crash test: the last reconciliation: ${JSON.stringify(last)}`);

    // No organization stranded: every deletion completed, nothing left of its partition.
    const { getItem, queryAll } = await import("#shared/entity");
    const { Organization } = await import("#shared/entities");
    const {
      PaymentIntent,
      intentsOfOrganization,
      LedgerEntry,
      ledgerOf,
      PrepaidAccount,
      Withdrawal,
      withdrawalsOf,
    } = await import("#shared/billing/entities");
    for (const account of deleted) {
      expect(await deletionStatus(account)).toBe("succeeded");
      expect(await getItem(Organization, { orgId: account.orgId })).toBeUndefined();
    }

    for (const account of [...money, ...deleted]) {
      // Every charge closed: credited, refunded, or found never charged.
      expect(await queryAll(PaymentIntent, intentsOfOrganization(account.orgId, "pending"))).toEqual([]);
      const calls = await recordingPayments.calls(account.orgId);
      const executed = (operation: string) =>
        calls.filter((call) => call.operation === operation && call.outcome === "executed");
      const refundedKeys = new Set(executed("refund").map((call) => call.idempotencyKey));
      // One execution per key, whatever the retries.
      for (const operation of ["charge", "payout", "refund"]) {
        const keys = executed(operation).map((call) => call.idempotencyKey);
        expect(new Set(keys).size).toBe(keys.length);
      }
      if (deleted.includes(account)) continue;

      // The survivors: the ledger is the balance, every charge is in it or refunded, every payout has its debit.
      const ledger = await queryAll(LedgerEntry, ledgerOf(account.orgId));
      const balance =
        (await getItem(PrepaidAccount, { orgId: account.orgId }, { consistent: true }))?.balance ?? 0;
      expect(ledger.reduce((sum, entry) => sum + entry.amount, 0)).toBe(balance);
      expect(balance).toBeGreaterThanOrEqual(0);
      const credited = new Set(
        ledger.filter((entry) => entry.kind === "top_up").map((entry) => entry.reference),
      );
      for (const charge of executed("charge")) {
        expect(
          credited.has(String(charge.resultId)) || refundedKeys.has(`refund:${charge.idempotencyKey}`),
        ).toBe(true);
      }
      const withdrawals = await queryAll(Withdrawal, withdrawalsOf(account.orgId), { consistent: true });
      for (const payout of executed("payout")) {
        const withdrawal = withdrawals.find(
          (each) => `withdrawal:${each.withdrawalId}` === payout.idempotencyKey,
        );
        expect(withdrawal?.status).toBe("paid_out");
        const debit = ledger.find((entry) => entry.entryId === withdrawal?.debitEntryId);
        expect(debit?.amount).toBe(-(withdrawal?.amount ?? 0));
      }
      // Nothing debited is left unpaid.
      expect(withdrawals.filter((withdrawal) => withdrawal.status === "requested")).toEqual([]);
    }
  }, 120_000);
});
