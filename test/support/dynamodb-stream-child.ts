/**
 * A local DynamoDB whose stream is read (so every write produces its record), in a process of its
 * own, for the stream's crash tests: `node --import tsx test/support/dynamodb-stream-child.ts
 * <dataDir> <tableName>` prints its endpoint and what it warned at its start, then serves until
 * killed (by a crash point armed in its environment, or by the test).
 */
import { startLocalDynamo } from "#local/dynamodb";

const [dataDir, tableName] = process.argv.slice(2);
if (!dataDir || !tableName) throw new Error("usage: dynamodb-stream-child.ts <dataDir> <tableName>");
const dynamo = await startLocalDynamo({ port: 0, dataDir, tableName });
dynamo.stream.subscribe();
process.stdout.write(`${JSON.stringify({ endpoint: dynamo.endpoint })}\n`);
