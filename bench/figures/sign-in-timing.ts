import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Figure } from "../lib/figure.ts";
import { median, ms, table } from "../lib/format.ts";
import { rootDir } from "../lib/settings.ts";

export const signInTimingGoalMs = 1;
const pairs = Number(process.env.BENCH_SIGN_IN_PAIRS ?? 60);

/**
 * R-A6: a wrong password for an address that has an account must take as long as any password
 * for one that has none, or the timing tells which addresses exist. Interleaved pairs of
 * attempts (existing, unknown; then the other way round) against the local HTTP API, each
 * address used fewer times than the lock allows; the figure is the median of the differences.
 * It runs last (it starts a runtime of its own). Both paths run the same scrypt by construction (the same parameters, the same calls); at the
 * production cost its own jitter (±20 ms at 2^17 on this machine) would hide everything else,
 * so this figure runs a runtime of its own with scrypt at 2^12: what it measures is the rest
 * of the work (reads, writes), where a difference would come from.
 */
export const signInTimingFigure: Figure<unknown> = {
  id: "signInTiming",
  title: "8. Sign-in timing: a wrong password for an existing address against an unknown address",
  async run() {
    const dataDir = await mkdtemp(join(tmpdir(), "aw-bench-sign-in-"));
    // A second runtime sets the process's environment (endpoints...): put back as it was after.
    const before = { ...process.env };
    process.env.SCRYPT_LOG_N = "12";
    const { startLocalRuntime } = await import("#local/runtime");
    const runtime = await startLocalRuntime({ rootDir, dataDir, rateLimitsExemptLoopback: true });
    try {
      const api = runtime.urls.api;
      const attemptsPerAddress = 4; // the fifth failure locks the address (R-A6)
      const { signUp } = await import("#test/support/accounts");
      const accounts = await Promise.all(
        Array.from({ length: Math.ceil(pairs / attemptsPerAddress) }, () => signUp(api)),
      );
      const attempt = async (loginEmail: string) => {
        const started = performance.now();
        const response = await fetch(`${api}/v1/sessions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ loginEmail, password: "Not-The-Password-000" }),
        });
        await response.arrayBuffer();
        if (response.status !== 401) throw new Error(`a wrong sign-in answered ${response.status}`);
        return performance.now() - started;
      };
      const differences: number[] = [];
      const existing: number[] = [];
      const unknown: number[] = [];
      for (let pair = 0; pair < pairs; pair++) {
        const account = accounts[Math.floor(pair / attemptsPerAddress)];
        if (!account) break;
        const stranger = `nobody-${pair}-${Date.now()}@example.org`;
        // Half the pairs start with the existing address: neither goes first every time.
        let known: number;
        let missing: number;
        if (pair % 2 === 0) {
          known = await attempt(account.loginEmail);
          missing = await attempt(stranger);
        } else {
          missing = await attempt(stranger);
          known = await attempt(account.loginEmail);
        }
        existing.push(known);
        unknown.push(missing);
        differences.push(known - missing);
      }
      const difference = median(differences) ?? Number.NaN;
      return {
        text: [
          `${differences.length} interleaved pairs (the order alternates), the local HTTP API, scrypt at 2^12 (see the figure's note).`,
          "",
          table(
            ["address", "median ms"],
            [
              ["existing, wrong password", ms(median(existing) ?? Number.NaN)],
              ["unknown", ms(median(unknown) ?? Number.NaN)],
              ["median difference", ms(difference)],
            ],
          ),
        ].join("\n"),
        data: { pairs: differences.length, differences, existing, unknown, medianDifferenceMs: difference },
        goals: [
          {
            figure: "8",
            goal: `sign-in: median difference between an existing and an unknown address under ${signInTimingGoalMs} ms`,
            met: Math.abs(difference) < signInTimingGoalMs,
            detail: `${ms(difference)} ms over ${differences.length} pairs`,
          },
        ],
      };
    } finally {
      await runtime.stop();
      await rm(dataDir, { recursive: true, force: true });
      for (const name of Object.keys(process.env)) if (!(name in before)) delete process.env[name];
      Object.assign(process.env, before);
    }
  },
};
