/**
 * Puts known defects back, one at a time, and checks that the tests meant to guard against each
 * one fail:
 *   npm run test:mutations                      # every defect of the table below
 *   npm run test:mutations -- --only retry      # those whose name contains "retry"
 *   npm run test:mutations -- --list            # the table, nothing run
 *   npm run test:mutations -- --keep            # keep the scratch folder (copies and logs)
 *
 * The project (without .git, .data, cdk.out and node_modules) is copied to a scratch folder once,
 * as it is now, uncommitted changes included; every run works on a copy of that snapshot, so
 * edits made meanwhile change nothing. Each copy gets a node_modules of its own made of symlinks
 * to the entries of the real one, except its caches (`.cache`, where the function bundles are
 * kept, and vite's `.vite` and `.vite-temp`): bundles built from mutated code never land in the
 * checkout's node_modules/.cache/account-workflows. (The copy's cache is seeded with a copy of
 * current bundles, which local/bundle.ts rebuilds when an input differs, as a mutation's does.)
 *
 * First the test files of every defect run together on an unmutated copy: when they fail, the
 * script stops (a defect "caught" by a broken baseline proves nothing). Then, for each defect,
 * a fresh copy, its search text replaced (it must occur exactly once in the file, or the script
 * stops: the table no longer matches the code), and `npx vitest run <its test files>`. A defect
 * is caught when every one of its test files fails, MISSED when one passes; the exit code is
 * non-zero when one was missed or could not be run.
 */
