import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Figure } from "../lib/figure.ts";
import { median, ms, table } from "../lib/format.ts";
import { rootDir } from "../lib/settings.ts";

export const signInTimingGoalMs = 1;
const pairs = Number(process.env.BENCH_SIGN_IN_PAIRS ?? 60);

interface Attempts {
  label: string;
  /** How many times one account's address may be used before a limit or a lock answers instead. */
  perAddress: number;
  attempt(api: string, email: string): Promise<number>;
}

const timed = async (api: string, path: string, body: unknown, expected: number) => {
  const started = performance.now();
  const response = await fetch(`${api}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  if (response.status !== expected) throw new Error(`${path} answered ${response.status}`);
  return performance.now() - started;
};

const measured: Attempts[] = [
  {
    label: "sign-in, wrong password",
    perAddress: 4, // the fifth failure locks the address (R-A6)
    attempt: (api, loginEmail) =>
      timed(api, "/v1/sessions", { loginEmail, password: "Not-The-Password-000" }, 401),
  },
  {
    label: "password reset request",
    perAddress: 5, // passwordResetPerAddress (R-A9)
    attempt: (api, email) => timed(api, "/v1/password-resets", { email }, 202),
  },
];

/**
 * R-A6, R-A8: a wrong password, or a password reset, for an address that has an account must
 * take as long as for one that has none, or the timing tells which addresses exist.
 * Interleaved pairs of attempts (existing, unknown; then the other way round) against the
 * local HTTP API, each address used fewer times than its lock or limit allows; the figure is
 * the median of the differences. It runs last (it starts a runtime of its own). Both sign-in
 * paths run the same scrypt by construction; at the production cost its own jitter (±20 ms at
 * 2^17 on this machine) would hide everything else, so this figure runs a runtime of its own
 * with scrypt at 2^12: what it measures is the rest of the work (reads, writes, mails), where
 * a difference would come from. A reset for an account sends its two mails together, for an
 * unknown address one: in AWS the difference is that of the slower of two SES calls.
 */
export const signInTimingFigure: Figure<unknown> = {
  id: "signInTiming",
  title: "8. Timing by address: sign-in and password reset, an existing address against an unknown one",
  async run() {
    const dataDir = await mkdtemp(join(tmpdir(), "aw-bench-sign-in-"));
    // A second runtime sets the process's environment (endpoints...): put back as it was after.
    const before = { ...process.env };
    process.env.SCRYPT_LOG_N = "12";
    const { startLocalRuntime } = await import("#local/runtime");
    const runtime = await startLocalRuntime({ rootDir, dataDir, rateLimitsExemptLoopback: true });
    try {
      const api = runtime.urls.api;
      const { signUp } = await import("#test/support/accounts");
      const rows: string[][] = [];
      const data: Record<string, unknown> = {};
      const goals = [];
      for (const kind of measured) {
        // One after another: sign-up hashes a password, and its function's reserved concurrency
        // (infra/throttles.ts, enforced by the local Lambda) answers 429 to a burst of them.
        const accounts: Awaited<ReturnType<typeof signUp>>[] = [];
        for (let count = 0; count < Math.ceil(pairs / kind.perAddress); count++)
          accounts.push(await signUp(api));
        const differences: number[] = [];
        const existing: number[] = [];
        const unknown: number[] = [];
        for (let pair = 0; pair < pairs; pair++) {
          const account = accounts[Math.floor(pair / kind.perAddress)];
          if (!account) break;
          const stranger = `nobody-${pair}-${Date.now()}@example.org`;
          // Half the pairs start with the existing address: neither goes first every time.
          let known: number;
          let missing: number;
          if (pair % 2 === 0) {
            known = await kind.attempt(api, account.loginEmail);
            missing = await kind.attempt(api, stranger);
          } else {
            missing = await kind.attempt(api, stranger);
            known = await kind.attempt(api, account.loginEmail);
          }
          existing.push(known);
          unknown.push(missing);
          differences.push(known - missing);
        }
        const difference = median(differences) ?? Number.NaN;
        rows.push(
          [kind.label, "existing", ms(median(existing) ?? Number.NaN)],
          [kind.label, "unknown", ms(median(unknown) ?? Number.NaN)],
          [kind.label, "median difference", ms(difference)],
        );
        data[kind.label] = {
          pairs: differences.length,
          differences,
          existing,
          unknown,
          medianDifferenceMs: difference,
        };
        goals.push({
          figure: "8",
          goal: `${kind.label}: median difference between an existing and an unknown address under ${signInTimingGoalMs} ms`,
          met: Math.abs(difference) < signInTimingGoalMs,
          detail: `${ms(difference)} ms over ${differences.length} pairs`,
        });
      }
      return {
        text: [
          `${pairs} interleaved pairs per kind (the order alternates), the local HTTP API, scrypt at 2^12 (see the figure's note).`,
          "",
          table(["request", "address", "median ms"], rows),
        ].join("\n"),
        data,
        goals,
      };
    } finally {
      await runtime.stop();
      await rm(dataDir, { recursive: true, force: true });
      for (const name of Object.keys(process.env)) if (!(name in before)) delete process.env[name];
      Object.assign(process.env, before);
    }
  },
};
