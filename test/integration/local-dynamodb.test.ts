/**
 * Conformance of the embedded local DynamoDB (dynalite + the transaction layer of
 * local/dynamodb.ts) with DynamoDB, through the real AWS SDK v3 clients.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import {
  ConditionalCheckFailedException,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ExecuteStatementCommand,
  TransactionCanceledException,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  type TransactGetCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type LocalDynamo, startLocalDynamo } from "#local/dynamodb";
import { ReadersWriterLock } from "#local/dynamodb-locks";
import { PortInUseError } from "#local/listen";
import { tableDefinition } from "#shared/table";

const tableName = "conformance";
type TransactItems = NonNullable<TransactWriteCommandInput["TransactItems"]>;

function clients(endpoint: string) {
  const raw = new DynamoDBClient({
    endpoint,
    region: "eu-central-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  return { raw, doc: DynamoDBDocumentClient.from(raw) };
}

/** The rejection of `promise`; fails the test when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (outcome === undefined) throw new Error("expected the request to fail, it succeeded");
  return outcome as Error & Record<string, unknown>;
}

function uniquePk(label: string): string {
  return `${label}#${randomUUID()}`;
}

async function withTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "local-dynamodb-"));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

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
  const transact = (TransactItems: TransactItems, extra: Partial<TransactWriteCommandInput> = {}) =>
    doc.send(new TransactWriteCommand({ TransactItems, ...extra }));
  const canceled = async (promise: Promise<unknown>) => {
    const error = await rejection(promise);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    return error as unknown as TransactionCanceledException;
  };

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

  describe("TransactWriteItems", () => {
    test("commits Put, Update, Delete and ConditionCheck together", async () => {
      const pk = uniquePk("commit");
      await put({ pk, sk: "updated", n: 1 });
      await put({ pk, sk: "deleted" });
      await put({ pk, sk: "checked", state: "open" });
      const result = await transact([
        {
          Put: {
            TableName: tableName,
            Item: { pk, sk: "put", n: 7 },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        {
          Update: {
            TableName: tableName,
            Key: { pk, sk: "updated" },
            UpdateExpression: "SET n = n + :one, #label = :label",
            ConditionExpression: "n = :expected",
            ExpressionAttributeNames: { "#label": "label" },
            ExpressionAttributeValues: { ":one": 1, ":expected": 1, ":label": "two" },
          },
        },
        {
          Delete: {
            TableName: tableName,
            Key: { pk, sk: "deleted" },
            ConditionExpression: "attribute_exists(pk)",
          },
        },
        {
          ConditionCheck: {
            TableName: tableName,
            Key: { pk, sk: "checked" },
            ConditionExpression: "#state = :open",
            ExpressionAttributeNames: { "#state": "state" },
            ExpressionAttributeValues: { ":open": "open" },
          },
        },
      ]);
      expect(result.$metadata.httpStatusCode).toBe(200);
      expect(await get(pk, "put")).toEqual({ pk, sk: "put", n: 7 });
      expect(await get(pk, "updated")).toEqual({ pk, sk: "updated", n: 2, label: "two" });
      expect(await get(pk, "deleted")).toBeUndefined();
      expect(await get(pk, "checked")).toEqual({ pk, sk: "checked", state: "open" });
    });

    test("a failing condition rolls every action back, one reason per action in order", async () => {
      const pk = uniquePk("rollback");
      await put({ pk, sk: "updated", n: 1 });
      await put({ pk, sk: "deleted", keep: true });
      await put({ pk, sk: "checked", state: "closed" });
      const error = await canceled(
        transact([
          { Put: { TableName: tableName, Item: { pk, sk: "created", n: 1 } } },
          {
            Update: {
              TableName: tableName,
              Key: { pk, sk: "updated" },
              UpdateExpression: "SET n = :two REMOVE gone",
              ExpressionAttributeValues: { ":two": 2 },
            },
          },
          { Delete: { TableName: tableName, Key: { pk, sk: "deleted" } } },
          {
            ConditionCheck: {
              TableName: tableName,
              Key: { pk, sk: "checked" },
              ConditionExpression: "#state = :open",
              ExpressionAttributeNames: { "#state": "state" },
              ExpressionAttributeValues: { ":open": "open" },
            },
          },
        ]),
      );
      expect(error.CancellationReasons).toEqual([
        { Code: "None" },
        { Code: "None" },
        { Code: "None" },
        { Code: "ConditionalCheckFailed", Message: "The conditional request failed" },
      ]);
      expect(error.message).toBe(
        "Transaction cancelled, please refer cancellation reasons for specific reasons [None, None, None, ConditionalCheckFailed]",
      );
      expect(error.$metadata.httpStatusCode).toBe(400);
      expect(await get(pk, "created")).toBeUndefined();
      expect(await get(pk, "updated")).toEqual({ pk, sk: "updated", n: 1 });
      expect(await get(pk, "deleted")).toEqual({ pk, sk: "deleted", keep: true });
      expect(await get(pk, "checked")).toEqual({ pk, sk: "checked", state: "closed" });
    });

    test("reports every failing condition, and the old item with ALL_OLD", async () => {
      const pk = uniquePk("several");
      await put({ pk, sk: "first", n: 1 });
      await put({ pk, sk: "third", n: 3 });
      const error = await canceled(
        transact([
          {
            Update: {
              TableName: tableName,
              Key: { pk, sk: "first" },
              UpdateExpression: "SET n = :next",
              ConditionExpression: "n = :expected",
              ExpressionAttributeValues: { ":next": 2, ":expected": 5 },
              ReturnValuesOnConditionCheckFailure: "ALL_OLD",
            },
          },
          { Put: { TableName: tableName, Item: { pk, sk: "second" } } },
          {
            Put: {
              TableName: tableName,
              Item: { pk, sk: "third", n: 30 },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          {
            ConditionCheck: {
              TableName: tableName,
              Key: { pk, sk: "absent" },
              ConditionExpression: "attribute_exists(pk)",
              ReturnValuesOnConditionCheckFailure: "ALL_OLD",
            },
          },
        ]),
      );
      expect(error.CancellationReasons).toEqual([
        {
          Code: "ConditionalCheckFailed",
          Message: "The conditional request failed",
          Item: { pk: { S: pk }, sk: { S: "first" }, n: { N: "1" } },
        },
        { Code: "None" },
        { Code: "ConditionalCheckFailed", Message: "The conditional request failed" },
        { Code: "ConditionalCheckFailed", Message: "The conditional request failed" },
      ]);
      expect(error.message).toContain(
        "[ConditionalCheckFailed, None, ConditionalCheckFailed, ConditionalCheckFailed]",
      );
      expect(await get(pk, "first")).toEqual({ pk, sk: "first", n: 1 });
      expect(await get(pk, "second")).toBeUndefined();
      expect(await get(pk, "third")).toEqual({ pk, sk: "third", n: 3 });
      expect(await get(pk, "absent")).toBeUndefined();
    });

    test("answers the DynamoDB wire format: status, content type, __type, checksum", async () => {
      const pk = uniquePk("wire");
      const response = await fetch(dynamo.endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "DynamoDB_20120810.TransactWriteItems",
          "x-amz-date": "20250101T000000Z",
          authorization:
            "AWS4-HMAC-SHA256 Credential=local/20250101/eu-central-2/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
        },
        body: JSON.stringify({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: tableName,
                Key: { pk: { S: pk }, sk: { S: "x" } },
                ConditionExpression: "attribute_exists(pk)",
              },
            },
            { Put: { TableName: tableName, Item: { pk: { S: pk }, sk: { S: "y" } } } },
          ],
        }),
      });
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/x-amz-json-1.0");
      expect(response.headers.get("x-amz-crc32")).toBe(String(crc32(bytes)));
      expect(JSON.parse(bytes.toString())).toMatchObject({
        __type: "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
        Message:
          "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]",
        CancellationReasons: [{ Code: "ConditionalCheckFailed" }, { Code: "None" }],
      });
      const unauthenticated = await fetch(dynamo.endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "DynamoDB_20120810.TransactWriteItems",
        },
        body: "{}",
      });
      expect(unauthenticated.status).toBe(400);
      expect(((await unauthenticated.json()) as { __type: string }).__type).toMatch(
        /MissingAuthenticationToken/,
      );
    });

    test("two actions on one item: ValidationException and nothing written", async () => {
      const pk = uniquePk("duplicate");
      const error = await rejection(
        transact([
          { Put: { TableName: tableName, Item: { pk, sk: "other" } } },
          { Put: { TableName: tableName, Item: { pk, sk: "same", n: 1 } } },
          { Delete: { TableName: tableName, Key: { pk, sk: "same" } } },
        ]),
      );
      expect(error.name).toBe("ValidationException");
      expect(error.message).toMatch(/multiple operations on one item/);
      expect(await get(pk, "other")).toBeUndefined();
      expect(await get(pk, "same")).toBeUndefined();
    });

    test("more than 100 actions or none: ValidationException and nothing written", async () => {
      const pk = uniquePk("too-many");
      const actions = Array.from({ length: 101 }, (_, index) => ({
        Put: { TableName: tableName, Item: { pk, sk: String(index).padStart(3, "0") } },
      }));
      const tooMany = await rejection(transact(actions));
      expect(tooMany.name).toBe("ValidationException");
      expect(tooMany.message).toMatch(/less than or equal to 100/);
      const none = await rejection(transact([]));
      expect(none.name).toBe("ValidationException");
      const written = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": pk },
          ConsistentRead: true,
        }),
      );
      expect(written.Count).toBe(0);
      // The limit itself is accepted.
      await transact(actions.slice(0, 100));
      const all = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": pk },
          ConsistentRead: true,
        }),
      );
      expect(all.Count).toBe(100);
    });

    test("an invalid action fails the whole request and rolls the others back", async () => {
      const pk = uniquePk("invalid");
      const error = await rejection(
        transact([
          { Put: { TableName: tableName, Item: { pk, sk: "created" } } },
          {
            Update: {
              TableName: tableName,
              Key: { pk, sk: "updated" },
              UpdateExpression: "SET n = :n",
              ExpressionAttributeValues: { ":n": 1, ":unused": 2 },
            },
          },
        ]),
      );
      expect(error.name).toBe("ValidationException");
      expect(await get(pk, "created")).toBeUndefined();
      expect(await get(pk, "updated")).toBeUndefined();
      const missingTable = await rejection(
        transact([{ Put: { TableName: "no-such-table", Item: { pk, sk: "x" } } }]),
      );
      expect(missingTable.name).toBe("ResourceNotFoundException");
    });

    test("ClientRequestToken makes a retry idempotent and rejects other parameters", async () => {
      const pk = uniquePk("token");
      const token = randomUUID();
      const increment: TransactItems = [
        {
          Update: {
            TableName: tableName,
            Key: { pk, sk: "counter" },
            UpdateExpression: "ADD n :one",
            ExpressionAttributeValues: { ":one": 1 },
          },
        },
      ];
      await transact(increment, { ClientRequestToken: token });
      await transact(increment, { ClientRequestToken: token });
      expect(await get(pk, "counter")).toEqual({ pk, sk: "counter", n: 1 });
      await transact(increment, { ClientRequestToken: randomUUID() });
      expect(await get(pk, "counter")).toEqual({ pk, sk: "counter", n: 2 });
      const mismatch = await rejection(
        transact([{ Put: { TableName: tableName, Item: { pk, sk: "other" } } }], {
          ClientRequestToken: token,
        }),
      );
      expect(mismatch.name).toBe("IdempotentParameterMismatchException");
      expect(await get(pk, "other")).toBeUndefined();
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

  describe("concurrency", () => {
    // 90 s: about 17 s alone on 2 cores, past the default 30 s beside other test files on a loaded machine.
    // 20 writers already meet on every version (each attempt conflicts with the others'); 50 gave
    // the same proof at six times the work (the retries grow with the square of the writers).
    const writers = 20;
    test(`${writers} concurrent optimistic increments: no lost update`, async () => {
      const pk = uniquePk("counter");
      await put({ pk, sk: "counter", version: 0, n: 0 });
      let successes = 0;
      let conflicts = 0;
      const worker = async (id: number) => {
        // Start from a read, then retry from the current version that ALL_OLD hands back.
        let version = Number((await get(pk, "counter"))?.version);
        for (let attempt = 0; attempt < 500; attempt += 1) {
          try {
            await transact([
              {
                Update: {
                  TableName: tableName,
                  Key: { pk, sk: "counter" },
                  UpdateExpression: "SET version = :next, n = n + :one",
                  ConditionExpression: "version = :expected",
                  ExpressionAttributeValues: { ":next": version + 1, ":one": 1, ":expected": version },
                  ReturnValuesOnConditionCheckFailure: "ALL_OLD",
                },
              },
              { Put: { TableName: tableName, Item: { pk, sk: `log#${id}`, version: version + 1 } } },
            ]);
            successes += 1;
            return;
          } catch (error) {
            if (!(error instanceof TransactionCanceledException)) throw error;
            conflicts += 1;
            const [reason] = error.CancellationReasons ?? [];
            if (reason?.Code === "TransactionConflict") {
              // Another transaction held the counter: read it again.
              version = Number((await get(pk, "counter"))?.version);
            } else {
              const current = Number(reason?.Item?.version?.N);
              expect(current).toBeGreaterThan(version);
              version = current;
            }
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** Math.min(attempt, 5)));
          }
        }
        throw new Error(`worker ${id} never succeeded`);
      };
      await Promise.all(Array.from({ length: writers }, (_, id) => worker(id)));
      expect(successes).toBe(writers);
      expect(conflicts).toBeGreaterThan(0);
      expect(await get(pk, "counter")).toEqual({ pk, sk: "counter", version: writers, n: writers });
      const logs = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :log)",
          ExpressionAttributeValues: { ":pk": pk, ":log": "log#" },
          ConsistentRead: true,
        }),
      );
      // Every success wrote a distinct version: no two transactions passed the same check.
      const versions = (logs.Items ?? []).map((item) => Number(item.version)).sort((a, b) => a - b);
      expect(versions).toEqual(Array.from({ length: writers }, (_, index) => index + 1));
    }, 90_000);

    test("concurrent transfers conserve the sum, never go negative, and are never seen half-applied", async () => {
      const pk = uniquePk("accounts");
      await put({ pk, sk: "A", balance: 100 });
      await put({ pk, sk: "B", balance: 100 });
      const amounts = Array.from({ length: 60 }, (_, index) => ({
        from: index % 2 === 0 ? "A" : "B",
        to: index % 2 === 0 ? "B" : "A",
        amount: 10 + ((index * 37) % 71),
      }));
      const applied: typeof amounts = [];
      let running = true;
      const observed: number[] = [];
      let conflicts = 0;
      const reader = (async () => {
        while (running) {
          const [query, pair] = await Promise.all([
            doc.send(
              new QueryCommand({
                TableName: tableName,
                KeyConditionExpression: "pk = :pk",
                ExpressionAttributeValues: { ":pk": pk },
                ConsistentRead: true,
              }),
            ),
            // A transactional read of an item a transfer holds is cancelled: TransactionConflict.
            doc
              .send(
                new TransactGetCommand({
                  TransactItems: ["A", "B"].map((sk) => ({ Get: { TableName: tableName, Key: { pk, sk } } })),
                }),
              )
              .catch((error: unknown) => {
                if (!(error instanceof TransactionCanceledException)) throw error;
                expect(
                  error.CancellationReasons?.some((reason) => reason.Code === "TransactionConflict"),
                ).toBe(true);
                conflicts += 1;
                return undefined;
              }),
          ]);
          const balances = (query.Items ?? []).map((item) => Number(item.balance));
          observed.push(balances.reduce((sum, balance) => sum + balance, 0));
          if (pair)
            observed.push(
              (pair.Responses ?? []).reduce((sum, response) => sum + Number(response.Item?.balance), 0),
            );
          expect(Math.min(...balances)).toBeGreaterThanOrEqual(0);
        }
      })();
      await Promise.all(
        amounts.map(async (transfer) => {
          for (let attempt = 0; ; attempt += 1) {
            try {
              await transact([
                {
                  Update: {
                    TableName: tableName,
                    Key: { pk, sk: transfer.from },
                    UpdateExpression: "SET balance = balance - :amount",
                    ConditionExpression: "balance >= :amount",
                    ExpressionAttributeValues: { ":amount": transfer.amount },
                  },
                },
                {
                  Update: {
                    TableName: tableName,
                    Key: { pk, sk: transfer.to },
                    UpdateExpression: "SET balance = balance + :amount",
                    ExpressionAttributeValues: { ":amount": transfer.amount },
                  },
                },
              ]);
              applied.push(transfer);
              return;
            } catch (error) {
              if (!(error instanceof TransactionCanceledException)) throw error;
              const codes = error.CancellationReasons?.map((reason) => reason.Code) ?? [];
              if (codes.includes("TransactionConflict")) {
                // Another transfer held an account: tried again after a jittered backoff, as the
                // domain code does, and given up after a bounded number of tries (nothing written).
                conflicts += 1;
                if (attempt >= 30) return;
                await new Promise((resolve) =>
                  setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)),
                );
                continue;
              }
              expect(codes).toEqual(["ConditionalCheckFailed", "None"]);
              return;
            }
          }
        }),
      );
      running = false;
      await reader;
      const a = Number((await get(pk, "A"))?.balance);
      const b = Number((await get(pk, "B"))?.balance);
      const net = applied.reduce((sum, t) => sum + (t.to === "A" ? t.amount : -t.amount), 0);
      expect(applied.length).toBeGreaterThan(0);
      expect(applied.length).toBeLessThan(amounts.length);
      expect(a).toBe(100 + net);
      expect(a + b).toBe(200);
      expect(Math.min(a, b)).toBeGreaterThanOrEqual(0);
      expect(observed.length).toBeGreaterThan(0);
      expect(new Set(observed)).toEqual(new Set([200]));
      // Sixty transfers over two items overlap: DynamoDB would cancel some of them, so must this.
      expect(conflicts).toBeGreaterThan(0);
    });

    test("readers never see a pair half-written, and single writes never land inside a transaction (they conflict)", async () => {
      const pk = uniquePk("pair");
      await put({ pk, sk: "a", version: 0 });
      await put({ pk, sk: "b", version: 0 });
      await put({ pk, sk: "counter", n: 0 });
      let running = true;
      let reads = 0;
      const mismatches: string[] = [];
      const reader = (async () => {
        while (running) {
          const [query, counter] = await Promise.all([
            doc.send(
              new QueryCommand({
                TableName: tableName,
                KeyConditionExpression: "pk = :pk AND sk BETWEEN :a AND :b",
                ExpressionAttributeValues: { ":pk": pk, ":a": "a", ":b": "b" },
                ConsistentRead: true,
              }),
            ),
            get(pk, "counter"),
          ]);
          const [first, second] = query.Items ?? [];
          if (first?.version !== second?.version) mismatches.push(`${first?.version} != ${second?.version}`);
          if (counter?.touchedByCancelled !== undefined)
            mismatches.push("saw a cancelled transaction's write");
          reads += 1;
        }
      })();
      /** Sends a write again while DynamoDB answers that a transaction holds its item. */
      let conflicts = 0;
      const untilNoConflict = async (send: () => Promise<unknown>) => {
        for (let attempt = 0; ; attempt += 1) {
          try {
            return await send();
          } catch (error) {
            const conflict =
              (error as Error).name === "TransactionConflictException" ||
              (error instanceof TransactionCanceledException &&
                error.CancellationReasons?.some((reason) => reason.Code === "TransactionConflict"));
            if (!conflict || attempt > 100) throw error;
            conflicts += 1;
            await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 2 ** attempt)));
          }
        }
      };
      // Writers: pairs of versions, and transactions that always cancel after touching the counter.
      const pairWriters = Array.from({ length: 10 }, async (_, writer) => {
        for (let round = 1; round <= 4; round += 1) {
          const version = writer * 10 + round;
          await untilNoConflict(() =>
            transact(["a", "b"].map((sk) => ({ Put: { TableName: tableName, Item: { pk, sk, version } } }))),
          );
        }
      });
      const cancelled = Array.from({ length: 20 }, () =>
        canceled(
          transact([
            {
              Update: {
                TableName: tableName,
                Key: { pk, sk: "counter" },
                UpdateExpression: "ADD touchedByCancelled :one",
                ExpressionAttributeValues: { ":one": 1 },
              },
            },
            {
              ConditionCheck: {
                TableName: tableName,
                Key: { pk, sk: "a" },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
          ]),
        ),
      );
      // Plain increments racing with the cancelled transactions on the same item: refused with
      // TransactionConflictException while one holds it, never landing inside it.
      const increments = Array.from({ length: 100 }, () =>
        untilNoConflict(() =>
          doc.send(
            new UpdateCommand({
              TableName: tableName,
              Key: { pk, sk: "counter" },
              UpdateExpression: "ADD n :one",
              ExpressionAttributeValues: { ":one": 1 },
            }),
          ),
        ),
      );
      await Promise.all([...pairWriters, ...cancelled, ...increments]);
      running = false;
      await reader;
      expect(reads).toBeGreaterThan(0);
      expect(mismatches).toEqual([]);
      expect(await get(pk, "counter")).toEqual({ pk, sk: "counter", n: 100 });
      expect((await get(pk, "a"))?.version).toBe((await get(pk, "b"))?.version);
      expect(conflicts).toBeGreaterThan(0);

      // The race above may never put a plain write inside a transaction that writes (those that
      // touch the counter are cancelled before writing anything). Here one must arrive while a
      // transaction holds its item: a transaction setting the counter from what it read (the
      // condition n = read) waits between its conditions and its writes (a store of its own
      // with that window widened, as the transaction-conflict tests below use), and a plain
      // increment is sent meanwhile. Let through, it would land in between and be overwritten by
      // the transaction's write: a lost update.
      const held = await startLocalDynamo({ port: 0, tableName, transactionDelays: { beforeWritesMs: 300 } });
      const heldClients = clients(held.endpoint);
      try {
        const heldDoc = heldClients.doc;
        const counter = async () =>
          (
            await heldDoc.send(
              new GetCommand({ TableName: tableName, Key: { pk, sk: "counter" }, ConsistentRead: true }),
            )
          ).Item;
        await heldDoc.send(new PutCommand({ TableName: tableName, Item: { pk, sk: "counter", n: 0 } }));
        const increment = () =>
          heldDoc.send(
            new UpdateCommand({
              TableName: tableName,
              Key: { pk, sk: "counter" },
              UpdateExpression: "ADD n :one",
              ExpressionAttributeValues: { ":one": 1 },
            }),
          );
        const order: string[] = [];
        const transaction = heldDoc
          .send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Update: {
                    TableName: tableName,
                    Key: { pk, sk: "counter" },
                    UpdateExpression: "SET n = :next",
                    ConditionExpression: "n = :read",
                    ExpressionAttributeValues: { ":read": 0, ":next": 10 },
                  },
                },
                { Put: { TableName: tableName, Item: { pk, sk: "marker" } } },
              ],
            }),
          )
          .then(() => order.push("transaction committed"));
        // Held once a transactional read of its other item is cancelled (the counter is left alone).
        for (let waited = 0; ; waited += 10) {
          const holds = await heldDoc
            .send(
              new TransactGetCommand({
                TransactItems: [{ Get: { TableName: tableName, Key: { pk, sk: "marker" } } }],
              }),
            )
            .then(
              () => false,
              (error: unknown) =>
                error instanceof TransactionCanceledException &&
                error.CancellationReasons?.[0]?.Code === "TransactionConflict",
            );
          if (holds) break;
          if (waited > 5_000) throw new Error("the transaction never held its items");
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await increment().then(
          () => order.push("increment landed"),
          (error: Error) => order.push(`increment refused: ${error.name}`),
        );
        await transaction;
        expect(order).toEqual(["increment refused: TransactionConflictException", "transaction committed"]);
        expect(await counter()).toEqual({ pk, sk: "counter", n: 10 });
        // Sent again once the transaction is done, it lands after it: nothing lost.
        await increment();
        expect(await counter()).toEqual({ pk, sk: "counter", n: 11 });
      } finally {
        heldClients.raw.destroy();
        await held.stop();
      }
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

