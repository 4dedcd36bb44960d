import { spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Bundle } from "../lib/bundle.ts";
import { documentHandlers } from "../lib/document-handlers.ts";
import { authorizerEventOf, httpEventOf } from "../lib/events.ts";
import type { Figure, Goal } from "../lib/figure.ts";
import { median, ms, ratio, table } from "../lib/format.ts";
import type { LambdaFunction } from "../lib/lambdas.ts";
import type { LocalBench } from "../lib/local.ts";
import type { RouteScript } from "../lib/requests.ts";
import { nodeMajor, outDir, rootDir, settings } from "../lib/settings.ts";
import { taskInputs } from "../scripts/tasks.ts";
import type { BundleSizeContext } from "./bundle-size.ts";

export const coldStartGoal = 1.3;
const child = join(rootDir, "bench", "cold-start-child.ts");
/** The bare bundle runs again after every this many function cold starts. */
const bareEvery = 10;

export interface ColdStartContext extends BundleSizeContext {
  local(): Promise<LocalBench>;
  /** A valid request per route key (bench/scripts/). */
  scripts: Record<string, RouteScript>;
}

interface Sample {
  importCpuMs: number;
  importMs: number;
  invokeMs: number;
  totalMs: number;
  outcome: string;
}

interface Subject {
  name: string;
  bundle: Bundle;
  /** A fresh event per run (single-use requests need their own set-up each time). */
  event(): Promise<unknown>;
  note: string;
  samples: Sample[];
}

export function run(
  subject: Pick<Subject, "name" | "bundle">,
  env: Record<string, string>,
  eventFile: string,
): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = spawn(process.execPath, [child, subject.bundle.file, eventFile, subject.name], {
      env,
      stdio: ["ignore", "pipe", "pipe", "pipe"],
    });
    let result = "";
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-2000);
    };
    started.stdout?.on("data", keep);
    started.stderr?.on("data", keep);
    started.stdio[3]?.on("data", (chunk: Buffer) => {
      result += chunk.toString();
    });
    started.on("error", reject);
    started.on("close", (code) => {
      if (result) resolve(JSON.parse(result) as Sample);
      else reject(new Error(`cold start of ${subject.name} failed (exit ${code}): ${output}`));
    });
  });
}

