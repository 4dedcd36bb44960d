/**
 * The embedded local DynamoDB: dynalite (in-process, LevelDB on disk) behind a layer
 * that adds what dynalite lacks, with DynamoDB's semantics:
 *
 * - TransactWriteItems and TransactGetItems (see ./dynamodb-transactions.ts);
 * - ReturnValuesOnConditionCheckFailure: "ALL_OLD" on PutItem, UpdateItem, DeleteItem
 *   (the old item is added to the ConditionalCheckFailedException body; ./dynamodb-writes.ts);
 * - UpdateTimeToLive, and DescribeTimeToLive answering it (./dynamodb-time-to-live.ts). The setting is kept in
 *   `local-time-to-live.json` inside dataDir (in memory without dataDir). Nothing ever
 *   expires locally: code treats items past their expiry attribute as absent itself,
 *   as it must anyway since DynamoDB deletes expired items late.
 *
 * The protocol on both sides (errors, replies, the Backend) is ./dynamodb-api.ts.
 * Everything else is forwarded to dynalite byte for byte, so what dynalite rejects
 * (ExecuteStatement and the other PartiQL operations, for instance) stays rejected.
 *
 * Isolation, item by item as in DynamoDB (./dynamodb-locks.ts): a transaction holds its items
 * and is cancelled with TransactionConflict when another write holds one; a single write on an
 * item a transaction holds fails with TransactionConflictException; a batch write leaves such
 * items unprocessed. Plain reads (GetItem, BatchGetItem, Query, Scan) hold a commit gate shared,
 * and a transaction's writes hold it exclusively for the few milliseconds they take, so no read
 * sees a transaction half-applied (read-committed). A transaction journals its items' old images
 * before writing, so one cut off by a crash is undone at the next start.
 *
 * The table's stream (./dynamodb-stream.ts): while somebody reads it, every write that changes an
 * item of the table produces its record, the item's old image read under the item's hold just
 * before the write; Time to Live deletions are the local sweeper's (`sweepExpiredItems`).
 */
import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from "node:http";
import { dirname, join } from "node:path";
import dynalite from "dynalite";
import {
  ApiError,
  apiVersion,
  type Backend,
  errorType,
  isAuthenticated,
  type JsonObject,
  jsonContentType,
  keyOfItem,
  operationOf,
  parseJson,
  type RawReply,
  readBody,
  sendJson,
  sendRaw,
  withoutHopByHop,
} from "#local/dynamodb-api";
import { markRunning, repairIndexes, wasStoppedUncleanly } from "#local/dynamodb-index-repair";
import type { Item } from "#local/dynamodb-item";
import { ItemLocks, type LockMode, ReadersWriterLock, TransactionJournal } from "#local/dynamodb-locks";
import { LocalStream, storedImage, streamCrashPointFromEnvironment } from "#local/dynamodb-stream";
import { TimeToLiveSettings, timeToLive as timeToLiveOperations } from "#local/dynamodb-time-to-live";
import {
  IdempotencyTokens,
  restoreImage,
  type TransactionContext,
  transactGetItems,
  transactWriteItems,
} from "#local/dynamodb-transactions";
import { tableWrites } from "#local/dynamodb-writes";
import { close, listen } from "#local/listen";
import { createTableInput } from "#shared/table";

export interface LocalDynamoOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** LevelDB folder; undefined keeps the data in memory. */
  dataDir?: string;
  tableName: string;
  /** Test configuration: see TransactionContext.delays. */
  transactionDelays?: { beforeWritesMs?: number; betweenWritesMs?: number };
  /** The system's time (the runtime's clock): stream records' creation time, Time to Live. @default Date.now */
  now?: () => number;
  /** Named in the stream's ARN and records. @default "eu-central-2", "000000000000" */
  region?: string;
  accountId?: string;
  /**
   * The Time to Live attribute the deployment enables on `tableName` (shared/table.ts), used by
   * the sweeper unless UpdateTimeToLive set another; without either, nothing expires.
   */
  timeToLiveAttribute?: string;
}

/** An item a successful PutItem, UpdateItem, DeleteItem, BatchWriteItem or TransactWriteItems named. */
export interface TableWrite {
  tableName: string;
  /** The item's key attributes, as DynamoDB JSON. */
  key: Item;
}

export interface LocalDynamo {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  port: number;
  /** Waits for running requests, then closes both servers and the LevelDB store. */
  stop(): Promise<void>;
  /**
   * Tells `listener` the key of each item a successful write named, before the writer has its
   * answer, until the returned function is called (tests: what a request wrote, without a scan).
   */
  onWrite(listener: (write: TableWrite) => void): () => void;
  /** The table's stream (`tableName`'s): records while somebody reads it (./dynamodb-stream.ts). */
  stream: LocalStream;
  /**
   * DynamoDB's Time to Live, which dynalite lacks: deletes every item of `tableName` whose TTL
   * attribute (a number, epoch seconds) is before now, each with its stream record (REMOVE, by the
   * service). Returns how many were deleted. DynamoDB does it in the background within days;
   * locally it runs when called (`npm start` calls it on a timer).
   */
  sweepExpiredItems(): Promise<number>;
}