describe("transaction conflicts, as DynamoDB gives them", () => {
  let dynamo: LocalDynamo;
  let raw: DynamoDBClient;
  let doc: DynamoDBDocumentClient;

  beforeAll(async () => {
    // Transactions here hold their items 300 ms before writing, so a test can meet one in flight.
    dynamo = await startLocalDynamo({ port: 0, tableName, transactionDelays: { beforeWritesMs: 600 } });
    ({ raw, doc } = clients(dynamo.endpoint));
  });

  afterAll(async () => {
    raw?.destroy();
    await dynamo?.stop();
  });

  const get = async (pk: string, sk: string) =>
    (await doc.send(new GetCommand({ TableName: tableName, Key: { pk, sk }, ConsistentRead: true }))).Item;
  const increment = (pk: string, sk: string): TransactItems[number] => ({
    Update: {
      TableName: tableName,
      Key: { pk, sk },
      UpdateExpression: "ADD n :one",
      ExpressionAttributeValues: { ":one": 1 },
    },
  });
  /** A transaction on `pk/a` and `pk/b`, once it holds its items (a transactional read of them conflicts). */
  const inFlight = async (pk: string) => {
    const first = doc.send(
      new TransactWriteCommand({ TransactItems: [increment(pk, "a"), increment(pk, "b")] }),
    );
    for (let waited = 0; waited < 5000; waited += 10) {
      const held = await doc
        .send(
          new TransactGetCommand({
            TransactItems: [{ Get: { TableName: tableName, Key: { pk, sk: "b" } } }],
          }),
        )
        .then(
          () => false,
          (error: unknown) =>
            error instanceof TransactionCanceledException &&
            error.CancellationReasons?.[0]?.Code === "TransactionConflict",
        );
      // Wrapped: an async function returning the promise itself would wait for it.
      if (held) return { done: first };
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error("the first transaction never held its items");
  };

  test("a transaction on an item another transaction holds is cancelled with TransactionConflict", async () => {
    const pk = uniquePk("conflict");
    const { done: first } = await inFlight(pk);
    const error = await rejection(
      doc.send(new TransactWriteCommand({ TransactItems: [increment(pk, "c"), increment(pk, "b")] })),
    );
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(
      (error as unknown as TransactionCanceledException).CancellationReasons?.map((r) => r.Code),
    ).toEqual(["None", "TransactionConflict"]);
    await first;
    // The first one committed whole; the cancelled one wrote nothing, not even its free item.
    expect([await get(pk, "a"), await get(pk, "b"), await get(pk, "c")]).toEqual([
      { pk, sk: "a", n: 1 },
      { pk, sk: "b", n: 1 },
      undefined,
    ]);
  });

  test("a single write on a held item fails with TransactionConflictException; other items are free", async () => {
    const pk = uniquePk("single");
    const { done: first } = await inFlight(pk);
    const refused = await rejection(
      doc.send(new PutCommand({ TableName: tableName, Item: { pk, sk: "a", n: 100 } })),
    );
    expect(refused.name).toBe("TransactionConflictException");
    const update = await rejection(
      doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk, sk: "b" },
          UpdateExpression: "SET n = :n",
          ExpressionAttributeValues: { ":n": 7 },
        }),
      ),
    );
    expect(update.name).toBe("TransactionConflictException");
    await doc.send(new PutCommand({ TableName: tableName, Item: { pk, sk: "free", n: 1 } }));
    await first;
    expect((await get(pk, "a"))?.n).toBe(1);
    expect((await get(pk, "b"))?.n).toBe(1);
  });

  test("a transactional read of a held item is cancelled; plain reads answer the committed state", async () => {
    const pk = uniquePk("read");
    await doc.send(new PutCommand({ TableName: tableName, Item: { pk, sk: "a", n: 10 } }));
    const { done: first } = await inFlight(pk);
    const error = await rejection(
      doc.send(
        new TransactGetCommand({ TransactItems: [{ Get: { TableName: tableName, Key: { pk, sk: "a" } } }] }),
      ),
    );
    expect((error as unknown as TransactionCanceledException).CancellationReasons?.[0]?.Code).toBe(
      "TransactionConflict",
    );
    expect((await get(pk, "a"))?.n).toBe(10);
    await first;
    expect((await get(pk, "a"))?.n).toBe(11);
  });

  test("a batch write leaves a held item unprocessed and writes the others", async () => {
    const pk = uniquePk("batch");
    const { done: first } = await inFlight(pk);
    const answer = await doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [tableName]: [
            { PutRequest: { Item: { pk, sk: "a", n: 50 } } },
            { PutRequest: { Item: { pk, sk: "other", n: 1 } } },
          ],
        },
      }),
    );
    expect(answer.UnprocessedItems?.[tableName]).toEqual([{ PutRequest: { Item: { pk, sk: "a", n: 50 } } }]);
    expect((await get(pk, "other"))?.n).toBe(1);
    await first;
    expect((await get(pk, "a"))?.n).toBe(1);
  });
});

