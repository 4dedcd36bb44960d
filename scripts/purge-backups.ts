/**
 * Runs the purge of terminated products' backups once, now (R-T5), with the very handler the
 * schedule runs in AWS and the timer runs under `npm start`:
 *   npm run purge-backups
 * It talks to the running local system (`npm start` in another terminal) through its DynamoDB
 * endpoint, http://127.0.0.1:8000 unless DYNAMODB_PORT or AWS_ENDPOINT_URL_DYNAMODB say
 * otherwise: the data folder cannot be opened beside the running system, which holds its lock.
 * Prints what it purged as JSON.
 */
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";

const endpoint =
  process.env.AWS_ENDPOINT_URL_DYNAMODB ?? `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8000}`;
Object.assign(process.env, {
  AWS_REGION: process.env.AWS_REGION ?? "eu-central-2",
  AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? "local",
  AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? "local",
  AWS_ENDPOINT_URL_DYNAMODB: endpoint,
  TABLE_NAME: process.env.TABLE_NAME ?? "account-workflows",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "WARN",
});

try {
  await new DynamoDBClient({ maxAttempts: 1 }).send(
    new DescribeTableCommand({ TableName: process.env.TABLE_NAME }),
  );
} catch (error) {
  console.error(
    `purge-backups: no table "${process.env.TABLE_NAME}" at ${endpoint} (${(error as Error).name}); start the system with \`npm start\` first.`,
  );
  process.exit(1);
}

// Imported only now: the handler's clients read the endpoint from the environment set above.
const { handler } = await import("#functions/purge/purge-backups");
const result = await handler();
console.log(JSON.stringify(result));