/** Operations answered here rather than by dynalite. */
const ownOperations = new Set([
  "TransactWriteItems",
  "TransactGetItems",
  "UpdateTimeToLive",
  "DescribeTimeToLive",
]);
const singleWrites = new Set(["PutItem", "UpdateItem", "DeleteItem"]);
/** Reads that wait while a transaction's writes land, so they never see it half-applied. */
const plainReads = new Set(["GetItem", "BatchGetItem", "Query", "Scan"]);
const schemaChanges = new Set(["CreateTable", "DeleteTable", "UpdateTable"]);

/**
 * Test facility: the crash test (test/integration/crash.test.ts) arms a kill between the writes of
 * a transaction, in the process it starts, with `LOCAL_CRASH_AFTER_TRANSACTION_WRITES=<n>` and
 * `LOCAL_CRASH_TRANSACTION_KEY_PREFIX=<prefix>` (see TransactionContext.crashPoint); unset, none.
 */
function crashPointFromEnvironment(): TransactionContext["crashPoint"] {
  const afterWrites = process.env.LOCAL_CRASH_AFTER_TRANSACTION_WRITES;
  if (afterWrites === undefined || afterWrites === "") return undefined;
  const keyPrefix = process.env.LOCAL_CRASH_TRANSACTION_KEY_PREFIX ?? "";
  const count = Number(afterWrites);
  if (!Number.isInteger(count) || count < 1 || keyPrefix === "") {
    throw new Error(
      "LOCAL_CRASH_AFTER_TRANSACTION_WRITES takes a number of writes (1 or more), and LOCAL_CRASH_TRANSACTION_KEY_PREFIX the key prefix of the transactions to cut",
    );
  }
  console.warn(
    `local DynamoDB: crash point armed: a transaction on ${keyPrefix}* kills the process after ${count} write(s)`,
  );
  return { afterWrites: count, keyPrefix };
}

