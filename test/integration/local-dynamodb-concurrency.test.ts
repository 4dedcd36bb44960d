import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DynamoDBClient, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
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
});
