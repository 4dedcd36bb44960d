import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join, resolve } from "node:path";

/** The environment before the harness started anything (the local runtime adds to it). */
export const initialEnv: Readonly<Record<string, string | undefined>> = { ...process.env };

/** The project root: handler paths in the route and workflow tables are relative to it. */
export const rootDir = resolve(import.meta.dirname, "../..");

/** Bundles, events and scratch data (git-ignored by bench/.gitignore). */
export const outDir = join(rootDir, "bench", ".out");

export const resultsFile = join(rootDir, "bench", "results.json");

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** The knobs of a run, read once. */
export const settings = {
  /** Cold starts per bundle (median of these); lower it for quick runs. */
  coldStartRuns: positiveInteger("BENCH_RUNS", 20),
  /**
   * Cold starts at a time: one per core, at most two (each child is one busy thread; the
   * bare bundle runs under the same conditions, so the ratios stay fair).
   */
  coldStartConcurrency: positiveInteger("BENCH_CONCURRENCY", Math.min(2, cpus().length)),
  /** Figure 2 starts no new round past this many seconds, so the whole bench stays under 10 minutes. */
  coldStartBudgetSeconds: positiveInteger("BENCH_COLD_START_SECONDS", 360),
  /** Seconds per autocannon case. */
  loadSeconds: positiveInteger("BENCH_DURATION", 10),
  loadConnections: 10,
  /** Measured passes over the route scripts of figure 4 (after one warm-up pass). */
  requestPasses: 3,
};

interface PackageJson {
  version: string;
  devDependencies: Record<string, string>;
}

const packageJson = JSON.parse(readFileSync(join(rootDir, "package.json"), "utf8")) as PackageJson;

/** The Node major of the one pin in package.json: the Lambda runtime and the esbuild target. */
export { nodeMajor } from "#local/node-version";

export const appVersion = packageJson.version;

/** The code measured: the commit, and whether the working tree differed from it. */
export function revision() {
  const git = (...args: string[]) => {
    try {
      return execFileSync("git", args, { cwd: rootDir, encoding: "utf8" }).trim();
    } catch {
      return undefined;
    }
  };
  const status = git("status", "--porcelain", "--untracked-files=no");
  return {
    commit: git("rev-parse", "--short", "HEAD"),
    uncommittedChanges: status === undefined ? undefined : status !== "",
  };
}

export function machine() {
  const processors = cpus();
  return {
    cpus: processors.length,
    cpuModel: processors[0]?.model ?? "unknown",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: process.platform,
    arch: process.arch,
    node: process.version,
    /** Other work on the machine skews every figure: the 1, 5 and 15 minute load averages. */
    loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
  };
}
