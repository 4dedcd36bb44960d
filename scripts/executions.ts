/**
 * Operators' view of the workflows, through the Step Functions API itself:
 *   npm run executions                      list state machines and their latest executions
 *   npm run executions -- --status FAILED   only executions with that status
 *   npm run executions -- <executionArn>    one execution and its history, event by event
 * Talks to the local runtime (`npm start`) by default; with `--aws` to the account and region
 * of the environment's credentials.
 */
import {
  DescribeExecutionCommand,
  type ExecutionStatus,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
} from "@aws-sdk/client-sfn";

const args = process.argv.slice(2);
const useAws = args.includes("--aws");
const statusIndex = args.indexOf("--status");
const status = statusIndex >= 0 ? (args[statusIndex + 1] as ExecutionStatus) : undefined;
const executionArn = args.find((arg) => arg.startsWith("arn:"));

const client = new SFNClient(
  useAws
    ? {}
    : {
        endpoint:
          process.env.AWS_ENDPOINT_URL_SFN ?? `http://127.0.0.1:${process.env.STEPFUNCTIONS_PORT ?? 8083}`,
        region: "eu-central-2",
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
      },
);

const time = (date: Date | undefined) => (date ? date.toISOString().replace("T", " ").slice(0, 19) : "-");

function detailsOf(event: HistoryEvent): string {
  const details = Object.entries(event).find(([key, value]) => key.endsWith("EventDetails") && value) as
    | [string, Record<string, unknown>]
    | undefined;
  if (!details) return "";
  const { name, error, cause } = details[1];
  return [name, error, cause].filter(Boolean).join(" ");
}

async function showExecution(arn: string) {
  const execution = await client.send(new DescribeExecutionCommand({ executionArn: arn }));
  console.log(
    `${execution.name}  ${execution.status}  started ${time(execution.startDate)}  stopped ${time(execution.stopDate)}`,
  );
  if (execution.error) console.log(`  error: ${execution.error}: ${execution.cause ?? ""}`);
  let nextToken: string | undefined;
  let count = 0;
  do {
    const page = await client.send(
      new GetExecutionHistoryCommand({ executionArn: arn, nextToken, maxResults: 1000 }),
    );
    for (const event of page.events ?? []) {
      count++;
      console.log(
        `  ${String(event.id).padStart(4)}  ${time(event.timestamp)}  ${event.type?.padEnd(28)} ${detailsOf(event)}`,
      );
    }
    nextToken = page.nextToken;
  } while (nextToken);
  console.log(`${count} history events`);
}

async function listExecutions() {
  const machines = await client.send(new ListStateMachinesCommand({}));
  if (!machines.stateMachines?.length) console.log("no state machines");
  for (const machine of machines.stateMachines ?? []) {
    console.log(`${machine.name}  ${machine.stateMachineArn}`);
    const executions = await client.send(
      new ListExecutionsCommand({
        stateMachineArn: machine.stateMachineArn,
        statusFilter: status,
        maxResults: 20,
      }),
    );
    for (const execution of executions.executions ?? []) {
      console.log(`  ${execution.status?.padEnd(9)} ${time(execution.startDate)}  ${execution.executionArn}`);
    }
  }
}

try {
  await (executionArn ? showExecution(executionArn) : listExecutions());
} catch (error) {
  console.error(`executions: ${(error as Error).message}`);
  process.exit(1);
}
