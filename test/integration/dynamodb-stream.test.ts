import { randomUUID } from "node:crypto";
import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StreamConsumer } from "#functions/stream-types";
import { itemSize, type StreamRecord } from "#local/dynamodb-stream";
import type { StreamMappingHandle } from "#local/event-source-mapping";
import { useLocalRuntime } from "#test/support/runtime";

/**
 * The local DynamoDB's stream, as a function fed by it receives it (an event source mapping over
 * the shared runtime's table, its fixture function run by the local Lambda service): one record
 * per item changed by each kind of write, in DynamoDB Streams' documented shape (API_streams_Record
 * and StreamRecord, view type NEW_AND_OLD_IMAGES), compared field by field; none for a write that
 * changes nothing; in commit order for each item; and Time to Live's deletions, by the service.
 */
const local = useLocalRuntime();

const tableName = "account-workflows";
/** This file's items: the mapping's filter lets no other record through. */
const prefix = `STREAMSHAPE#${randomUUID()}`;
let client: DynamoDBClient;
let mapping: StreamMappingHandle;

const consumer: StreamConsumer = {
  name: `fixture-stream-shapes-${randomUUID().slice(0, 8)}`,
  handler: "test/integration/fixtures/stream-consumer.ts",
  access: {},
  batchSize: 100,
  maximumBatchingWindowSeconds: 0,
  maximumRetryAttempts: 0,
  bisectBatchOnFunctionError: false,
  filters: [{ dynamodb: { Keys: { pk: { S: [{ prefix }] } } } }],
};

