import { access, rm, writeFile } from "node:fs/promises";
import type { Backend, JsonObject } from "#local/dynamodb-api";

/**
 * dynalite keeps a global secondary index as separate LevelDB writes (the old index entries
 * deleted, the new ones put, then the item itself), so a process killed between them leaves an
 * index that disagrees with its table: an entry for an item state that was never written, or
 * none for the state that was. DynamoDB's indexes lag but always converge; a local index that
 * never does would hide a payment intent from the reconciler for good. So a start after an
 * unclean stop (the marker file below still there) rebuilds every index from the table, through
 * dynalite's own API, before anything is served.
 */
/** Beside the LevelDB folder, not in it: LevelDB owns its folder's files. */
const markerOf = (dataDir: string) => `${dataDir.replace(/\/+$/, "")}.running`;

/** Marks the store as in use; `stopped` removes the mark on a clean stop. */
export async function markRunning(dataDir: string): Promise<{ stopped(): Promise<void> }> {
  const file = markerOf(dataDir);
  await writeFile(file, `${process.pid}\n`);
  return { stopped: () => rm(file, { force: true }) };
}

export const wasStoppedUncleanly = (dataDir: string): Promise<boolean> =>
  access(markerOf(dataDir)).then(
    () => true,
    () => false,
  );

interface IndexShape {
  name: string;
  keys: string[];
}

async function ok(backend: Backend, operation: string, input: JsonObject): Promise<JsonObject> {
  const reply = await backend.call(operation, input);
  if (reply.status !== 200)
    throw new Error(`index repair: ${operation} failed: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

async function* scan(backend: Backend, input: JsonObject): AsyncGenerator<JsonObject> {
  let start: unknown;
  do {
    const page = await ok(backend, "Scan", { ...input, ...(start ? { ExclusiveStartKey: start } : {}) });
    for (const item of (page.Items as JsonObject[] | undefined) ?? []) yield item;
    start = page.LastEvaluatedKey;
  } while (start);
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Makes every index of the table agree with the table: an entry whose item is gone or whose item
 * has other index keys is removed (its state put back as an item, then the true item, or nothing,
 * written over it, so dynalite deletes the entry itself), and every item is written again as it
 * is, which puts any entry it lacks. Returns the number of stale entries removed.
 */
export async function repairIndexes(backend: Backend, tableName: string): Promise<number> {
  const described = await ok(backend, "DescribeTable", { TableName: tableName });
  const table = described.Table as {
    KeySchema: { AttributeName: string }[];
    GlobalSecondaryIndexes?: { IndexName: string; KeySchema: { AttributeName: string }[] }[];
  };
  const tableKeys = table.KeySchema.map((key) => key.AttributeName);
  const indexes: IndexShape[] = (table.GlobalSecondaryIndexes ?? []).map((index) => ({
    name: index.IndexName,
    keys: index.KeySchema.map((key) => key.AttributeName),
  }));
  const keyOf = (item: JsonObject) => Object.fromEntries(tableKeys.map((name) => [name, item[name]]));

  let stale = 0;
  for (const index of indexes) {
    for await (const entry of scan(backend, { TableName: tableName, IndexName: index.name })) {
      const found = await ok(backend, "GetItem", {
        TableName: tableName,
        Key: keyOf(entry),
        ConsistentRead: true,
      });
      const item = found.Item as JsonObject | undefined;
      if (item && index.keys.every((name) => sameValue(item[name], entry[name]))) continue;
      stale += 1;
      // The entry's state as the item: dynalite then knows the entry, and replaces or deletes it.
      await ok(backend, "PutItem", { TableName: tableName, Item: { ...(item ?? {}), ...entry } });
      if (item) await ok(backend, "PutItem", { TableName: tableName, Item: item });
      else await ok(backend, "DeleteItem", { TableName: tableName, Key: keyOf(entry) });
    }
  }
  if (indexes.length) {
    for await (const item of scan(backend, { TableName: tableName })) {
      await ok(backend, "PutItem", { TableName: tableName, Item: item });
    }
  }
  return stale;
}