/** The environment of a deployed function: Lambda's own variables and the stack's configuration. */
export function lambdaEnv(name: string, local: LocalBench): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    LANG: "en_US.UTF-8",
    TZ: ":UTC",
    AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${nodeMajor}.x`,
    AWS_LAMBDA_FUNCTION_NAME: name.replaceAll(/[^A-Za-z0-9-]+/g, "-"),
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "512",
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_DEFAULT_REGION: local.functionEnv.AWS_REGION ?? "eu-central-2",
    APP_VERSION: process.env.APP_VERSION ?? "bench",
    ...local.functionEnv,
  };
}

async function subjectOf(
  lambda: LambdaFunction,
  bundle: Bundle,
  local: LocalBench,
  scripts: Record<string, RouteScript>,
): Promise<Subject> {
  const base = { name: lambda.name, bundle, samples: [] as Sample[] };
  if (lambda.kind === "authorizer") {
    return {
      ...base,
      event: async () => authorizerEventOf((await local.scripts.user()).token),
      note: "valid token of an open session",
    };
  }
  if (lambda.kind === "stream" || lambda.kind === "notification") {
    // No records: the import and the handler's own start, not a mail sent or a logo checked.
    return { ...base, event: async () => ({ Records: [] }), note: "no records" };
  }
  if (lambda.kind === "job") {
    return {
      ...base,
      event: async () => ({ "detail-type": "Scheduled Event", source: "aws.events", detail: {} }),
      note: "its schedule's event (a real run)",
    };
  }
  if (lambda.kind === "task") {
    const input = taskInputs[lambda.handler];
    return {
      ...base,
      event: async () => (input ? input(local.scripts) : {}),
      note: input ? "scripted input" : "no scripted input: invoked with {}",
    };
  }
  const route = lambda.route;
  const script = scripts[lambda.name];
  if (!script) {
    // No script: the shared user's session and organization, no body; other ids unknown.
    return {
      ...base,
      event: async () => {
        const user = await local.scripts.user();
        const path = route.path.replace("{orgId}", user.orgId).replaceAll(/\{\w+\}/g, "unknown");
        const request = { method: route.method, path, token: user.token };
        return httpEventOf(route, request, await local.claimsOf(user.token), local.runtime.operatorKey);
      },
      note: "no script: own organization, no body (4xx expected)",
    };
  }
  return {
    ...base,
    event: async () => {
      const request = await script.prepare(local.scripts);
      const claims = request.token ? await local.claimsOf(request.token) : undefined;
      return httpEventOf(route, request, claims, local.runtime.operatorKey);
    },
    note: script.source.startsWith("authorization row") ? "authorization row" : "bench script",
  };
}

const outcomes = (samples: Sample[]) => {
  const byOutcome = new Map<string, number>();
  for (const sample of samples) byOutcome.set(sample.outcome, (byOutcome.get(sample.outcome) ?? 0) + 1);
  return [...byOutcome.entries()].map(([outcome, count]) => `${outcome}×${count}`).join(" ");
};

export const coldStartFigure: Figure<ColdStartContext> = {
  id: "coldStart",
  title: "2. Cold start of every bundled function (fresh Node process: import + first invocation)",
  async run(context) {
    if (!context.bundles) throw new Error("figure 1 makes the bundles figure 2 starts");
    const local = await context.local();
    const eventsDir = join(outDir, "events");
    await mkdir(eventsDir, { recursive: true });
    const bare: Subject = {
      name: "bare DynamoDB client",
      bundle: context.bundles.bare,
      event: async () => ({}),
      note: "",
      samples: [],
    };
    const powertools: Subject = {
      name: "Powertools yardstick",
      bundle: context.bundles.powertools,
      event: async () => ({ pathParameters: { id: "yardstick" } }),
      note: "",
      samples: [],
    };
    const subjects: Subject[] = [];
    for (const { lambda, bundle } of context.bundles.functions)
      subjects.push(await subjectOf(lambda, bundle, local, context.scripts));

    /**
     * One round: every event made first (set-up over HTTP, nothing measured meanwhile), then
     * the cold starts, `coldStartConcurrency` at a time, the bare bundle interleaved.
     */
    const round = async (keep: boolean, only?: Subject[]) => {
      const order = (only ?? subjects).flatMap((subject, index) =>
        index % bareEvery === 0 ? [bare, powertools, subject] : [subject],
      );
      const jobs: { subject: Subject; file: string }[] = [];
      for (const [index, subject] of order.entries()) {
        const file = join(eventsDir, `event-${index}.json`);
        await writeFile(file, JSON.stringify(await subject.event()));
        jobs.push({ subject, file });
      }
      const worker = async () => {
        for (let job = jobs.shift(); job; job = jobs.shift()) {
          const sample = await run(job.subject, lambdaEnv(job.subject.name, local), job.file);
          if (keep) job.subject.samples.push(sample);
        }
      };
      await Promise.all(Array.from({ length: settings.coldStartConcurrency }, worker));
    };
    // An unmeasured start warms Node and the local runtime up; then the measured rounds, as
    // many as the time budget allows (BENCH_RUNS at most).
    await round(false, subjects.slice(0, 1));
    const started = performance.now();
    let rounds = 0;
    let budgetReached = false;
    while (rounds < settings.coldStartRuns) {
      const roundStart = performance.now();
      await round(true);
      rounds += 1;
      const elapsed = (performance.now() - started) / 1000;
      const roundSeconds = (performance.now() - roundStart) / 1000;
      if (rounds < settings.coldStartRuns && elapsed + roundSeconds > settings.coldStartBudgetSeconds) {
        budgetReached = true;
        break;
      }
    }

    const bareCpu = median(bare.samples.map((sample) => sample.importCpuMs)) ?? Number.NaN;
    const bareTotal = median(bare.samples.map((sample) => sample.totalMs)) ?? Number.NaN;
    const powertoolsCpu = median(powertools.samples.map((sample) => sample.importCpuMs)) ?? Number.NaN;
    const powertoolsTotal = median(powertools.samples.map((sample) => sample.totalMs)) ?? Number.NaN;
    const rows = subjects.map((subject) => {
      const cpu = median(subject.samples.map((sample) => sample.importCpuMs)) ?? Number.NaN;
      const importMs = median(subject.samples.map((sample) => sample.importMs)) ?? Number.NaN;
      const total = median(subject.samples.map((sample) => sample.totalMs)) ?? Number.NaN;
      return {
        function: subject.name,
        importCpuMs: cpu,
        importMs,
        totalMs: total,
        cpuRatio: cpu / bareCpu,
        totalRatio: total / bareTotal,
        cpuRatioToPowertools: cpu / powertoolsCpu,
        totalRatioToPowertools: total / powertoolsTotal,
        outcomes: outcomes(subject.samples),
        event: subject.note,
        runs: subject.samples.length,
      };
    });
    const text = [
      `Median of ${rounds} runs per function (${bare.samples.length} of the bare bundle, interleaved), ` +
        `${settings.coldStartConcurrency} at a time, Node ${process.version}.` +
        (budgetReached
          ? ` ${rounds} of ${settings.coldStartRuns} runs: another would pass the ${settings.coldStartBudgetSeconds} s budget (BENCH_COLD_START_SECONDS).`
          : ""),
      `Bare bundle: import CPU ${ms(bareCpu)} ms, import + first invocation ${ms(bareTotal)} ms.`,
      `Powertools yardstick: import CPU ${ms(powertoolsCpu)} ms (${ratio(powertoolsCpu / bareCpu)} bare), import + first invocation ${ms(powertoolsTotal)} ms (${ratio(powertoolsTotal / bareTotal)} bare).`,
      "The first invocation is measured whatever it answers: the outcome column shows each run's answer.",
      "",
      table(
        [
          "function",
          "import CPU ms",
          "vs bare",
          "vs Powertools",
          "import+invoke ms",
          "vs bare",
          "vs Powertools",
          "outcome per run",
          "event",
        ],
        rows.map((row) => [
          row.function,
          ms(row.importCpuMs),
          ratio(row.cpuRatio),
          ratio(row.cpuRatioToPowertools),
          ms(row.totalMs),
          ratio(row.totalRatio),
          ratio(row.totalRatioToPowertools),
          row.outcomes,
          row.event,
        ]),
      ),
    ].join("\n");

    // The functions that render invoice documents are judged apart, in figure 9.
    const apart = documentHandlers();
    const judged = rows.filter((_, index) => !apart.has(subjects[index]?.bundle.entry ?? ""));
    const over = (key: "cpuRatio" | "totalRatio") => judged.filter((row) => !(row[key] < coldStartGoal));
    const goal = (key: "cpuRatio" | "totalRatio", what: string): Goal => {
      const failing = over(key);
      const worst = judged.reduce((max, row) => Math.max(max, row[key]), 0);
      return {
        figure: "2",
        goal: `${what} under ${coldStartGoal}x the bare bundle's, for every function (figure 9's apart)`,
        met: failing.length === 0,
        detail:
          failing.length === 0
            ? `all ${judged.length} pass; worst ${ratio(worst)}`
            : `${failing.length} of ${judged.length} over; worst ${ratio(worst)} (${failing
                .sort((a, b) => b[key] - a[key])
                .slice(0, 3)
                .map((row) => row.function)
                .join(", ")})`,
      };
    };
    return {
      text,
      data: {
        runs: rounds,
        runsAsked: settings.coldStartRuns,
        budgetSeconds: settings.coldStartBudgetSeconds,
        budgetReached,
        concurrency: settings.coldStartConcurrency,
        node: process.version,
        bare: { importCpuMs: bareCpu, totalMs: bareTotal, samples: bare.samples },
        powertools: { importCpuMs: powertoolsCpu, totalMs: powertoolsTotal, samples: powertools.samples },
        functions: rows.map((row, index) => ({ ...row, samples: subjects[index]?.samples })),
      },
      goals: [goal("cpuRatio", "import CPU time"), goal("totalRatio", "import + first invocation wall time")],
    };
  },
};
