/**
 * Operators' view of the workflows, through the Step Functions API itself; the same as the
 * operator console of `npm start` shows (both read local/console/executions.ts):
 *   npm run executions                          each state machine, its executions counted by
 *                                               status, and its newest executions
 *   npm run executions -- --status FAILED       only executions with that status
 *   npm run executions -- --workflow <name>     one state machine only
 *   npm run executions -- <executionArn>        one execution, state by state: input, output,
 *                                               retries, and where and why it failed
 *   npm run executions -- <executionArn> --events   its history, event by event
 *   --limit <n> (executions per state machine, 10 by default), --json (the console's JSON).
 * Talks to the local runtime (`npm start`) by default; with `--aws` to the account and region
 * of the environment's credentials.
 */
import { parseArgs } from "node:util";
import { type ExecutionStatus, SFNClient } from "@aws-sdk/client-sfn";
import {
  type ExecutionDetail,
  eventDetails,
  executionDetail,
  isExecutionStatus,
  listExecutions,
  localSfnClient,
  readHistory,
  stateMachineSummaries,
  type TimelineStep,
} from "#local/console/executions";
import { connectLocalSystem } from "./local-system.ts";

const usage =
  "usage: npm run executions -- [--status <STATUS>] [--workflow <name>] [--limit <n>] [--json] [--aws] | <executionArn> [--events] [--json]";

const parse = () =>
  parseArgs({
    allowPositionals: true,
    options: {
      status: { type: "string" },
      workflow: { type: "string" },
      limit: { type: "string", default: "10" },
      events: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      aws: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
let parsed: ReturnType<typeof parse>;
try {
  parsed = parse();
} catch (error) {
  console.error(`executions: ${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const { values: options, positionals } = parsed;
const status = options.status?.toUpperCase();
const limit = Number(options.limit);
const executionArn = positionals.find((arg) => arg.startsWith("arn:"));
if (
  options.help ||
  (status !== undefined && !isExecutionStatus(status)) ||
  !Number.isInteger(limit) ||
  limit < 1 ||
  positionals.length > (executionArn ? 1 : 0)
) {
  console.log(usage);
  process.exit(options.help ? 0 : 2);
}

if (!options.aws) await connectLocalSystem("executions", ["stepfunctions"]);
const client = options.aws ? new SFNClient({}) : localSfnClient();

const time = (iso: string | undefined) => (iso ? iso.replace("T", " ").slice(0, 19) : "-");

function duration(ms: number | undefined): string {
  if (ms === undefined) return "";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

const oneLine = (text: string | undefined, max = 160) => {
  const line = (text ?? "").replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

function printStep(step: TimelineStep) {
  const retries = step.retries ? `  ${step.retries} ${step.retries === 1 ? "retry" : "retries"}` : "";
  console.log(
    `  ${time(step.enteredAt).slice(11)}  ${step.name.padEnd(28)} ${step.type.padEnd(8)} ${step.status.padEnd(9)} ${duration(step.durationMs).padStart(9)}${retries}`,
  );
  for (const attempt of step.attempts) {
    if (attempt.error === undefined && step.attempts.length === 1) continue;
    const label = attempt.number === 1 ? "call" : `retry ${attempt.number - 1}`;
    const reason = attempt.error === undefined ? "" : `  ${attempt.error}: ${oneLine(attempt.causeMessage)}`;
    console.log(
      `      ${label.padEnd(8)} ${attempt.status.padEnd(11)} ${duration(attempt.durationMs)}${reason}`,
    );
  }
  if (step.error !== undefined && step.attempts.length === 0) {
    console.log(`      ${step.error}: ${oneLine(step.causeMessage)}`);
  }
  if (step.input !== undefined) console.log(`      input   ${oneLine(step.input)}`);
  if (step.output !== undefined) console.log(`      output  ${oneLine(step.output)}`);
}

function printExecution(execution: ExecutionDetail) {
  console.log(`${execution.name}  (${execution.stateMachineName})`);
  console.log(
    `  ${execution.status}  started ${time(execution.startDate)}  stopped ${time(execution.stopDate)}  ${duration(execution.durationMs)}`,
  );
  const { failure } = execution;
  if (failure) {
    console.log(
      `  failed at ${failure.step ?? "-"}: ${failure.error ?? ""}${failure.causeMessage ? `: ${oneLine(failure.causeMessage, 400)}` : ""}`,
    );
  }
  if (execution.error && execution.error !== failure?.error) {
    console.log(`  ended with ${execution.error}: ${oneLine(execution.causeMessage, 400)}`);
  }
  console.log(`${execution.steps.length} states, ${execution.eventCount} history events:`);
  for (const step of execution.steps) printStep(step);
}

async function showEvents(arn: string) {
  const events = await readHistory(client, arn);
  for (const event of events) {
    const { name, error, cause } = eventDetails(event);
    const details = [name, error, cause].filter((part) => typeof part === "string").join(" ");
    console.log(
      `  ${String(event.id).padStart(4)}  ${time(event.timestamp?.toISOString())}  ${event.type?.padEnd(28)} ${details}`,
    );
  }
  console.log(`${events.length} history events`);
}

async function listAll() {
  const machines = (await stateMachineSummaries(client)).filter(
    (machine) => !options.workflow || machine.name === options.workflow,
  );
  if (machines.length === 0) {
    console.log(options.workflow ? `no state machine named ${options.workflow}` : "no state machines");
    return;
  }
  const lists = await Promise.all(
    machines.map((machine) =>
      listExecutions(client, {
        stateMachineArn: machine.stateMachineArn,
        status: status as ExecutionStatus | undefined,
        limit,
      }),
    ),
  );
  if (options.json) {
    console.log(
      JSON.stringify(
        machines.map((machine, index) => ({ ...machine, ...lists[index] })),
        null,
        2,
      ),
    );
    return;
  }
  for (const [index, machine] of machines.entries()) {
    const counts = Object.entries(machine.counts)
      .map(([name, count]) => `${name} ${count}`)
      .join(", ");
    console.log(
      `${machine.name}  ${machine.total}${machine.complete ? "" : "+"} executions${counts ? ` (${counts})` : ""}`,
    );
    for (const execution of lists[index]?.executions ?? []) {
      console.log(
        `  ${execution.status.padEnd(9)} ${time(execution.startDate)}  ${duration(execution.durationMs).padStart(9)}  ${execution.executionArn}`,
      );
    }
    if (lists[index]?.more) console.log("  ... (--limit for more)");
  }
}

try {
  if (executionArn && options.events) await showEvents(executionArn);
  else if (executionArn) {
    const execution = await executionDetail(client, executionArn);
    if (options.json) console.log(JSON.stringify(execution, null, 2));
    else printExecution(execution);
  } else await listAll();
} catch (error) {
  console.error(`executions: ${(error as Error).message}`);
  process.exit(1);
}
