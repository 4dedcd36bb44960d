/**
 * Runs the reconciler once, now (shared/reconciler.ts), with the very handler the schedule runs
 * in AWS and the timer runs under `npm start`:
 *   npm run reconcile
 * It talks to the running local system (`npm start` in another terminal) through its DynamoDB
 * and Step Functions endpoints (ports 8000 and 8083 unless DYNAMODB_PORT, STEPFUNCTIONS_PORT or
 * the AWS_ENDPOINT_URL_* variables say otherwise). Prints what it did as JSON.
 */
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";

const endpoint =
  process.env.AWS_ENDPOINT_URL_DYNAMODB ?? `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8000}`;
Object.assign(process.env, {
  AWS_REGION: process.env.AWS_REGION ?? "eu-central-2",
  AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? "local",
  AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? "local",
  AWS_ENDPOINT_URL_DYNAMODB: endpoint,
  AWS_ENDPOINT_URL_SFN:
    process.env.AWS_ENDPOINT_URL_SFN ?? `http://127.0.0.1:${process.env.STEPFUNCTIONS_PORT ?? 8083}`,
  TABLE_NAME: process.env.TABLE_NAME ?? "account-workflows",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "WARN",
});

try {
  await new DynamoDBClient({ maxAttempts: 1 }).send(
    new DescribeTableCommand({ TableName: process.env.TABLE_NAME }),
  );
} catch (error) {
  console.error(
    `reconcile: no table "${process.env.TABLE_NAME}" at ${endpoint} (${(error as Error).name}); start the system with \`npm start\` first.`,
  );
  process.exit(1);
}

// Imported only now: the handler's clients read the endpoints from the environment set above.
const { handler } = await import("#functions/reconcile/reconcile");
console.log(JSON.stringify(await handler()));
