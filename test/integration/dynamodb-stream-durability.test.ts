import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StreamConsumer } from "#functions/stream-types";
import { startLocalDynamo } from "#local/dynamodb";
import type { LocalRuntime } from "#local/runtime";
import { eventually, rootDir } from "#test/support/runtime";

/**
 * The stream and its mappings survive a restart on a data folder, and a crash loses no record and
 * shows none of a write that was undone:
 * - a local DynamoDB whose stream is read, in processes of their own on one data folder, killed
 *   at the stream's crash points (after a write landed and before its record was kept; just after
 *   it was kept) and at the transactions' (between a transaction's writes; after its records were
 *   kept, before its journal entry ended), then started again;
 * - the whole runtime with a fixture consumer, stopped while a record waits for a retry and
 *   started again: its checkpoint and the records after it are where they were.
 */

const tableName = "account-workflows";
let dataRoot: string;

beforeAll(async () => {
  process.env.LOG_LEVEL ??= "SILENT";
  dataRoot = await mkdtemp(join(tmpdir(), "aw-stream-durability-"));
});

afterAll(async () => {
  await rm(dataRoot, { recursive: true, force: true });
});

const clientOf = (endpoint: string) =>
  new DynamoDBClient({
    endpoint,
    region: "eu-central-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });

const item = (pk: string, extra: Record<string, { S: string }> = {}) => ({
  pk: { S: pk },
  sk: { S: "item" },
  ...extra,
});

/** A local DynamoDB in a process of its own (test/support/dynamodb-stream-child.ts) with this environment. */
async function child(dataDir: string, environment: Record<string, string>) {
  const process_ = spawn(
    process.execPath,
    ["--import", "tsx", join(rootDir, "test/support/dynamodb-stream-child.ts"), dataDir, tableName],
    { cwd: rootDir, env: { ...process.env, ...environment }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  process_.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    process_.once("exit", (_, signal) => resolve(signal)),
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    let text = "";
    process_.stdout?.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split("\n")[0];
      if (text.includes("\n") && line) resolve((JSON.parse(line) as { endpoint: string }).endpoint);
    });
    void exited.then(() => reject(new Error(`the child exited while starting:\n${output}`)));
  });
  const client = clientOf(endpoint);
  return {
    client,
    output: () => output,
    /** Sends a write the crash point kills the process in: it never answers, the process dies by SIGKILL. */
    async crashOn(send: Promise<unknown>) {
      await expect(send).rejects.toThrow();
      expect(await exited).toBe("SIGKILL");
      client.destroy();
    },
  };
}

describe("the stream across crashes", () => {
  it("gives a write cut off before its record its record at the next start, keeps one kept just before the crash once, and shows no record of a transaction undone", async () => {
    const dataDir = join(dataRoot, "crashes", "dynamodb");

    // A write lands, the process dies before its record is kept.
    const first = await child(dataDir, {
      LOCAL_CRASH_STREAM_POINT: "before-records",
      LOCAL_CRASH_STREAM_KEY_PREFIX: "CRASH#single",
    });
    await first.client.send(
      new PutItemCommand({ TableName: tableName, Item: item("KEEP#1", { v: { S: "1" } }) }),
    );
    await first.crashOn(
      first.client.send(new PutItemCommand({ TableName: tableName, Item: item("CRASH#single") })),
    );

    // At the next start it gets its record; a write whose record was kept, then the process died.
    const second = await child(dataDir, {
      LOCAL_CRASH_STREAM_POINT: "after-records",
      LOCAL_CRASH_STREAM_KEY_PREFIX: "CRASH#after",
    });
    expect(second.output()).toContain("1 stream record(s) of writes cut off by a crash were written");
    await second.crashOn(
      second.client.send(new PutItemCommand({ TableName: tableName, Item: item("CRASH#after") })),
    );

    // A transaction whose records were kept, cut off before its journal entry ended.
    const third = await child(dataDir, {
      LOCAL_CRASH_STREAM_POINT: "after-records",
      LOCAL_CRASH_STREAM_KEY_PREFIX: "CRASH#tx",
    });
    expect(third.output()).not.toContain("stream record(s) of writes cut off");
    await third.client.send(
      new PutItemCommand({ TableName: tableName, Item: item("KEEP#2", { v: { S: "1" } }) }),
    );
    await third.crashOn(
      third.client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: item("KEEP#2", { v: { S: "2" } }) } },
            { Put: { TableName: tableName, Item: item("CRASH#tx") } },
          ],
        }),
      ),
    );

    // A transaction cut off between its writes (the crash test's point, local/dynamodb.ts).
    const fourth = await child(dataDir, {
      LOCAL_CRASH_AFTER_TRANSACTION_WRITES: "1",
      LOCAL_CRASH_TRANSACTION_KEY_PREFIX: "CRASH#cut",
    });
    expect(fourth.output()).toContain("1 transaction(s) cut off by a crash were undone");
    await fourth.crashOn(
      fourth.client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: item("CRASH#cut") } },
            { Put: { TableName: tableName, Item: item("KEEP#1", { v: { S: "2" } }) } },
          ],
        }),
      ),
    );

    const dynamo = await startLocalDynamo({ port: 0, dataDir, tableName });
    const client = clientOf(dynamo.endpoint);
    try {
      const records = dynamo.stream.after(undefined).map((entry) => entry.record);
      expect(records.map((record) => [record.eventName, record.dynamodb.Keys.pk?.S])).toEqual([
        ["INSERT", "KEEP#1"],
        ["INSERT", "CRASH#single"],
        ["INSERT", "CRASH#after"],
        ["INSERT", "KEEP#2"],
      ]);
      expect(records[1]?.dynamodb.NewImage).toEqual(item("CRASH#single"));
      const sequenceNumbers = records.map((record) => record.dynamodb.SequenceNumber);
      expect(sequenceNumbers).toEqual([...sequenceNumbers].sort());
      expect(new Set(records.map((record) => record.eventSourceARN)).size).toBe(1);
      // What the stream shows is what the table holds: both transactions undone.
      const get = async (pk: string) =>
        (
          await client.send(
            new GetItemCommand({ TableName: tableName, Key: { pk: { S: pk }, sk: { S: "item" } } }),
          )
        ).Item;
      expect(await get("KEEP#1")).toEqual(item("KEEP#1", { v: { S: "1" } }));
      expect(await get("KEEP#2")).toEqual(item("KEEP#2", { v: { S: "1" } }));
      expect(await get("CRASH#tx")).toBeUndefined();
      expect(await get("CRASH#cut")).toBeUndefined();
      expect(await get("CRASH#single")).toEqual(item("CRASH#single"));
    } finally {
      client.destroy();
      await dynamo.stop();
    }
  });
});