import { spawn } from "node:child_process";
import {
  cp,
  lstat,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  realpath,
  rm,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";

/** A defect put back by one replacement, and the test files that must fail with it. */
interface GuardedDefect {
  name: string;
  /** The file changed, relative to the project root. */
  file: string;
  /** Text that occurs exactly once in the file... */
  search: string;
  /** ...and what it becomes. */
  replace: string;
  /** Test files (relative to the project root) that must each fail with the defect. */
  tests: string[];
}

const defects: GuardedDefect[] = [
  {
    name: "transaction conflicts no longer retried (one try, then 409 CONFLICT)",
    file: "shared/entity/conflicts.ts",
    search: "export const conflictRetry = { attempts: 8,",
    replace: "export const conflictRetry = { attempts: 1,",
    tests: ["test/integration/prepaid.test.ts"],
  },
  {
    name: "local DynamoDB: single writes ignore the item locks of transactions",
    file: "local/dynamodb-writes.ts",
    search: "if (!locks.tryHoldForSingleWrite(identity)) throw transactionConflict();",
    replace: "locks.tryHoldForSingleWrite(identity);",
    tests: ["test/integration/local-dynamodb-transactions.test.ts"],
  },
  // Each header the portal reads, left out of the exposed ones in turn.
  ...["etag", "location", "retry-after", "x-request-id"].map((header, _, all) => ({
    name: `CORS: ${header} no longer exposed to the portal`,
    file: "shared/cors.ts",
    search: `exposeHeaders: ${JSON.stringify(all).replaceAll(",", ", ")},`,
    replace: `exposeHeaders: ${JSON.stringify(all.filter((each) => each !== header)).replaceAll(",", ", ")},`,
    tests: ["test/browser/cors.test.ts"],
  })),
  {
    name: "authorizer cache off: every request authorized again",
    file: "local/gateway.ts",
    search: "authorizerCache.set(authorization, cached);",
    replace: "authorizerCache.delete(authorization);",
    tests: ["test/integration/authorizer-cache.test.ts"],
  },
  {
    name: "authorizer cache TTL changed (30 s to 60 s)",
    file: "functions/routes.ts",
    search: "resultsCacheTtlSeconds: 30,",
    replace: "resultsCacheTtlSeconds: 60,",
    tests: ["test/integration/authorizer-cache.test.ts"],
  },
  {
    name: "rate limits not enforced",
    file: "shared/rate-limits.ts",
    search: "if (!counted.length) return;",
    replace: "if (counted.length >= 0) return;",
    tests: ["test/integration/rate-limits.test.ts"],
  },
  {
    name: "the reconciler no longer credits charged top-ups",
    file: "shared/billing/reconcile.ts",
    search: "    await settleTopUp(intent, charged.paymentId);\n",
    replace: "    void settleTopUp;\n",
    tests: ["test/integration/reconcile-payments.test.ts", "test/integration/crash.test.ts"],
  },
  // ---- Crash recovery, from the crash test's rewrite (05dc079: kills at named points). Its
  // commit names the defects it was checked against, the pairs are written from them: the
  // journal's recovery removed (crash.test.ts; local-dynamodb-crashes.test.ts cuts a transaction too),
  // and the index repair removed (a half-write the crash test cannot reach:
  // local-dynamodb-crashes.test.ts reproduces it). Add further pairs from crash.test.ts here.
  {
    name: "local DynamoDB: a transaction cut off by a crash is not undone at the next start",
    file: "local/dynamodb.ts",
    search: "const undone = await journal.recover((entry) => restoreImage(backend, entry));",
    replace: "const undone = 0;",
    tests: ["test/integration/crash.test.ts", "test/integration/local-dynamodb-crashes.test.ts"],
  },
  {
    name: "local DynamoDB: indexes a crash left stale are not repaired",
    file: "local/dynamodb.ts",
    search: "const repaired = await repairIndexes(backend, options.tableName);",
    replace: "const repaired = 0;",
    tests: ["test/integration/local-dynamodb-crashes.test.ts"],
  },
  // Mail killed after the commit (crash.test.ts, issue 23): the mailer's mapping resumes where it
  // was after a restart, and the reconciler asks again what a dead mailer held.
  {
    name: "local event source mapping: a restart resumes at the stream's end, not at its checkpoint",
    file: "local/event-source-mapping.ts",
    search: "const checkpoint = manager.checkpoints.get(consumer.name);",
    replace: "const checkpoint = manager.checkpoints.get(consumer.name) && options.stream.lastSequence();",
    tests: ["test/integration/crash.test.ts"],
  },
  {
    name: "the reconciler no longer asks again a mail whose mailer died holding it (sending, lease past)",
    file: "shared/mail/reconcile.ts",
    search:
      "if (item.updatedAt < stalledBefore && (item.claimedUntil ?? 0) < now && (await requeue(item, now)))",
    replace: "if (item.updatedAt < stalledBefore && (item.claimedUntil ?? 0) < now && false)",
    tests: ["test/integration/crash.test.ts"],
  },
  // The first deploy and what production tells operators (issue 22).
  {
    name: "the stage no longer waits for the route stacks its settings name",
    file: "infra/stack.ts",
    search: "      stage.node.addDependency(holder);",
    replace: "      void holder;",
    tests: ["test/infra/deploy-order.test.ts"],
  },
  {
    name: "the workflows' log groups outlive a failed first deploy (Retain)",
    file: "infra/constructs/workflows.ts",
    search: "            removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,",
    replace: "            removalPolicy: RemovalPolicy.RETAIN,",
    tests: ["test/infra/deploy-order.test.ts"],
  },
  {
    name: "alarms and widgets name the project's metrics without Powertools' service dimension",
    file: "shared/metrics.ts",
    search: "  return {\n    service,\n",
    replace: "  return {\n",
    tests: ["test/integration/alarms.test.ts"],
  },
  {
    name: "the workflow alarm's expression without FILL",
    file: "infra/constructs/alarms.ts",
    search: '"MAX([FILL(failed, 0) - FILL(expected, 0), 0]) + FILL(timedOut, 0) + FILL(aborted, 0)"',
    replace: '"MAX([failed - expected, 0]) + timedOut + aborted"',
    tests: ["test/integration/alarms.test.ts"],
  },
  {
    name: "the hashing functions keep the default memory whatever the measured hash",
    file: "infra/constructs/routes.ts",
    search: "...(route.passwordHashing ? { memorySize: hashingPlan().memorySizeMb } : {}),",
    replace: "",
    tests: ["test/infra/capacity.test.ts"],
  },
  {
    name: "local Lambda: a function's invocations share one environment (no throttle at the reservation)",
    file: "local/functions.ts",
    search: "      if (busyOf(state) < reserved) return;",
    replace: "      return;",
    tests: ["test/integration/lambda-concurrency.test.ts"],
  },
];

const rootDir = resolve(import.meta.dirname, "..");
/** Left out of every copy (what git ignores and can be large, or is the machine's own). */
const notCopied = new Set([".git", ".data", "cdk.out", "node_modules"]);
/** Entries of node_modules a copy gets its own of: caches and temporary files. */
const ownInCopy = new Set([".cache", ".vite", ".vite-temp"]);
const bundleCache = join("node_modules", ".cache", "account-workflows");
/** A run of vitest longer than this is stopped (and the defect reported as not run). */
const runTimeoutMs = 20 * 60_000;

const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const only = option("--only");
const keep = args.includes("--keep");

/** The vitest running now: its process group is stopped with the script (Ctrl-C). */
let running: number | undefined;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    if (running) process.kill(-running, "SIGKILL");
    process.exit(130);
  });
}

