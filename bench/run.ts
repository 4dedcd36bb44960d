/**
 * `npm run bench`: the figures of bench/README.md, printed as tables, written with every
 * measurement to bench/results.json, and a summary of the goals met and not met.
 */
import "./lib/quiet.ts";
import { writeFile } from "node:fs/promises";
import type { Goal } from "./lib/figure.ts";
import { table } from "./lib/format.ts";
import { type LocalBench, startLocalBench } from "./lib/local.ts";
import { machine, resultsFile, revision, settings } from "./lib/settings.ts";

const startedAt = new Date();
const machineAtStart = machine();
const measured = revision();
const results: Record<string, { title: string; data: unknown; seconds: number }> = {};
const goals: Goal[] = [];
let local: LocalBench | undefined;
let failed = false;
try {
  local = await startLocalBench();
  // The route and workflow tables import modules that read the environment at import
  // (TABLE_NAME, endpoints): they load once the local runtime has set it.
  const { benchContext, figures, lambdaFunctions, routeScripts } = await import("./figures/index.ts");
  const context = benchContext(local, lambdaFunctions(), await routeScripts());
  // BENCH_ONLY=dynamodb,cost runs some figures (a figure needs those it builds on).
  const only = process.env.BENCH_ONLY?.split(",").map((id) => id.trim());
  for (const figure of figures.filter((candidate) => !only || only.includes(candidate.id))) {
    console.log(`\n${figure.title}\n${"=".repeat(figure.title.length)}`);
    const start = performance.now();
    const result = await figure.run(context);
    const seconds = (performance.now() - start) / 1000;
    console.log(result.text);
    console.log(`(${seconds.toFixed(1)} s)`);
    results[figure.id] = { title: figure.title, data: result.data, seconds };
    goals.push(...result.goals);
  }
} catch (error) {
  failed = true;
  console.error("\nbench failed:", error);
} finally {
  await local?.stop();
}

const verdict = (goal: Goal) => (goal.met === undefined ? "partly checked" : goal.met ? "met" : "NOT MET");
console.log("\nGoals\n=====");
console.log(
  table(
    ["figure", "goal", "verdict", "detail"],
    goals.map((goal) => [goal.figure, goal.goal, verdict(goal), goal.detail]),
  ),
);

const seconds = (Date.now() - startedAt.getTime()) / 1000;
await writeFile(
  resultsFile,
  `${JSON.stringify(
    {
      date: startedAt.toISOString(),
      revision: measured,
      machine: { ...machineAtStart, loadAverageAtEnd: machine().loadAverage },
      settings,
      seconds,
      figures: results,
      goals,
      complete: !failed,
    },
    null,
    2,
  )}\n`,
);
console.log(`\nWrote ${resultsFile} (${seconds.toFixed(0)} s in all).`);
process.exit(failed ? 1 : 0);
