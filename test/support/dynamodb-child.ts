/**
 * A local DynamoDB in a process of its own, for the crash test of the conformance suite:
 * `node --import tsx test/support/dynamodb-child.ts <dataDir> <tableName>` prints its endpoint,
 * then pauses two seconds between the writes of every transaction so the test can kill it there.
 */
import { startLocalDynamo } from "#local/dynamodb";

const [dataDir, tableName] = process.argv.slice(2);
if (!dataDir || !tableName) throw new Error("usage: dynamodb-child.ts <dataDir> <tableName>");
const dynamo = await startLocalDynamo({
  port: 0,
  dataDir,
  tableName,
  transactionDelays: { betweenWritesMs: 2000 },
});
process.stdout.write(`${JSON.stringify({ endpoint: dynamo.endpoint })}\n`);