const elapsed = (since: number) => {
  const seconds = Math.round((Date.now() - since) / 1000);
  return seconds >= 60
    ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`
    : `${seconds}s`;
};

/** How often `search` occurs in `text`. */
const occurrences = (text: string, search: string) => text.split(search).length - 1;

/** The defect's file with its replacement made; throws unless the search text occurs exactly once. */
async function mutated(dir: string, defect: GuardedDefect): Promise<string> {
  const text = await readFile(join(dir, defect.file), "utf8");
  const found = occurrences(text, defect.search);
  if (found !== 1) {
    throw new Error(
      `"${defect.name}": the search text occurs ${found} times in ${defect.file} (it must occur once; update the table in scripts/test-mutations.ts):\n${defect.search}`,
    );
  }
  return text.replace(defect.search, () => defect.replace);
}

/** Copies the project (or a snapshot of it) without what `notCopied` names; file times kept. */
async function copyProject(from: string, to: string) {
  await cp(from, to, {
    recursive: true,
    preserveTimestamps: true,
    verbatimSymlinks: true,
    filter: (source) => {
      const path = relative(from, source);
      return !notCopied.has(path.split(/[\\/]/)[0] ?? "");
    },
  });
}

/**
 * A node_modules for a copy: a symlink to each entry of the real one, except its caches. A
 * workspace package (a link back into the project, as @hosting-account-workflows/client is)
 * points to the copy's own folder instead.
 */
async function linkNodeModules(copy: string) {
  const real = join(rootDir, "node_modules");
  const target = join(copy, "node_modules");
  await mkdir(target);
  const intoProject = async (path: string) => {
    const resolved = await realpath(path).catch(() => undefined);
    if (!resolved) return undefined;
    const inside = relative(rootDir, resolved);
    return inside && !inside.startsWith("..") && !isAbsolute(inside) && !inside.startsWith("node_modules")
      ? inside
      : undefined;
  };
  for (const entry of await readdir(real)) {
    if (ownInCopy.has(entry)) continue;
    const source = join(real, entry);
    if (entry.startsWith("@") && (await lstat(source)).isDirectory()) {
      const members = await readdir(source);
      const workspace = await Promise.all(members.map((member) => intoProject(join(source, member))));
      if (workspace.some(Boolean)) {
        await mkdir(join(target, entry));
        for (const [index, member] of members.entries()) {
          const inside = workspace[index];
          await symlink(inside ? join(copy, inside) : join(source, member), join(target, entry, member));
        }
        continue;
      }
    }
    const inside = (await lstat(source)).isSymbolicLink() ? await intoProject(source) : undefined;
    await symlink(inside ? join(copy, inside) : source, join(target, entry));
  }
}

/** Seeds a copy's bundle cache (local/bundle.ts rebuilds what its inputs no longer match). */
async function seedBundles(from: string, copy: string) {
  await cp(join(from, bundleCache), join(copy, bundleCache), {
    recursive: true,
    preserveTimestamps: true,
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
}

type FileOutcome = "failed" | "passed" | "not run";
interface RunResult {
  files: Map<string, { outcome: FileOutcome; failedTests: number }>;
  log: string;
  /** Why vitest gave no result (a crash, a timeout), when it gave none. */
  problem?: string;
}

/** `npx vitest run <tests>` in the copy, its output in a log file; each test file's outcome. */
async function runTests(copy: string, tests: readonly string[], log: string): Promise<RunResult> {
  const report = join(copy, ".mutation-report.json");
  const output = await open(log, "w");
  const child = spawn(
    "npx",
    // One file at a time: files run side by side load the machine and slow its timing-bound
    // tests past their timeouts (a baseline failed so), whatever the defect.
    [
      "vitest",
      "run",
      ...tests,
      "--maxWorkers=1",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${report}`,
    ],
    { cwd: copy, stdio: ["ignore", output.fd, output.fd], detached: true },
  );
  running = child.pid;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid) process.kill(-child.pid, "SIGKILL");
  }, runTimeoutMs);
  const exit = await new Promise<number | null>((done) => {
    child.on("exit", (code) => done(code));
    child.on("error", () => done(null));
  });
  clearTimeout(timer);
  running = undefined;
  await output.close();
  const files = new Map<string, { outcome: FileOutcome; failedTests: number }>();
  for (const test of tests) files.set(test, { outcome: "not run", failedTests: 0 });
  if (timedOut) return { files, log, problem: `stopped after ${runTimeoutMs / 60_000} minutes` };
  let parsed: {
    testResults?: { name: string; status: string; assertionResults?: { status: string }[] }[];
  };
  try {
    parsed = JSON.parse(await readFile(report, "utf8"));
  } catch {
    return { files, log, problem: `vitest exited with ${exit} and no report` };
  }
  for (const result of parsed.testResults ?? []) {
    const file = relative(copy, result.name);
    if (!files.has(file)) continue;
    const failedTests = (result.assertionResults ?? []).filter((test) => test.status === "failed").length;
    files.set(file, {
      outcome: result.status === "failed" || failedTests ? "failed" : "passed",
      failedTests,
    });
  }
  return { files, log };
}

