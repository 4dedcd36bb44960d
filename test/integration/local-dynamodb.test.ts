import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ConditionalCheckFailedException,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ExecuteStatementCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  type TransactGetCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type LocalDynamo, startLocalDynamo } from "#local/dynamodb";
import { ReadersWriterLock } from "#local/dynamodb-locks";
import { PortInUseError } from "#local/listen";
import { tableDefinition } from "#shared/table";
import {
  clients,
  rejection,
  type TransactItems,
  tableName,
  uniquePk,
  withTempDir,
} from "#test/support/local-dynamodb";

describe("ReadersWriterLock", () => {
  test("readers share, a writer excludes everyone, and readers queue behind a waiting writer", async () => {
    const lock = new ReadersWriterLock();
    const events: string[] = [];
    const firstReader = await lock.acquire("shared");
    const secondReader = await lock.acquire("shared");
    const writer = lock.acquire("exclusive").then((release) => {
      events.push("writer");
      return release;
    });
    const lateReader = lock.acquire("shared").then((release) => {
      events.push("late reader");
      return release;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(events).toEqual([]);
    firstReader();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(events).toEqual([]);
    secondReader();
    const releaseWriter = await writer;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(events).toEqual(["writer"]);
    releaseWriter();
    (await lateReader)();
    expect(events).toEqual(["writer", "late reader"]);
  });
});

describe("local DynamoDB", () => {
  let dir: string;
  let dynamo: LocalDynamo;
  let raw: DynamoDBClient;
  let doc: DynamoDBDocumentClient;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "local-dynamodb-"));
    dynamo = await startLocalDynamo({ port: 0, dataDir: join(dir, "dynamodb"), tableName });
    ({ raw, doc } = clients(dynamo.endpoint));
  });

  afterAll(async () => {
    raw?.destroy();
    await dynamo?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const get = async (pk: string, sk: string) =>
    (await doc.send(new GetCommand({ TableName: tableName, Key: { pk, sk }, ConsistentRead: true }))).Item;
  const put = (item: Record<string, unknown>) =>
    doc.send(new PutCommand({ TableName: tableName, Item: item }));

  describe("table", () => {
    test("listens on a free loopback port", () => {
      expect(dynamo.port).toBeGreaterThan(0);
      expect(dynamo.endpoint).toBe(`http://127.0.0.1:${dynamo.port}`);
    });

    test("is created ACTIVE with the keys and indexes of shared/table.ts", async () => {
      const { Table } = await raw.send(new DescribeTableCommand({ TableName: tableName }));
      expect(Table?.TableStatus).toBe("ACTIVE");
      expect(Table?.KeySchema).toEqual([
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ]);
      const indexes = (Table?.GlobalSecondaryIndexes ?? [])
        .map((index) => ({ name: index.IndexName, keys: index.KeySchema?.map((key) => key.AttributeName) }))
        .sort((a, b) => String(a.name).localeCompare(String(b.name)));
      expect(indexes).toEqual(
        tableDefinition.globalSecondaryIndexes.map((index) => ({
          name: index.indexName,
          keys: [index.partitionKey, index.sortKey],
        })),
      );
    });

    test("forwards ordinary operations to dynalite (batch writes and reads, GSI query)", async () => {
      const pk = uniquePk("batch");
      await doc.send(
        new BatchWriteCommand({
          RequestItems: {
            [tableName]: ["a", "b"].map((sk) => ({
              PutRequest: { Item: { pk, sk, gsi1pk: `${pk}#gsi`, gsi1sk: sk } },
            })),
          },
        }),
      );
      const batch = await doc.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: [
                { pk, sk: "a" },
                { pk, sk: "b" },
              ],
            },
          },
        }),
      );
      expect(batch.Responses?.[tableName]).toHaveLength(2);
      const byIndex = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :pk",
          ExpressionAttributeValues: { ":pk": `${pk}#gsi` },
        }),
      );
      expect(byIndex.Items?.map((item) => item.sk)).toEqual(["a", "b"]);
    });

    test("operations dynalite lacks and this layer does not add stay rejected", async () => {
      const error = await rejection(
        raw.send(new ExecuteStatementCommand({ Statement: `SELECT * FROM "${tableName}"` })),
      );
      expect(error.name).toBe("UnknownOperationException");
    });
  });

  describe("TransactGetItems", () => {
    test("returns the items in request order, absent ones empty, with projections", async () => {
      const pk = uniquePk("get");
      await put({ pk, sk: "a", n: 1, secret: "s" });
      await put({ pk, sk: "c", n: 3 });
      const { Responses } = await doc.send(
        new TransactGetCommand({
          TransactItems: [
            { Get: { TableName: tableName, Key: { pk, sk: "c" } } },
            { Get: { TableName: tableName, Key: { pk, sk: "b" } } },
            {
              Get: {
                TableName: tableName,
                Key: { pk, sk: "a" },
                ProjectionExpression: "#n, sk",
                ExpressionAttributeNames: { "#n": "n" },
              },
            },
          ],
        }),
      );
      expect(Responses).toHaveLength(3);
      expect(Responses?.[0]?.Item).toEqual({ pk, sk: "c", n: 3 });
      expect(Responses?.[1]?.Item).toBeUndefined();
      expect(Responses?.[2]?.Item).toEqual({ sk: "a", n: 1 });
    });

    test("rejects more than 100 gets and duplicate items", async () => {
      const pk = uniquePk("get-invalid");
      const gets = (count: number): TransactGetCommandInput["TransactItems"] =>
        Array.from({ length: count }, (_, index) => ({
          Get: { TableName: tableName, Key: { pk, sk: String(index) } },
        }));
      expect((await rejection(doc.send(new TransactGetCommand({ TransactItems: gets(101) })))).name).toBe(
        "ValidationException",
      );
      const duplicate = [...(gets(2) ?? []), ...(gets(1) ?? [])];
      expect((await rejection(doc.send(new TransactGetCommand({ TransactItems: duplicate })))).name).toBe(
        "ValidationException",
      );
      expect((await doc.send(new TransactGetCommand({ TransactItems: gets(100) }))).Responses).toHaveLength(
        100,
      );
    });
  });

  describe("ReturnValuesOnConditionCheckFailure on single writes", () => {
    test("ALL_OLD puts the old item on ConditionalCheckFailedException for Put, Update and Delete", async () => {
      const pk = uniquePk("all-old");
      await put({ pk, sk: "item", n: 1 });
      const oldItem = { pk: { S: pk }, sk: { S: "item" }, n: { N: "1" } };
      const putError = await rejection(
        doc.send(
          new PutCommand({
            TableName: tableName,
            Item: { pk, sk: "item", n: 2 },
            ConditionExpression: "attribute_not_exists(pk)",
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          }),
        ),
      );
      expect(putError).toBeInstanceOf(ConditionalCheckFailedException);
      expect(putError.Item).toEqual(oldItem);
      const updateError = await rejection(
        doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk, sk: "item" },
            UpdateExpression: "SET n = :two",
            ConditionExpression: "n = :two",
            ExpressionAttributeValues: { ":two": 2 },
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          }),
        ),
      );
      expect(updateError.Item).toEqual(oldItem);
      const deleteError = await rejection(
        doc.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { pk, sk: "item" },
            ConditionExpression: "n > :n",
            ExpressionAttributeValues: { ":n": 5 },
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          }),
        ),
      );
      expect(deleteError.Item).toEqual(oldItem);
      expect(await get(pk, "item")).toEqual({ pk, sk: "item", n: 1 });
    });

    test("no old item without ALL_OLD, or when the item does not exist", async () => {
      const pk = uniquePk("no-old");
      await put({ pk, sk: "item", n: 1 });
      const withoutOption = await rejection(
        doc.send(
          new PutCommand({
            TableName: tableName,
            Item: { pk, sk: "item" },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        ),
      );
      expect(withoutOption).toBeInstanceOf(ConditionalCheckFailedException);
      expect(withoutOption.Item).toBeUndefined();
      const absent = await rejection(
        doc.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { pk, sk: "absent" },
            ConditionExpression: "attribute_exists(pk)",
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          }),
        ),
      );
      expect(absent).toBeInstanceOf(ConditionalCheckFailedException);
      expect(absent.Item).toBeUndefined();
      // A write that passes its condition is unaffected by the option.
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { pk, sk: "item", n: 2 },
          ConditionExpression: "n = :one",
          ExpressionAttributeValues: { ":one": 1 },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      expect(await get(pk, "item")).toEqual({ pk, sk: "item", n: 2 });
    });
  });

  describe("time to live", () => {
    test("UpdateTimeToLive is remembered and answered by DescribeTimeToLive; nothing expires", async () => {
      const describe = async () =>
        (await raw.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription;
      expect(await describe()).toEqual({ TimeToLiveStatus: "DISABLED" });
      const enabled = await raw.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { Enabled: true, AttributeName: "expiresAt" },
        }),
      );
      expect(enabled.TimeToLiveSpecification).toEqual({ Enabled: true, AttributeName: "expiresAt" });
      expect(await describe()).toEqual({ TimeToLiveStatus: "ENABLED", AttributeName: "expiresAt" });

      const again = await rejection(
        raw.send(
          new UpdateTimeToLiveCommand({
            TableName: tableName,
            TimeToLiveSpecification: { Enabled: true, AttributeName: "expiresAt" },
          }),
        ),
      );
      expect(again.name).toBe("ValidationException");
      const other = await rejection(
        raw.send(
          new UpdateTimeToLiveCommand({
            TableName: tableName,
            TimeToLiveSpecification: { Enabled: true, AttributeName: "other" },
          }),
        ),
      );
      expect(other.message).toMatch(/different AttributeName/);
      const missing = await rejection(
        raw.send(
          new UpdateTimeToLiveCommand({
            TableName: "no-such-table",
            TimeToLiveSpecification: { Enabled: true, AttributeName: "expiresAt" },
          }),
        ),
      );
      expect(missing.name).toBe("ResourceNotFoundException");

      const pk = uniquePk("expired");
      await put({ pk, sk: "item", expiresAt: Math.floor(Date.now() / 1000) - 3600 });
      expect(await get(pk, "item")).toBeDefined();

      const disable = () =>
        raw.send(
          new UpdateTimeToLiveCommand({
            TableName: tableName,
            TimeToLiveSpecification: { Enabled: false, AttributeName: "expiresAt" },
          }),
        );
      expect((await disable()).TimeToLiveSpecification).toEqual({
        Enabled: false,
        AttributeName: "expiresAt",
      });
      expect(await describe()).toEqual({ TimeToLiveStatus: "DISABLED" });
      expect((await rejection(disable())).message).toMatch(/already disabled/);
    });
  });
});

