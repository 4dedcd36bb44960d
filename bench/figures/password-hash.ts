import { randomBytes, scrypt } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { join } from "node:path";
import {
  fullVcpuMemoryMb,
  hashingLatencyGoalMs,
  hashingPlan,
  hashingRouteCapacity,
  hashMsAt,
  memorySizesMb,
  type PasswordHashFigure,
} from "#infra/capacity";
import { publicRouteLimits } from "#infra/throttles";
import type { Figure } from "../lib/figure.ts";
import { ms, table } from "../lib/format.ts";
import { rootDir } from "../lib/settings.ts";

const samples = Number(process.env.BENCH_HASH_SAMPLES ?? 40);
/** The production cost (shared/passwords.ts), whatever SCRYPT_LOG_N the harness runs the functions with. */
const cost = { N: 2 ** 17, r: 8, p: 1 };
const figureFile = join(rootDir, "infra", "measured", "password-hash.json");

const hashOnce = () =>
  new Promise<number>((resolve, reject) => {
    const started = performance.now();
    scrypt("Correct-Horse-Battery-9", randomBytes(16), 64, { ...cost, maxmem: 256 * 1024 * 1024 }, (error) =>
      error ? reject(error) : resolve(performance.now() - started),
    );
  });

const percentile = (sorted: readonly number[], fraction: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0;

/**
 * One password hash at the production cost, one at a time on one core (what one Lambda
 * environment with a whole vCPU does), then the same at Lambda's smaller memory sizes, whose CPU
 * share is memory / 1,769 MB. Writes `infra/measured/password-hash.json`, from which the CDK app
 * derives the hashing functions' memory, the routes' throttles and their reserved concurrency.
 */
export const passwordHashFigure: Figure<unknown> = {
  id: "passwordHash",
  title: "10. Password hashing capacity (scrypt N=2^17, r=8, p=1) by Lambda memory size",
  async run() {
    await hashOnce();
    await hashOnce();
    const times: number[] = [];
    for (let index = 0; index < samples; index++) times.push(await hashOnce());
    const sorted = [...times].sort((a, b) => a - b);
    const figure: PasswordHashFigure = {
      measuredAt: new Date().toISOString(),
      machine: `${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.versions.node}`,
      scrypt: cost,
      samples,
      p50Ms: Math.round(percentile(sorted, 0.5)),
      p99Ms: Math.round(percentile(sorted, 0.99)),
    };
    await writeFile(figureFile, `${JSON.stringify(figure, null, 2)}\n`);
    const plan = hashingPlan(figure);
    const rows = memorySizesMb.map((memory) => [
      `${memory} MB${memory === plan.memorySizeMb ? " (chosen)" : ""}`,
      `${((Math.min(memory, fullVcpuMemoryMb) / fullVcpuMemoryMb) * 100).toFixed(0)} %`,
      ms(hashMsAt({ p99Ms: figure.p50Ms }, memory)),
      ms(hashMsAt(figure, memory)),
    ]);
    const routes = Object.entries(publicRouteLimits)
      .filter(([, limit]) => limit.reservedConcurrency)
      .map(([key, limit]) => {
        const capacity = hashingRouteCapacity(limit.reservedConcurrency ?? 0, plan);
        return [key, String(capacity.concurrency), `${capacity.rateLimit} /s`, String(capacity.burstLimit)];
      });
    const text = [
      `One hash on one core: p50 ${ms(figure.p50Ms)}, p99 ${ms(figure.p99Ms)} (${samples} hashes, ${figure.machine}).`,
      table(["memory", "vCPU share", "p50 per hash", "p99 per hash"], rows),
      table(["route", "concurrency", "rate limit", "burst"], routes),
      `Written to infra/measured/password-hash.json: the next synth derives memory, throttles and reservations from it.`,
    ].join("\n\n");
    return {
      text,
      data: { figure, plan, routes },
      goals: [
        {
          figure: "passwordHash",
          goal: `a password-hashing route answers within ${hashingLatencyGoalMs} ms at p99`,
          met: plan.meetsGoal,
          detail: `${plan.memorySizeMb} MB: ${ms(plan.hashP99Ms)} per hash at p99`,
        },
      ],
    };
  },
};