const describeFiles = (result: RunResult) =>
  [...result.files]
    .map(([file, { outcome, failedTests }]) => {
      const short = file.replace(/^test\/[^/]+\//, "");
      return outcome === "failed" && failedTests
        ? `${short} failed (${failedTests} test${failedTests === 1 ? "" : "s"})`
        : `${short} ${outcome}`;
    })
    .join(", ");

async function main() {
  if (args.includes("--list")) {
    let stale = 0;
    for (const defect of defects) {
      const found = occurrences(await readFile(join(rootDir, defect.file), "utf8"), defect.search);
      if (found !== 1) stale++;
      const state = found === 1 ? "" : ` (STALE: the search text occurs ${found} times)`;
      console.log(`${defect.name}\n  ${defect.file}${state} -> ${defect.tests.join(", ")}`);
    }
    return stale ? 2 : 0;
  }
  const chosen = defects.filter((defect) => !only || defect.name.includes(only));
  if (!chosen.length) throw new Error(`no defect's name contains "${only}"`);
  // The table is checked against the checkout before anything runs: a stale entry stops at once.
  for (const defect of chosen) await mutated(rootDir, defect);
  const tests = [...new Set(chosen.flatMap((defect) => defect.tests))];
  for (const test of tests) await lstat(join(rootDir, test));

  const started = Date.now();
  // Its real path: vitest reports test files by theirs.
  const scratch = await realpath(await mkdtemp(join(tmpdir(), "aw-mutations-")));
  const logs = join(scratch, "logs");
  await mkdir(logs);
  let keepScratch = keep;
  console.log(`${chosen.length} guarded defect(s); scratch folder ${scratch}`);
  try {
    const snapshot = join(scratch, "snapshot");
    await copyProject(rootDir, snapshot);
    const newCopy = async (name: string, bundlesFrom: string) => {
      const copy = join(scratch, name);
      await copyProject(snapshot, copy);
      await linkNodeModules(copy);
      await seedBundles(bundlesFrom, copy);
      return copy;
    };

    const baselineStarted = Date.now();
    const baseline = await newCopy("baseline", rootDir);
    const unmutated = await runTests(baseline, tests, join(logs, "baseline.log"));
    const broken = [...unmutated.files].filter(([, { outcome }]) => outcome !== "passed");
    if (unmutated.problem || broken.length) {
      keepScratch = true;
      console.log(`baseline, unmutated: ${describeFiles(unmutated)} (${elapsed(baselineStarted)})`);
      console.log(
        `The tests fail without any defect${unmutated.problem ? ` (${unmutated.problem})` : ""}: nothing to learn from a mutation. See ${unmutated.log}`,
      );
      return 2;
    }
    console.log(`baseline, unmutated: ${tests.length} test files passed (${elapsed(baselineStarted)})`);

    let missed = 0;
    let notRun = 0;
    for (const [index, defect] of chosen.entries()) {
      const defectStarted = Date.now();
      const copy = await newCopy(`defect-${index + 1}`, baseline);
      await writeFile(join(copy, defect.file), await mutated(copy, defect));
      const result = await runTests(copy, defect.tests, join(logs, `defect-${index + 1}.log`));
      const outcomes = [...result.files.values()].map((file) => file.outcome);
      const verdict =
        result.problem || outcomes.includes("not run")
          ? "NOT RUN"
          : outcomes.every((outcome) => outcome === "failed")
            ? "caught"
            : "MISSED";
      if (verdict === "MISSED") missed++;
      if (verdict === "NOT RUN") notRun++;
      console.log(
        `[${index + 1}/${chosen.length}] ${verdict.padEnd(7)} ${defect.name} (${defect.file}): ${describeFiles(result)}${result.problem ? `, ${result.problem}` : ""} (${elapsed(defectStarted)})`,
      );
      if (verdict !== "caught") keepScratch = true;
      else if (!keep) await rm(copy, { recursive: true, force: true });
    }
    const caught = chosen.length - missed - notRun;
    console.log(
      `${caught} of ${chosen.length} defects caught, ${missed} missed${notRun ? `, ${notRun} not run` : ""} (${elapsed(started)} in all)`,
    );
    if (keepScratch) console.log(`Logs and copies kept in ${scratch}`);
    return missed || notRun ? 1 : 0;
  } finally {
    if (!keepScratch) await rm(scratch, { recursive: true, force: true });
  }
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`test:mutations: ${(error as Error).message}`);
  return 2;
});