describe("lifecycle", () => {
  test("data and the TimeToLive setting survive stop and start on the same dataDir", async () => {
    await withTempDir(async (dir) => {
      const dataDir = join(dir, "dynamodb");
      const first = await startLocalDynamo({ port: 0, dataDir, tableName });
      const firstClients = clients(first.endpoint);
      await firstClients.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: { pk: "kept", sk: "a", n: 1 } } },
            { Put: { TableName: tableName, Item: { pk: "kept", sk: "b", n: 2 } } },
          ],
        }),
      );
      await firstClients.raw.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { Enabled: true, AttributeName: "expiresAt" },
        }),
      );
      firstClients.raw.destroy();
      await first.stop();

      for (let restart = 0; restart < 2; restart += 1) {
        const again = await startLocalDynamo({ port: 0, dataDir, tableName });
        const { raw, doc } = clients(again.endpoint);
        try {
          const items = await doc.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: "pk = :pk",
              ExpressionAttributeValues: { ":pk": "kept" },
              ConsistentRead: true,
            }),
          );
          expect(items.Items).toEqual([
            { pk: "kept", sk: "a", n: 1 },
            { pk: "kept", sk: "b", n: 2 },
          ]);
          const ttl = await raw.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
          expect(ttl.TimeToLiveDescription).toEqual({
            TimeToLiveStatus: "ENABLED",
            AttributeName: "expiresAt",
          });
        } finally {
          raw.destroy();
          await again.stop();
        }
      }
    });
  });

  test("stop() carries out the requests already received; after a restart none is half-applied", async () => {
    await withTempDir(async (dir) => {
      const dataDir = join(dir, "dynamodb");
      const first = await startLocalDynamo({ port: 0, dataDir, tableName });
      const { raw, doc } = clients(first.endpoint);
      const count = 20;
      const width = 40;
      // Even transactions commit `width` items; odd ones write them, fail a check and roll back.
      const pending = Array.from({ length: count }, (_, index) => {
        const TransactItems: TransactItems = Array.from({ length: width }, (_, item) => ({
          Put: { TableName: tableName, Item: { pk: `group#${index}`, sk: String(item) } },
        }));
        if (index % 2 === 1) {
          TransactItems.push({
            ConditionCheck: {
              TableName: tableName,
              Key: { pk: "gate", sk: "gate" },
              ConditionExpression: "attribute_exists(pk)",
            },
          });
        }
        return doc.send(new TransactWriteCommand({ TransactItems })).then(
          () => true,
          () => false,
        );
      });
      // Stop as soon as one is answered, while the others are in flight.
      await Promise.race(pending);
      await first.stop();
      const succeeded = await Promise.all(pending);
      raw.destroy();

      const again = await startLocalDynamo({ port: 0, dataDir, tableName });
      const reopened = clients(again.endpoint);
      try {
        const { Items = [] } = await reopened.doc.send(
          new ScanCommand({ TableName: tableName, ConsistentRead: true }),
        );
        const written = new Map<string, number>();
        for (const item of Items) written.set(String(item.pk), (written.get(String(item.pk)) ?? 0) + 1);
        for (let index = 0; index < count; index += 1) {
          const items = written.get(`group#${index}`) ?? 0;
          expect([0, index % 2 === 1 ? 0 : width]).toContain(items);
          // A transaction the client saw succeed is on disk.
          if (succeeded[index]) expect(items).toBe(width);
        }
        // The requests already received when stop() began were carried out, not dropped
        // (their clients only lost the answer).
        const committed = [...written.values()].filter((items) => items === width).length;
        expect(committed).toBeGreaterThan(succeeded.filter(Boolean).length);
      } finally {
        reopened.raw.destroy();
        await again.stop();
      }
    });
  });

  test("without dataDir the data lives in memory only", async () => {
    const first = await startLocalDynamo({ port: 0, tableName });
    const firstClients = clients(first.endpoint);
    await firstClients.doc.send(new PutCommand({ TableName: tableName, Item: { pk: "memory", sk: "x" } }));
    expect(
      (await firstClients.doc.send(new GetCommand({ TableName: tableName, Key: { pk: "memory", sk: "x" } })))
        .Item,
    ).toBeDefined();
    firstClients.raw.destroy();
    await first.stop();
    const second = await startLocalDynamo({ port: 0, tableName });
    const secondClients = clients(second.endpoint);
    try {
      const item = await secondClients.doc.send(
        new GetCommand({ TableName: tableName, Key: { pk: "memory", sk: "x" } }),
      );
      expect(item.Item).toBeUndefined();
    } finally {
      secondClients.raw.destroy();
      await second.stop();
    }
  });

  test("a busy port fails with PortInUseError and releases the store", async () => {
    await withTempDir(async (dir) => {
      const holder = await startLocalDynamo({ port: 0, tableName });
      try {
        const dataDir = join(dir, "dynamodb");
        const error = await rejection(startLocalDynamo({ port: holder.port, dataDir, tableName }));
        expect(error).toBeInstanceOf(PortInUseError);
        expect(error.message).toMatch(/DYNAMODB_PORT/);
        // The LevelDB lock was released: the same folder opens again.
        const next = await startLocalDynamo({ port: 0, dataDir, tableName });
        await next.stop();
      } finally {
        await holder.stop();
      }
    });
  });
});