beforeAll(() => {
  client = new DynamoDBClient({
    endpoint: local.runtime.urls.dynamodb,
    region: "eu-central-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  mapping = local.runtime.startStreamConsumer(consumer, { keepInvocations: true });
});

afterAll(async () => {
  await mapping?.stop();
  client?.destroy();
});

/** Every record the function received for items under `pk`, in the order it received them. */
async function recordsOf(pk: string): Promise<StreamRecord[]> {
  expect(await local.runtime.streamsIdle(10_000)).toBe(true);
  return mapping
    .invocations()
    .flatMap((invocation) => invocation.event.Records)
    .filter((record) => record.dynamodb.Keys.pk?.S === pk);
}

const key = (pk: string, sk = "item") => ({ pk: { S: pk }, sk: { S: sk } });
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Everything a record holds besides its images and what varies from record to record. */
function envelope(eventName: string) {
  return {
    eventID: expect.stringMatching(/^[0-9a-f]{32}$/),
    eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: "eu-central-2",
    eventSourceARN: expect.stringMatching(
      new RegExp(
        `^arn:aws:dynamodb:eu-central-2:\\d{12}:table/${tableName}/stream/\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}$`,
      ),
    ),
  };
}

const sequence = expect.stringMatching(/^\d{21,40}$/);

describe("the size of a record (SizeBytes)", () => {
  it("is DynamoDB's size of its keys and images, as AWS reported it for these records", () => {
    // Records AWS wrote (LocalStack's parity snapshots, recorded against AWS): keys and images, and SizeBytes.
    const id = (value: string) => ({ id: { S: value } });
    expect(itemSize(id("id_value")) + itemSize({ id2: { S: "id2_value" }, ...id("id_value") })).toBe(32);
    expect(
      itemSize(id("id_value")) +
        itemSize({ id2: { S: "id2_new_value" }, ...id("id_value") }) +
        itemSize(id("id_value")),
    ).toBe(46);
    expect(itemSize(id("id_value_1")) + itemSize({ numericFilter: { N: "42" }, ...id("id_value_1") })).toBe(
      39,
    );
    const partition = { my_partition_key: { S: "hello world" } };
    expect(itemSize(partition) + itemSize({ binary_key: { B: "Zm9vYmFy" }, ...partition })).toBe(70);
    const testId = { my_partition_key: { S: "testId0" } };
    expect(itemSize(testId) + itemSize({ ...testId, should_fail: { BOOL: false } })).toBe(58);
  });
});

describe("the stream's records", () => {
  it("PutItem of a new item: INSERT, its keys and new image in DynamoDB's attribute values, numbers as stored", async () => {
    const pk = `${prefix}#put`;
    const before = nowSeconds();
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          ...key(pk),
          text: { S: "héllo" },
          amount: { N: "12.50" },
          big: { N: "1e3" },
          data: { B: new Uint8Array([1, 2, 3]) },
          flag: { BOOL: true },
          nothing: { NULL: true },
          tags: { SS: ["a", "b"] },
          counts: { NS: ["1", "2.0"] },
          list: { L: [{ S: "x" }, { N: "007" }] },
          map: { M: { inner: { S: "y" } } },
        },
      }),
    );
    const after = nowSeconds();
    const [record, ...others] = await recordsOf(pk);
    expect(others).toEqual([]);
    expect(record).toEqual({
      ...envelope("INSERT"),
      dynamodb: {
        ApproximateCreationDateTime: expect.any(Number),
        Keys: key(pk),
        NewImage: {
          ...key(pk),
          text: { S: "héllo" },
          amount: { N: "12.5" },
          big: { N: "1000" },
          data: { B: "AQID" },
          flag: { BOOL: true },
          nothing: { NULL: true },
          tags: { SS: ["a", "b"] },
          counts: { NS: ["1", "2"] },
          list: { L: [{ S: "x" }, { N: "7" }] },
          map: { M: { inner: { S: "y" } } },
        },
        SequenceNumber: sequence,
        SizeBytes: expect.any(Number),
        StreamViewType: "NEW_AND_OLD_IMAGES",
      },
    });
    const created = record?.dynamodb.ApproximateCreationDateTime ?? 0;
    expect(Number.isInteger(created) && created >= before && created <= after).toBe(true);
    expect(record?.dynamodb.SizeBytes).toBe(
      itemSize(record?.dynamodb.Keys) + itemSize(record?.dynamodb.NewImage),
    );
  });

  it("UpdateItem: MODIFY with the old and the new image; the caller's answer is what it asked for", async () => {
    const pk = `${prefix}#update`;
    await client.send(new PutItemCommand({ TableName: tableName, Item: { ...key(pk), n: { N: "1" } } }));
    const none = await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: key(pk),
        UpdateExpression: "SET n = n + :one, label = :label",
        ExpressionAttributeValues: { ":one": { N: "1" }, ":label": { S: "two" } },
      }),
    );
    expect(none.Attributes).toBeUndefined();
    const old = await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: key(pk),
        UpdateExpression: "REMOVE label",
        ReturnValues: "ALL_OLD",
      }),
    );
    expect(old.Attributes).toEqual({ ...key(pk), n: { N: "2" }, label: { S: "two" } });
    const updated = await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: key(pk),
        UpdateExpression: "SET n = :three",
        ExpressionAttributeValues: { ":three": { N: "3" } },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    expect(updated.Attributes).toEqual({ n: { N: "3" } });
    const records = await recordsOf(pk);
    expect(records.map((record) => record.eventName)).toEqual(["INSERT", "MODIFY", "MODIFY", "MODIFY"]);
    expect(records[1]).toEqual({
      ...envelope("MODIFY"),
      dynamodb: {
        ApproximateCreationDateTime: expect.any(Number),
        Keys: key(pk),
        NewImage: { ...key(pk), n: { N: "2" }, label: { S: "two" } },
        OldImage: { ...key(pk), n: { N: "1" } },
        SequenceNumber: sequence,
        SizeBytes:
          itemSize(key(pk)) * 3 +
          itemSize({ n: { N: "2" }, label: { S: "two" } }) +
          itemSize({ n: { N: "1" } }),
        StreamViewType: "NEW_AND_OLD_IMAGES",
      },
    });
    expect(records[2]?.dynamodb.NewImage).toEqual({ ...key(pk), n: { N: "2" } });
    expect(records[3]?.dynamodb.OldImage).toEqual({ ...key(pk), n: { N: "2" } });
    expect(records[3]?.dynamodb.NewImage).toEqual({ ...key(pk), n: { N: "3" } });
  });

  it("a write that changes nothing writes no record: a Put of the same item, an Update to what is there, a Delete of no item", async () => {
    const pk = `${prefix}#unchanged`;
    const item = { ...key(pk), a: { N: "1" }, set: { SS: ["x", "y"] } };
    await client.send(new PutItemCommand({ TableName: tableName, Item: item }));
    // The same item, its attributes and set members in another order, its number written otherwise.
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { set: { SS: ["y", "x"] }, a: { N: "1.0" }, ...key(pk) },
      }),
    );
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: key(pk),
        UpdateExpression: "SET a = :one",
        ExpressionAttributeValues: { ":one": { N: "1" } },
      }),
    );
    await client.send(new DeleteItemCommand({ TableName: tableName, Key: key(pk, "never-written") }));
    await client.send(new DeleteItemCommand({ TableName: tableName, Key: key(pk) }));
    expect((await recordsOf(pk)).map((record) => record.eventName)).toEqual(["INSERT", "REMOVE"]);
  });

  it("DeleteItem: REMOVE with the old image only; a write refused by its condition writes none", async () => {
    const pk = `${prefix}#delete`;
    await client.send(new PutItemCommand({ TableName: tableName, Item: { ...key(pk), v: { S: "kept" } } }));
    await expect(
      client.send(
        new DeleteItemCommand({
          TableName: tableName,
          Key: key(pk),
          ConditionExpression: "attribute_not_exists(v)",
        }),
      ),
    ).rejects.toMatchObject({ name: "ConditionalCheckFailedException" });
    await client.send(new DeleteItemCommand({ TableName: tableName, Key: key(pk) }));
    const [, removed, ...others] = await recordsOf(pk);
    expect(others).toEqual([]);
    expect(removed).toEqual({
      ...envelope("REMOVE"),
      dynamodb: {
        ApproximateCreationDateTime: expect.any(Number),
        Keys: key(pk),
        OldImage: { ...key(pk), v: { S: "kept" } },
        SequenceNumber: sequence,
        SizeBytes: itemSize(key(pk)) * 2 + itemSize({ v: { S: "kept" } }),
        StreamViewType: "NEW_AND_OLD_IMAGES",
      },
    });
  });

  it("BatchWriteItem: one record per item, in the request's order", async () => {
    const pk = `${prefix}#batch`;
    await client.send(
      new PutItemCommand({ TableName: tableName, Item: { ...key(pk, "gone"), v: { N: "1" } } }),
    );
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [tableName]: [
            { PutRequest: { Item: { ...key(pk, "new"), v: { N: "2" } } } },
            { DeleteRequest: { Key: key(pk, "gone") } },
            { PutRequest: { Item: { ...key(pk, "other"), v: { N: "3" } } } },
          ],
        },
      }),
    );
    const records = (await recordsOf(pk)).slice(1);
    expect(records.map((record) => [record.eventName, record.dynamodb.Keys.sk?.S])).toEqual([
      ["INSERT", "new"],
      ["REMOVE", "gone"],
      ["INSERT", "other"],
    ]);
    expect(records[0]?.dynamodb.NewImage).toEqual({ ...key(pk, "new"), v: { N: "2" } });
    expect(records[1]?.dynamodb.OldImage).toEqual({ ...key(pk, "gone"), v: { N: "1" } });
    expect(records[1]?.dynamodb).not.toHaveProperty("NewImage");
  });

  it("TransactWriteItems: a record per item written (none for a condition check), one after the other; none when cancelled", async () => {
    const pk = `${prefix}#transaction`;
    await client.send(
      new PutItemCommand({ TableName: tableName, Item: { ...key(pk, "updated"), n: { N: "1" } } }),
    );
    await client.send(new PutItemCommand({ TableName: tableName, Item: { ...key(pk, "deleted") } }));
    await client.send(new PutItemCommand({ TableName: tableName, Item: { ...key(pk, "checked") } }));
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: { ...key(pk, "put"), v: { S: "new" } } } },
          {
            Update: {
              TableName: tableName,
              Key: key(pk, "updated"),
              UpdateExpression: "SET n = n + :one",
              ExpressionAttributeValues: { ":one": { N: "1" } },
            },
          },
          { Delete: { TableName: tableName, Key: key(pk, "deleted") } },
          {
            ConditionCheck: {
              TableName: tableName,
              Key: key(pk, "checked"),
              ConditionExpression: "attribute_exists(pk)",
            },
          },
        ],
      }),
    );
    await expect(
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: { ...key(pk, "never") } } },
            {
              ConditionCheck: {
                TableName: tableName,
                Key: key(pk, "checked"),
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
          ],
        }),
      ),
    ).rejects.toBeInstanceOf(TransactionCanceledException);
    const records = (await recordsOf(pk)).slice(3);
    expect(records.map((record) => [record.eventName, record.dynamodb.Keys.sk?.S])).toEqual([
      ["INSERT", "put"],
      ["MODIFY", "updated"],
      ["REMOVE", "deleted"],
    ]);
    expect(records[1]?.dynamodb).toMatchObject({
      OldImage: { ...key(pk, "updated"), n: { N: "1" } },
      NewImage: { ...key(pk, "updated"), n: { N: "2" } },
    });
    const numbers = records.map((record) => BigInt(record.dynamodb.SequenceNumber));
    expect(numbers).toEqual([...numbers].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(numbers).size).toBe(3);
  });

  it("comes in commit order for each item: concurrent updates of one item follow each other, each old image the previous new one", async () => {
    const pk = `${prefix}#order`;
    await client.send(new PutItemCommand({ TableName: tableName, Item: { ...key(pk), n: { N: "0" } } }));
    const add = () =>
      client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: key(pk),
          UpdateExpression: "ADD n :one",
          ExpressionAttributeValues: { ":one": { N: "1" } },
        }),
      );
    await Promise.all(Array.from({ length: 12 }, add));
    const records = await recordsOf(pk);
    expect(records).toHaveLength(13);
    const sequenceNumbers = records.map((record) => record.dynamodb.SequenceNumber);
    expect(sequenceNumbers).toEqual([...sequenceNumbers].sort());
    records.slice(1).forEach((record, index) => {
      expect(record.dynamodb.OldImage?.n).toEqual({ N: String(index) });
      expect(record.dynamodb.NewImage?.n).toEqual({ N: String(index + 1) });
    });
  });
});