export async function startLocalDynamo(options: LocalDynamoOptions): Promise<LocalDynamo> {
  const host = options.host ?? "127.0.0.1";
  // Set by the crash test in the process it kills; unset (npm start, every other test), none.
  const crashPoint = crashPointFromEnvironment();
  const store = dynalite({ path: options.dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const storePort = await listen(store, 0, "127.0.0.1", "DYNAMODB_PORT");
  // Only this layer talks to dynalite: its connections never time out, so none is closed under a request.
  store.keepAliveTimeout = 0;
  const agent = new Agent({ keepAlive: true });

  function exchange(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer) {
    return new Promise<RawReply>((resolve, reject) => {
      const outgoing = request(
        {
          host: "127.0.0.1",
          port: storePort,
          method,
          path,
          agent,
          headers: { ...withoutHopByHop(headers), "content-length": body.length },
        },
        (incoming) => {
          readBody(incoming).then(
            (replyBody) =>
              resolve({ status: incoming.statusCode ?? 500, headers: incoming.headers, body: replyBody }),
            reject,
          );
        },
      );
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  }

  const keySchemas = new Map<string, Promise<string[]>>();

  const backend: Backend = {
    async call(operation, input) {
      const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, "");
      const reply = await exchange(
        "POST",
        "/",
        {
          "content-type": jsonContentType,
          "x-amz-target": `${apiVersion}.${operation}`,
          "x-amz-date": amzDate,
          // dynalite checks that a SigV4 header is present, not the signature.
          authorization: `AWS4-HMAC-SHA256 Credential=local/${amzDate.slice(0, 8)}/local/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=local`,
        },
        Buffer.from(JSON.stringify(input)),
      );
      return { status: reply.status, body: parseJson(reply.body) };
    },
    keyAttributes(tableName) {
      let schema = keySchemas.get(tableName);
      if (!schema) {
        schema = backend.call("DescribeTable", { TableName: tableName }).then((reply) => {
          if (reply.status !== 200) throw ApiError.fromReply(reply);
          const table = reply.body.Table as { KeySchema: { AttributeName: string; KeyType: string }[] };
          return [...table.KeySchema]
            .sort((a, b) => (a.KeyType === b.KeyType ? 0 : a.KeyType === "HASH" ? -1 : 1))
            .map((element) => element.AttributeName);
        });
        schema.catch(() => keySchemas.delete(tableName));
        keySchemas.set(tableName, schema);
      }
      return schema;
    },
  };

  // Plain reads hold the gate shared; a transaction's writes hold it exclusively (read-committed).
  const gate = new ReadersWriterLock();
  const locks = new ItemLocks();
  const journal = new TransactionJournal(
    options.dataDir ? join(dirname(options.dataDir), "dynamodb-journal") : undefined,
  );
  const tokens = new IdempotencyTokens();
  const now = options.now ?? Date.now;
  const stream = LocalStream.open({
    ...(options.dataDir ? { folder: join(dirname(options.dataDir), "dynamodb-stream") } : {}),
    tableName: options.tableName,
    region: options.region ?? "eu-central-2",
    accountId: options.accountId ?? "000000000000",
    now,
    crashPoint: streamCrashPointFromEnvironment(),
  });
  /** Whether writes on the table produce stream records: while somebody reads the stream. */
  const capturing = (tableName: unknown) => stream.capturing && tableName === options.tableName;
  let timeToLive: TimeToLiveSettings;
  try {
    timeToLive = await TimeToLiveSettings.load(options.dataDir);
  } catch (error) {
    await close(store);
    throw error;
  }

  async function withLock<T>(mode: LockMode, work: () => Promise<T>): Promise<T> {
    const release = await gate.acquire(mode);
    try {
      return await work();
    } finally {
      release();
    }
  }

  const transactions: TransactionContext = {
    backend,
    tokens,
    locks,
    journal,
    committing: (work) => withLock("exclusive", work),
    ...(options.transactionDelays ? { delays: options.transactionDelays } : {}),
    ...(crashPoint ? { crashPoint } : {}),
    stream: {
      capturing,
      commitTransaction: (changes, journalEntry) => stream.commitTransaction(changes, journalEntry),
      storedImage,
    },
  };

  function ownOperation(operation: string, input: JsonObject): Promise<JsonObject> {
    switch (operation) {
      case "TransactWriteItems":
        return transactWriteItems(transactions, input);
      case "TransactGetItems":
        return withLock("shared", () => transactGetItems(transactions, input));
      case "UpdateTimeToLive":
        return withLock("exclusive", () => updateTimeToLive(input));
      default:
        return withLock("shared", () => describeTimeToLive(input));
    }
  }

  const { singleWrite, batchWrite, readItem } = tableWrites({
    backend,
    exchange,
    locks,
    stream,
    capturing,
    streamTableName: options.tableName,
  });

  const writeListeners = new Set<(write: TableWrite) => void>();
  const { updateTimeToLive, describeTimeToLive, sweepExpiredItems } = timeToLiveOperations({
    backend,
    locks,
    stream,
    capturing,
    readItem,
    reportWrite: (write) => {
      for (const listener of writeListeners) listener(write);
    },
    settings: timeToLive,
    tableName: options.tableName,
    timeToLiveAttribute: options.timeToLiveAttribute,
    now,
  });

  /** The items a write operation that succeeded named, told to the `onWrite` listeners. */
  async function reportWrites(operation: string, input: JsonObject, answer: JsonObject): Promise<void> {
    if (writeListeners.size === 0) return;
    const writes: { tableName: string; key: Item }[] = [];
    const named = async (tableName: unknown, entry: { Item?: Item; Key?: Item } | undefined) => {
      if (typeof tableName !== "string" || !entry) return;
      const key = entry.Item ? await keyOfItem(backend, tableName, entry.Item) : entry.Key;
      if (key) writes.push({ tableName, key });
    };
    if (singleWrites.has(operation)) await named(input.TableName, input as { Item?: Item; Key?: Item });
    else if (operation === "TransactWriteItems") {
      for (const action of (input.TransactItems ?? []) as JsonObject[]) {
        const write = (action.Put ?? action.Update ?? action.Delete) as JsonObject | undefined;
        await named(write?.TableName, write as { Item?: Item; Key?: Item } | undefined);
      }
    } else if (operation === "BatchWriteItem") {
      const left = new Set<string>();
      for (const [tableName, entries] of Object.entries(
        (answer.UnprocessedItems ?? {}) as Record<string, JsonObject[]>,
      ))
        for (const entry of entries) left.add(`${tableName}\0${JSON.stringify(entry)}`);
      for (const [tableName, entries] of Object.entries(
        (input.RequestItems ?? {}) as Record<string, JsonObject[]>,
      ))
        for (const entry of Array.isArray(entries) ? entries : []) {
          if (left.has(`${tableName}\0${JSON.stringify(entry)}`)) continue;
          await named(tableName, (entry.PutRequest ?? entry.DeleteRequest) as { Item?: Item; Key?: Item });
        }
    }
    for (const write of writes) for (const listener of writeListeners) listener(write);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const operation = request.method === "POST" ? operationOf(request) : undefined;
    try {
      if (operation && ownOperations.has(operation)) {
        if (!isAuthenticated(request)) {
          throw new ApiError(400, {
            __type: errorType.missingAuthentication,
            message: "Request is missing Authentication Token",
          });
        }
        const input = parseJson(body);
        const answer = await ownOperation(operation, input);
        await reportWrites(operation, input, answer);
        sendJson(response, 200, answer);
        return;
      }
      if (operation && (singleWrites.has(operation) || operation === "BatchWriteItem")) {
        const reply =
          operation === "BatchWriteItem"
            ? await batchWrite(request, body)
            : await singleWrite(request, operation, body);
        if (reply.status === 200 && writeListeners.size > 0)
          await reportWrites(
            operation,
            parseJson(body),
            "headers" in reply ? parseJson(reply.body) : reply.body,
          );
        if ("headers" in reply) sendRaw(response, reply);
        else sendJson(response, reply.status, reply.body);
        return;
      }
      const forward = () => exchange(request.method ?? "POST", request.url ?? "/", request.headers, body);
      const reply =
        operation && plainReads.has(operation) ? await withLock("shared", forward) : await forward();
      if (operation && schemaChanges.has(operation) && reply.status === 200) {
        const tableName = String(parseJson(body).TableName);
        keySchemas.delete(tableName);
        if (operation === "DeleteTable" && timeToLive.get(tableName) !== undefined) {
          await timeToLive.set(tableName, undefined);
        }
      }
      sendRaw(response, reply);
    } catch (error) {
      if (error instanceof ApiError) {
        sendJson(response, error.status, error.body);
        return;
      }
      throw error;
    }
  }

  const running = new Set<Promise<void>>();
  const server = createServer((request, response) => {
    const work = handle(request, response)
      .catch((error: unknown) => {
        console.error("local DynamoDB: internal error", error);
        if (!response.headersSent) {
          sendJson(response, 500, { __type: errorType.internal, message: String(error) });
        }
      })
      .finally(() => running.delete(work));
    running.add(work);
  });

  let port: number;
  try {
    port = await listen(server, options.port, host, "DYNAMODB_PORT");
  } catch (error) {
    agent.destroy();
    await close(store);
    throw error;
  }

  let stopping: Promise<void> | undefined;
  let marker: { stopped(): Promise<void> } | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await close(server);
      // Let running transactions finish (or roll back) before the store closes.
      await Promise.allSettled([...running]);
      await close(store);
      agent.destroy();
      stream.close();
      await marker?.stopped();
    })();
    return stopping;
  };

  try {
    await ensureTable(backend, options.tableName);
    const unclean = options.dataDir ? await wasStoppedUncleanly(options.dataDir) : false;
    // A transaction cut off by a crash between its writes is undone before anything is served...
    const undoneEntries = new Set<string>();
    const undone = await journal.recover(
      (entry) => restoreImage(backend, entry),
      (entryName) => undoneEntries.add(entryName),
    );
    if (undone) console.warn(`local DynamoDB: ${undone} transaction(s) cut off by a crash were undone`);
    // ...with its stream records, and a write cut off before its record gets it (./dynamodb-stream.ts).
    const recorded = await stream.recover(undoneEntries, (key) => readItem(options.tableName, key));
    if (recorded)
      console.warn(`local DynamoDB: ${recorded} stream record(s) of writes cut off by a crash were written`);
    // ...and indexes a crash left disagreeing with the table are rebuilt from it.
    if (unclean) {
      const repaired = await repairIndexes(backend, options.tableName);
      if (repaired) console.warn(`local DynamoDB: ${repaired} index entries a crash left stale were removed`);
    }
    if (options.dataDir) marker = await markRunning(options.dataDir);
  } catch (error) {
    await stop();
    throw error;
  }

  const endpointHost =
    host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return {
    endpoint: `http://${endpointHost}:${port}`,
    port,
    stop,
    onWrite(listener) {
      writeListeners.add(listener);
      return () => writeListeners.delete(listener);
    },
    stream,
    sweepExpiredItems,
  };
}

/** Creates the table unless a previous run on the same dataDir did, and waits until it is ACTIVE. */
async function ensureTable(backend: Backend, tableName: string): Promise<void> {
  const created = await backend.call("CreateTable", createTableInput(tableName) as unknown as JsonObject);
  if (created.status !== 200 && !String(created.body.__type).endsWith("#ResourceInUseException")) {
    throw ApiError.fromReply(created);
  }
  for (let attempt = 0; ; attempt += 1) {
    const described = await backend.call("DescribeTable", { TableName: tableName });
    if (described.status !== 200) throw ApiError.fromReply(described);
    if ((described.body.Table as { TableStatus?: string }).TableStatus === "ACTIVE") return;
    if (attempt > 500) throw new Error(`table ${tableName} did not become ACTIVE`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