describe("a crash in the middle of a transaction", () => {
  test("leaves no half-applied transaction after a restart (SIGKILL between two writes)", async () => {
    await withTempDir(async (dir) => {
      const dataDir = join(dir, "dynamodb");
      const { spawn } = await import("node:child_process");
      const child = spawn(
        process.execPath,
        ["--import", "tsx", join(process.cwd(), "test/support/dynamodb-child.ts"), dataDir, tableName],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      const exited = new Promise((resolve) => child.on("exit", resolve));
      try {
        const endpoint = await new Promise<string>((resolve, reject) => {
          let output = "";
          child.stdout?.on("data", (chunk: Buffer) => {
            output += chunk.toString();
            const line = output.split("\n")[0];
            if (output.includes("\n") && line) resolve((JSON.parse(line) as { endpoint: string }).endpoint);
          });
          child.on("exit", (code) => reject(new Error(`child exited ${code}`)));
        });
        const { raw, doc } = clients(endpoint);
        await doc.send(new PutCommand({ TableName: tableName, Item: { pk: "crash", sk: "a", n: 1 } }));
        const pending = doc
          .send(
            new TransactWriteCommand({
              TransactItems: [
                { Put: { TableName: tableName, Item: { pk: "crash", sk: "a", n: 2 } } },
                { Put: { TableName: tableName, Item: { pk: "crash", sk: "b", n: 2 } } },
              ],
            }),
          )
          .catch((error: unknown) => error);
        // The first write lands, then the process pauses: killed there, as a crash would.
        const journal = join(dir, "dynamodb-journal");
        const { readdir } = await import("node:fs/promises");
        for (let waited = 0; waited < 5000; waited += 20) {
          const files = await readdir(journal).catch(() => [] as string[]);
          if (files.length) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
        child.kill("SIGKILL");
        await exited;
        expect(await pending).toBeInstanceOf(Error);
        raw.destroy();
      } finally {
        child.kill("SIGKILL");
      }
      const again = await startLocalDynamo({ port: 0, dataDir, tableName });
      const { raw, doc } = clients(again.endpoint);
      try {
        const { Items = [] } = await doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": "crash" },
            ConsistentRead: true,
          }),
        );
        // Undone whole: the first write is back to its old image, the second never happened.
        expect(Items).toEqual([{ pk: "crash", sk: "a", n: 1 }]);
      } finally {
        raw.destroy();
        await again.stop();
      }
    });
  });
});