describe("Time to Live", () => {
  it("deletes expired items with a REMOVE record by the service; leaves items not yet expired and expiries that are not numbers", async () => {
    const pk = `${prefix}#ttl`;
    const now = nowSeconds();
    const items = {
      expired: { ...key(pk, "expired"), expiresAt: { N: String(now - 60) } },
      later: { ...key(pk, "later"), expiresAt: { N: String(now + 3600) } },
      text: { ...key(pk, "text"), expiresAt: { S: String(now - 60) } },
      none: { ...key(pk, "none") },
    };
    for (const Item of Object.values(items))
      await client.send(new PutItemCommand({ TableName: tableName, Item }));
    expect(await local.runtime.sweepExpiredItems()).toBeGreaterThanOrEqual(1);
    const get = async (sk: string) =>
      (
        await client.send(
          new GetItemCommand({ TableName: tableName, Key: key(pk, sk), ConsistentRead: true }),
        )
      ).Item;
    expect(await get("expired")).toBeUndefined();
    expect(await get("later")).toEqual(items.later);
    expect(await get("text")).toEqual(items.text);
    expect(await get("none")).toEqual(items.none);
    const removed = (await recordsOf(pk)).filter((record) => record.eventName === "REMOVE");
    expect(removed).toEqual([
      {
        ...envelope("REMOVE"),
        dynamodb: {
          ApproximateCreationDateTime: expect.any(Number),
          Keys: key(pk, "expired"),
          OldImage: items.expired,
          SequenceNumber: sequence,
          SizeBytes: itemSize(key(pk, "expired")) + itemSize(items.expired),
          StreamViewType: "NEW_AND_OLD_IMAGES",
        },
        userIdentity: { type: "Service", principalId: "dynamodb.amazonaws.com" },
      },
    ]);
    // A caller's deletion carries no identity.
    await client.send(new DeleteItemCommand({ TableName: tableName, Key: key(pk, "later") }));
    const [callers] = (await recordsOf(pk)).filter((record) => record.eventName === "REMOVE").slice(1);
    expect(callers?.dynamodb.Keys).toEqual(key(pk, "later"));
    expect(callers).not.toHaveProperty("userIdentity");
  });
});
