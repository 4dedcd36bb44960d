/**
 * Conformance of the local DynamoDB's TransactWriteItems with DynamoDB (local/dynamodb-transactions.ts),
 * through the real AWS SDK v3 clients: its actions, conditions, cancellations and idempotency,
 * and the conflicts DynamoDB gives between transactions and other writes.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { type DynamoDBClient, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactGetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type LocalDynamo, startLocalDynamo } from "#local/dynamodb";
import { clients, rejection, type TransactItems, tableName, uniquePk } from "#test/support/local-dynamodb";

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