describe("a mapping across a restart", () => {
  const consumer: StreamConsumer = {
    name: "fixture-durable-consumer",
    handler: "test/integration/fixtures/stream-consumer.ts",
    access: { table: "readWrite" },
    batchSize: 10,
    maximumBatchingWindowSeconds: 0,
    // Until the records expire: a record waits for its gate however long it takes.
    maximumRetryAttempts: -1,
    bisectBatchOnFunctionError: false,
    filters: [{ dynamodb: { Keys: { pk: { S: [{ prefix: "DURABLE#" }] } } } }],
  };

  async function withRuntime<T>(
    run: (runtime: LocalRuntime, client: DynamoDBClient) => Promise<T>,
  ): Promise<T> {
    const { startLocalRuntime } = await import("#local/runtime");
    const runtime = await startLocalRuntime({
      rootDir,
      dataDir: join(dataRoot, "restart"),
      retryIntervalMs: 20,
      streamConsumers: [consumer],
    });
    const client = clientOf(runtime.urls.dynamodb);
    try {
      return await run(runtime, client);
    } finally {
      client.destroy();
      await runtime.stop();
    }
  }

  /** What the fixture counted: each record's deliveries, by the record's pk, in sequence order. */
  async function seen(client: DynamoDBClient, pk: string) {
    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": { S: `SEEN#${pk}` } },
        ConsistentRead: true,
      }),
    );
    return Items.map((found) => ({ sequence: found.sk?.S ?? "", deliveries: Number(found.deliveries?.N) }));
  }

  it("resumes after its checkpoint: records delivered before the stop are not delivered again, those after it are", async () => {
    const put = (client: DynamoDBClient, pk: string, behaviour: string) =>
      client.send(
        new PutItemCommand({ TableName: tableName, Item: item(pk, { behaviour: { S: behaviour } }) }),
      );

    await withRuntime(async (runtime, client) => {
      await put(client, "DURABLE#a", "seen");
      await put(client, "DURABLE#b", "gate:GATE#b,seen");
      await put(client, "DURABLE#c", "seen");
      await eventually(async () => ((await seen(client, "DURABLE#a")).length > 0 ? true : undefined));
      // b waits for its gate, c behind it, in stream order.
      expect(await runtime.streamsIdle(200)).toBe(false);
      expect(await seen(client, "DURABLE#b")).toEqual([]);
      expect(await seen(client, "DURABLE#c")).toEqual([]);
    });

    await withRuntime(async (runtime, client) => {
      await client.send(
        new PutItemCommand({ TableName: tableName, Item: { pk: { S: "GATE#b" }, sk: { S: "gate" } } }),
      );
      await put(client, "DURABLE#d", "seen");
      expect(await runtime.streamsIdle(10_000)).toBe(true);
      const [a, b, c, d] = await Promise.all(
        ["a", "b", "c", "d"].map((name) => seen(client, `DURABLE#${name}`)),
      );
      // Each delivered once it succeeded, a not again: its checkpoint survived the restart.
      for (const counted of [a, b, c, d])
        expect(counted).toEqual([{ sequence: expect.any(String), deliveries: 1 }]);
      // Records written before the restart and after it, numbered in one order.
      const sequences = [a, b, c, d].map((counted) => counted?.[0]?.sequence ?? "");
      expect(sequences).toEqual([...sequences].sort());
      expect(new Set(sequences).size).toBe(4);
      expect(runtime.streamFailures()).toEqual([]);
    });
  });
});
