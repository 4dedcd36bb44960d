import { randomUUID } from "node:crypto";
import {
  type AttributeValue,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StreamConsumer } from "#functions/stream-types";
import type { StreamRecord } from "#local/dynamodb-stream";
import type { MappingInvocation, StreamMappingHandle } from "#local/event-source-mapping";
import { useLocalRuntime } from "#test/support/runtime";

/**
 * The local event source mapping runs a stream consumer as Lambda runs a DynamoDB mapping with
 * ReportBatchItemFailures and an on-failure destination: batches of up to `batchSize` matching
 * records gathered for `maximumBatchingWindowSeconds`, a batch item failure checkpointed before
 * and retried from its record, a function error retried (bisected when asked) and then sent to the
 * on-failure destination as Lambda's invocation record, records that match no filter skipped.
 * Each test starts a mapping of its own over the shared runtime's table (a fixture function, run
 * by the local Lambda service; what it does with a record is written in the record's `behaviour`,
 * see fixtures/stream-consumer.ts), and reads what the function received from the mapping.
 * Retries wait 20 ms and more (the test runtime's retry interval), not seconds.
 */
const local = useLocalRuntime();

const tableName = "account-workflows";
let client: DynamoDBClient;
const started: StreamMappingHandle[] = [];

beforeAll(() => {
  client = new DynamoDBClient({
    endpoint: local.runtime.urls.dynamodb,
    region: "eu-central-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
});

afterAll(async () => {
  await Promise.all(started.map((mapping) => mapping.stop()));
  client?.destroy();
});

/** A mapping of its own for a test, over the items under a key prefix of its own. */
function startMapping(settings: Partial<StreamConsumer> = {}) {
  const prefix = `MAPPING#${randomUUID()}`;
  const consumer: StreamConsumer = {
    name: `fixture-mapping-${randomUUID().slice(0, 8)}`,
    handler: "test/integration/fixtures/stream-consumer.ts",
    access: { table: "readWrite" },
    batchSize: 10,
    maximumBatchingWindowSeconds: 0,
    maximumRetryAttempts: 2,
    bisectBatchOnFunctionError: false,
    filters: [{ dynamodb: { Keys: { pk: { S: [{ prefix }] } } } }],
    ...settings,
  };
  const mapping = local.runtime.startStreamConsumer(consumer, { keepInvocations: true });
  started.push(mapping);
  return { prefix, consumer, mapping };
}

const item = (pk: string, sk: string, behaviour?: string) => ({
  pk: { S: pk },
  sk: { S: sk },
  ...(behaviour ? { behaviour: { S: behaviour } } : {}),
});

/** Items written in one transaction: their records are published together, in this order. */
async function writeTogether(items: ReturnType<typeof item>[]) {
  await client.send(
    new TransactWriteItemsCommand({
      TransactItems: items.map((Item) => ({ Put: { TableName: tableName, Item } })),
    }),
  );
}

const put = (Item: Record<string, AttributeValue>) =>
  client.send(new PutItemCommand({ TableName: tableName, Item }));

async function settled(mapping: StreamMappingHandle): Promise<readonly MappingInvocation[]> {
  expect(await local.runtime.streamsIdle(10_000)).toBe(true);
  return mapping.invocations();
}

/** Each invocation as the sort keys of its records, and how it ended. */
const shape = (invocations: readonly MappingInvocation[]) =>
  invocations.map((invocation) => [
    invocation.event.Records.map((record) => record.dynamodb.Keys.sk?.S).join(","),
    invocation.outcome,
  ]);

const failuresOf = (consumer: StreamConsumer) =>
  local.runtime
    .streamFailures()
    .filter((failure) => failure.requestContext.functionArn.endsWith(`:function:${consumer.name}`));

const sequenceOf = (invocations: readonly MappingInvocation[], sk: string): string => {
  const record = invocations
    .flatMap((invocation) => invocation.event.Records)
    .find((each: StreamRecord) => each.dynamodb.Keys.sk?.S === sk);
  if (!record) throw new Error(`no record of ${sk} was delivered`);
  return record.dynamodb.SequenceNumber;
};

describe("batching", () => {
  it("sends records in batches of at most batchSize, in stream order", async () => {
    const { prefix, mapping } = startMapping({ batchSize: 3 });
    await writeTogether(["1", "2", "3", "4", "5", "6", "7"].map((sk) => item(prefix, sk)));
    expect(shape(await settled(mapping))).toEqual([
      ["1,2,3", "success"],
      ["4,5,6", "success"],
      ["7", "success"],
    ]);
  });

  it("gathers records written apart while the batching window lasts, and sends a full batch at once", async () => {
    // A window far longer than the test: only a full batch is sent.
    const { prefix, mapping } = startMapping({ batchSize: 3, maximumBatchingWindowSeconds: 300 });
    for (const sk of ["a", "b", "c"]) await put(item(prefix, sk));
    expect(shape(await settled(mapping))).toEqual([["a,b,c", "success"]]);
  });

  it("sends a batch that is not full once its window has passed", async () => {
    const { prefix, mapping } = startMapping({ batchSize: 10, maximumBatchingWindowSeconds: 1 });
    const first = Date.now();
    for (const sk of ["a", "b"]) await put(item(prefix, sk));
    expect(shape(await settled(mapping))).toEqual([["a,b", "success"]]);
    expect(Date.now() - first).toBeGreaterThanOrEqual(900);
  });
});

describe("a batch item failure (ReportBatchItemFailures)", () => {
  it("checkpoints before the failed record and retries the batch from it; from the lowest of several", async () => {
    const { prefix, consumer, mapping } = startMapping({ batchSize: 5 });
    await writeTogether([
      item(prefix, "1"),
      item(prefix, "2"),
      item(prefix, "3", "fail:1"),
      item(prefix, "4", "fail:1"),
      item(prefix, "5"),
    ]);
    expect(shape(await settled(mapping))).toEqual([
      ["1,2,3,4,5", "partial"],
      ["3,4,5", "success"],
    ]);
    expect(failuresOf(consumer)).toEqual([]);
  });

  it("sends the records from the failed one to the on-failure destination once the retries are spent", async () => {
    const { prefix, consumer, mapping } = startMapping({ batchSize: 3, maximumRetryAttempts: 1 });
    await writeTogether([item(prefix, "1"), item(prefix, "2", "fail"), item(prefix, "3"), item(prefix, "4")]);
    const invocations = await settled(mapping);
    expect(shape(invocations)).toEqual([
      ["1,2,3", "partial"],
      ["2,3", "partial"],
      ["4", "success"],
    ]);
    expect(failuresOf(consumer)).toEqual([
      expect.objectContaining({
        requestContext: expect.objectContaining({
          condition: "RetryAttemptsExhausted",
          approximateInvokeCount: 2,
        }),
        responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: null },
        DDBStreamBatchInfo: expect.objectContaining({
          startSequenceNumber: sequenceOf(invocations, "2"),
          endSequenceNumber: sequenceOf(invocations, "3"),
          batchSize: 2,
        }),
      }),
    ]);
  });

  it("takes an identifier that is not one of the batch's sequence numbers for a failure of the whole batch", async () => {
    const { prefix, consumer, mapping } = startMapping({ maximumRetryAttempts: 1 });
    await writeTogether([
      item(prefix, "1"),
      item(prefix, "2", 'answer:{"batchItemFailures":[{"itemIdentifier":"not-a-record"}]}'),
    ]);
    expect(shape(await settled(mapping))).toEqual([
      ["1,2", "invalid"],
      ["1,2", "invalid"],
    ]);
    expect(failuresOf(consumer)).toEqual([
      expect.objectContaining({
        responseContext: expect.objectContaining({ functionError: null }),
        DDBStreamBatchInfo: expect.objectContaining({ batchSize: 2 }),
      }),
    ]);
  });
});

describe("a function error", () => {
  it("retries the whole batch up to maximumRetryAttempts, then sends it to the on-failure destination and moves on", async () => {
    const { prefix, consumer, mapping } = startMapping({ batchSize: 2, maximumRetryAttempts: 2 });
    await writeTogether([item(prefix, "1"), item(prefix, "2", "throw"), item(prefix, "3")]);
    const invocations = await settled(mapping);
    expect(shape(invocations)).toEqual([
      ["1,2", "error"],
      ["1,2", "error"],
      ["1,2", "error"],
      ["3", "success"],
    ]);
    expect(failuresOf(consumer)).toEqual([
      expect.objectContaining({
        requestContext: expect.objectContaining({ approximateInvokeCount: 3 }),
        responseContext: expect.objectContaining({ functionError: "Unhandled" }),
        DDBStreamBatchInfo: expect.objectContaining({
          startSequenceNumber: sequenceOf(invocations, "1"),
          endSequenceNumber: sequenceOf(invocations, "2"),
          batchSize: 2,
        }),
      }),
    ]);
  });

  it("bisects the failed batch (without spending retries), retries the failing record alone, then sends Lambda's invocation record", async () => {
    const { prefix, consumer, mapping } = startMapping({
      batchSize: 4,
      maximumRetryAttempts: 1,
      bisectBatchOnFunctionError: true,
    });
    const before = Date.now();
    await writeTogether([
      item(prefix, "1"),
      item(prefix, "2", "throw"),
      item(prefix, "3"),
      item(prefix, "4"),
    ]);
    const invocations = await settled(mapping);
    expect(shape(invocations)).toEqual([
      ["1,2,3,4", "error"],
      ["1,2", "error"],
      ["1", "success"],
      ["2", "error"],
      ["2", "error"],
      ["3,4", "success"],
    ]);
    const failed = invocations[3]?.event.Records[0] as StreamRecord;
    const arrival = new Date(failed.dynamodb.ApproximateCreationDateTime * 1000)
      .toISOString()
      .replace(".000Z", "Z");
    const failures = failuresOf(consumer);
    // The invocation record Lambda sends an SQS destination for a DynamoDB stream (DDBStreamBatchInfo).
    expect(failures).toEqual([
      {
        requestContext: {
          requestId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
          functionArn: `arn:aws:lambda:eu-central-2:000000000000:function:${consumer.name}`,
          condition: "RetryAttemptsExhausted",
          approximateInvokeCount: 4,
        },
        responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
        version: "1.0",
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        DDBStreamBatchInfo: {
          shardId: expect.stringMatching(/^shardId-\d{20}-[0-9a-f]{8}$/),
          startSequenceNumber: failed.dynamodb.SequenceNumber,
          endSequenceNumber: failed.dynamodb.SequenceNumber,
          approximateArrivalOfFirstRecord: arrival,
          approximateArrivalOfLastRecord: arrival,
          batchSize: 1,
          streamArn: failed.eventSourceARN,
        },
      },
    ]);
    const failedAt = Date.parse(failures[0]?.timestamp ?? "");
    expect(failedAt >= before - 1000 && failedAt <= Date.now()).toBe(true);
  });
});

describe("filtering", () => {
  it("sends only the records one of the filters matches, and checkpoints past the others without an invocation", async () => {
    const prefix = `MAPPING#${randomUUID()}`;
    const { mapping } = startMapping({
      filters: [
        {
          eventName: ["INSERT"],
          dynamodb: {
            Keys: { pk: { S: [{ prefix: `${prefix}#a` }] } },
            // An attribute is absent when its typed value is: `gone: [{ exists: false }]` would match
            // every record, `gone` being an object ({ S: ... }), not a leaf (AWS answers so).
            NewImage: { kind: { S: [{ "anything-but": ["skip"] }] }, gone: { S: [{ exists: false }] } },
          },
        },
        { eventName: ["REMOVE"], dynamodb: { Keys: { pk: { S: [`${prefix}#a`] } } } },
      ],
    });
    const kinds = (sk: string, kind: string, extra = {}) =>
      put({ ...item(`${prefix}#a`, sk), kind: { S: kind }, ...extra });
    await kinds("kept", "mail");
    await kinds("skipped", "skip");
    await kinds("has-gone", "mail", { gone: { S: "yes" } });
    await put({ ...item(`${prefix}#b`, "other-prefix"), kind: { S: "mail" } });
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: { pk: { S: `${prefix}#a` }, sk: { S: "kept" } },
        UpdateExpression: "SET kind = :kind",
        ExpressionAttributeValues: { ":kind": { S: "modified" } },
      }),
    );
    await client.send(
      new DeleteItemCommand({ TableName: tableName, Key: { pk: { S: `${prefix}#a` }, sk: { S: "kept" } } }),
    );
    // The stream's last record matches no filter: the mapping is idle only once it is checkpointed past it.
    await put({ ...item(`${prefix}#b`, "last"), kind: { S: "mail" } });
    const invocations = await settled(mapping);
    expect(
      invocations
        .flatMap((invocation) => invocation.event.Records)
        .map((record) => [record.eventName, record.dynamodb.Keys.sk?.S]),
    ).toEqual([
      ["INSERT", "kept"],
      ["REMOVE", "kept"],
    ]);
  });

  it("refuses a pattern Lambda refuses", () => {
    expect(() => startMapping({ filters: [{ eventName: "INSERT" }] })).toThrow(
      "Invalid filter pattern definition.",
    );
  });
});
