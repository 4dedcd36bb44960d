import { resolve } from "node:path";
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ListStateMachinesCommand, SFNClient } from "@aws-sdk/client-sfn";
import { readRunningSystem } from "#local/running-system";

/**
 * How an operator command (`npm run executions`, `reconcile`, `stuck-work`, `purge-backups`)
 * finds the running local system: the environment first (`AWS_ENDPOINT_URL_DYNAMODB`,
 * `DYNAMODB_PORT`, `AWS_ENDPOINT_URL_SFN`, `STEPFUNCTIONS_PORT`), then the record `npm start`
 * writes into its data folder (`DATA_DIR`, `.data` by default: local/running-system.ts), then the
 * default ports. It sets the environment the handlers' clients read, quiets the metrics (EMF
 * lines belong in CloudWatch, not on a terminal) and checks the system answers; if it does not,
 * it says which variables point a command at it, and exits.
 */
export type Service = "dynamodb" | "stepfunctions";

const rootDir = resolve(import.meta.dirname, "..");

interface Endpoint {
  url: string;
  /** Where the URL came from, for the error. */
  from: string;
}

function endpointOf(
  urlVariable: string,
  portVariable: string,
  recorded: string | undefined,
  defaultPort: number,
): Endpoint {
  const url = process.env[urlVariable];
  if (url) return { url, from: urlVariable };
  const port = process.env[portVariable];
  if (port) return { url: `http://127.0.0.1:${port}`, from: portVariable };
  if (recorded) return { url: recorded, from: "the running system's record" };
  return { url: `http://127.0.0.1:${defaultPort}`, from: "the default port" };
}

export async function connectLocalSystem(command: string, services: readonly Service[]) {
  const dataDir = resolve(rootDir, process.env.DATA_DIR ?? ".data");
  const running = readRunningSystem(dataDir);
  const dynamodb = endpointOf("AWS_ENDPOINT_URL_DYNAMODB", "DYNAMODB_PORT", running?.urls.dynamodb, 8000);
  const stepfunctions = endpointOf(
    "AWS_ENDPOINT_URL_SFN",
    "STEPFUNCTIONS_PORT",
    running?.urls.stepfunctions,
    8083,
  );
  Object.assign(process.env, {
    AWS_REGION: process.env.AWS_REGION ?? running?.region ?? "eu-central-2",
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? "local",
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? "local",
    AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
    AWS_ENDPOINT_URL_SFN: stepfunctions.url,
    TABLE_NAME: process.env.TABLE_NAME ?? running?.tableName ?? "account-workflows",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "WARN",
    POWERTOOLS_METRICS_DISABLED: "true",
  });
  const tableName = process.env.TABLE_NAME as string;
  const refuse = (what: string, endpoint: Endpoint, variables: string, error: unknown): never => {
    console.error(
      [
        `${command}: ${what} at ${endpoint.url} (from ${endpoint.from}): ${(error as Error).name}.`,
        `Start the system with \`npm start\` first. If it runs on other ports, set ${variables}, or DATA_DIR to its data folder (it records where it listens there).`,
      ].join("\n"),
    );
    process.exit(1);
  };
  if (services.includes("dynamodb")) {
    try {
      await new DynamoDBClient({ maxAttempts: 1 }).send(new DescribeTableCommand({ TableName: tableName }));
    } catch (error) {
      refuse(`no table "${tableName}"`, dynamodb, "DYNAMODB_PORT (or AWS_ENDPOINT_URL_DYNAMODB)", error);
    }
  }
  let stateMachineArns: Record<string, string> = {};
  if (services.includes("stepfunctions")) {
    try {
      const { stateMachines = [] } = await new SFNClient({ maxAttempts: 1 }).send(
        new ListStateMachinesCommand({}),
      );
      stateMachineArns = Object.fromEntries(
        stateMachines.map((machine) => [machine.name, machine.stateMachineArn]),
      );
    } catch (error) {
      refuse("no Step Functions", stepfunctions, "STEPFUNCTIONS_PORT (or AWS_ENDPOINT_URL_SFN)", error);
    }
  }
  return { dynamodb: dynamodb.url, stepfunctions: stepfunctions.url, stateMachineArns };
}