describe("a crash between an index's writes and its item's", () => {
  test("leaves no index disagreeing with the table after a restart", async () => {
    await withTempDir(async (dataRoot) => {
      const dataDir = join(dataRoot, "dynamodb");
      const pending = {
        pk: "INTENT#1",
        sk: "INTENT",
        gsi2pk: "QUEUE#pending",
        gsi2sk: "0001",
        status: "pending",
      };
      const first = await startLocalDynamo({ port: 0, dataDir, tableName });
      const one = clients(first.endpoint);
      await one.doc.send(new PutCommand({ TableName: tableName, Item: pending }));
      one.raw.destroy();
      await first.stop();

      // What dynalite leaves when killed inside an update: the index entries moved to the new
      // state (its old entry deleted, the new one put), the item itself never written. Done
      // with dynalite's own store functions, in the order its PutItem runs them.
      const dynaliteDb = (await import("dynalite/db/index.js")) as unknown as {
        create(options: { path: string }): {
          getTable(name: string, callback: (error: Error | null, table: unknown) => void): void;
          db: { close(callback: (error?: Error) => void): void };
        };
        updateIndexes(
          store: unknown,
          table: unknown,
          old: unknown,
          item: unknown,
          callback: (e?: Error) => void,
        ): void;
      };
      const store = dynaliteDb.create({ path: dataDir });
      const table = await new Promise((resolve, reject) =>
        store.getTable(tableName, (error, found) => (error ? reject(error) : resolve(found))),
      );
      const attributes = (item: Record<string, string>) =>
        Object.fromEntries(Object.entries(item).map(([name, value]) => [name, { S: value }]));
      const abandoned = { ...pending, gsi2pk: "QUEUE#abandoned", status: "abandoned" };
      await new Promise<void>((resolve, reject) =>
        dynaliteDb.updateIndexes(store, table, attributes(pending), attributes(abandoned), (error) =>
          error ? reject(error) : resolve(),
        ),
      );
      await new Promise<void>((resolve, reject) =>
        store.db.close((error) => (error ? reject(error) : resolve())),
      );
      // The process that was killed left its running mark.
      const { writeFile } = await import("node:fs/promises");
      await writeFile(`${dataDir}.running`, "4242\n");

      const again = await startLocalDynamo({ port: 0, dataDir, tableName });
      const two = clients(again.endpoint);
      try {
        const queue = async (name: string) =>
          (
            await two.doc.send(
              new QueryCommand({
                TableName: tableName,
                IndexName: "gsi2",
                KeyConditionExpression: "gsi2pk = :queue",
                ExpressionAttributeValues: { ":queue": name },
              }),
            )
          ).Items ?? [];
        // The index agrees with the item again: found in its true queue, not in the other.
        expect(await queue("QUEUE#pending")).toEqual([pending]);
        expect(await queue("QUEUE#abandoned")).toEqual([]);
      } finally {
        two.raw.destroy();
        await again.stop();
      }
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
