/**
 * The embedded local DynamoDB: dynalite (in-process, LevelDB on disk) behind a layer
 * that adds what dynalite lacks, with DynamoDB's semantics:
 *
 * - TransactWriteItems and TransactGetItems (see ./dynamodb-transactions.ts);
 * - ReturnValuesOnConditionCheckFailure: "ALL_OLD" on PutItem, UpdateItem, DeleteItem
 *   (the old item is added to the ConditionalCheckFailedException body);
 * - UpdateTimeToLive, and DescribeTimeToLive answering it. The setting is kept in
 *   `local-time-to-live.json` inside dataDir (in memory without dataDir). Nothing ever
 *   expires locally: code treats items past their expiry attribute as absent itself,
 *   as it must anyway since DynamoDB deletes expired items late.
 *
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
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from "node:http";
import { dirname, join } from "node:path";
import { crc32 } from "node:zlib";
import dynalite from "dynalite";
import { markRunning, repairIndexes, wasStoppedUncleanly } from "#local/dynamodb-index-repair";
import type { Item } from "#local/dynamodb-item";
import { ItemLocks, TransactionJournal } from "#local/dynamodb-locks";
import {
  type ItemChange,
  LocalStream,
  storedImage,
  streamCrashPointFromEnvironment,
} from "#local/dynamodb-stream";
import {
  ApiError,
  type Backend,
  errorType,
  IdempotencyTokens,
  isConditionalCheckFailed,
  itemIdentity,
  type JsonObject,
  keyOfItem,
  type Reply,
  restoreImage,
  type TransactionContext,
  transactGetItems,
  transactWriteItems,
  validationError,
} from "#local/dynamodb-transactions";
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

const apiVersion = "DynamoDB_20120810";
const jsonContentType = "application/x-amz-json-1.0";
const timeToLiveFile = "local-time-to-live.json";

type LockMode = "shared" | "exclusive";

/** A fair (FIFO) readers/writer lock for async code. */
export class ReadersWriterLock {
  #readers = 0;
  #writer = false;
  readonly #waiting: { mode: LockMode; grant: () => void }[] = [];

  /** Resolves with the release function once the lock is held in `mode`. */
  acquire(mode: LockMode): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = () => {
        if (mode === "exclusive") this.#writer = true;
        else this.#readers += 1;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          if (mode === "exclusive") this.#writer = false;
          else this.#readers -= 1;
          this.#drain();
        });
      };
      if (this.#waiting.length === 0 && this.#grantable(mode)) grant();
      else this.#waiting.push({ mode, grant });
    });
  }

  #grantable(mode: LockMode): boolean {
    return mode === "shared" ? !this.#writer : !this.#writer && this.#readers === 0;
  }

  #drain(): void {
    for (let next = this.#waiting[0]; next && this.#grantable(next.mode); next = this.#waiting[0]) {
      this.#waiting.shift();
      next.grant();
    }
  }
}

/** Enabled TimeToLive attribute per table, optionally kept in a JSON file. */
class TimeToLiveSettings {
  private constructor(
    private readonly file: string | undefined,
    private readonly settings: Record<string, string>,
  ) {}

  static async load(dataDir: string | undefined): Promise<TimeToLiveSettings> {
    if (dataDir === undefined) return new TimeToLiveSettings(undefined, {});
    const file = join(dataDir, timeToLiveFile);
    try {
      return new TimeToLiveSettings(file, JSON.parse(await readFile(file, "utf8")) as Record<string, string>);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      return new TimeToLiveSettings(file, {});
    }
  }

  get(tableName: string): string | undefined {
    return Object.hasOwn(this.settings, tableName) ? this.settings[tableName] : undefined;
  }

  async set(tableName: string, attributeName: string | undefined): Promise<void> {
    if (attributeName === undefined) delete this.settings[tableName];
    else this.settings[tableName] = attributeName;
    if (this.file === undefined) return;
    await mkdir(join(this.file, ".."), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(this.settings, null, 2));
    await rename(temporary, this.file);
  }
}

interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const hopByHopHeaders = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "host"]);

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !hopByHopHeaders.has(name)));
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

function sendRaw(response: ServerResponse, reply: RawReply): void {
  response.writeHead(reply.status, {
    ...withoutHopByHop(reply.headers),
    "content-length": reply.body.length,
  });
  response.end(reply.body);
}

function sendJson(response: ServerResponse, status: number, body: JsonObject): void {
  const payload = Buffer.from(JSON.stringify(body));
  response.writeHead(status, {
    "content-type": jsonContentType,
    "content-length": payload.length,
    "x-amz-crc32": String(crc32(payload)),
    "x-amzn-requestid": randomUUID(),
  });
  response.end(payload);
}

function parseJson(body: Buffer): JsonObject {
  try {
    const value: unknown = JSON.parse(body.toString("utf8"));
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as JsonObject;
  } catch {
    // answered below
  }
  throw new ApiError(400, { __type: errorType.serialization });
}

function operationOf(request: IncomingMessage): string | undefined {
  const [version, operation, ...rest] = String(request.headers["x-amz-target"] ?? "").split(".");
  return version === apiVersion && operation && rest.length === 0 ? operation : undefined;
}

function isAuthenticated(request: IncomingMessage): boolean {
  return Boolean(request.headers.authorization) || (request.url ?? "").includes("X-Amz-Algorithm");
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

  async function assertTableExists(tableName: unknown): Promise<string> {
    if (typeof tableName !== "string" || tableName === "") {
      throw validationError("The parameter 'TableName' is required but was not present");
    }
    const reply = await backend.call("DescribeTable", { TableName: tableName });
    if (reply.status !== 200) throw ApiError.fromReply(reply);
    return tableName;
  }

  async function updateTimeToLive(input: JsonObject): Promise<JsonObject> {
    const specification = input.TimeToLiveSpecification as
      | { Enabled?: unknown; AttributeName?: unknown }
      | undefined;
    const enabled = specification?.Enabled;
    const attributeName = specification?.AttributeName;
    if (typeof enabled !== "boolean" || typeof attributeName !== "string" || attributeName === "") {
      throw validationError(
        "1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: " +
          "Member must not be null (Enabled and AttributeName are required)",
      );
    }
    const tableName = await assertTableExists(input.TableName);
    const current = timeToLive.get(tableName);
    if (current !== undefined && current !== attributeName) {
      throw validationError(`TimeToLive is active on a different AttributeName: current value: ${current}`);
    }
    if (enabled && current !== undefined) throw validationError("TimeToLive is already enabled");
    if (!enabled && current === undefined) throw validationError("TimeToLive is already disabled");
    await timeToLive.set(tableName, enabled ? attributeName : undefined);
    return { TimeToLiveSpecification: { Enabled: enabled, AttributeName: attributeName } };
  }

  async function describeTimeToLive(input: JsonObject): Promise<JsonObject> {
    const tableName = await assertTableExists(input.TableName);
    const attributeName = timeToLive.get(tableName);
    return {
      TimeToLiveDescription:
        attributeName === undefined
          ? { TimeToLiveStatus: "DISABLED" }
          : { TimeToLiveStatus: "ENABLED", AttributeName: attributeName },
    };
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

  const transactionConflict = () =>
    new ApiError(400, {
      __type: errorType.transactionConflict,
      message: "Transaction is ongoing for the item",
    });

  /** The item a single write names, as the item locks know it. */
  async function identityOfWrite(operation: string, input: JsonObject): Promise<string> {
    const tableName = input.TableName;
    if (typeof tableName !== "string")
      throw validationError("The parameter 'TableName' is required but was not present");
    const key =
      operation === "PutItem"
        ? await keyOfItem(backend, tableName, (input.Item ?? {}) as Item)
        : (input.Key as Item);
    if (!key || typeof key !== "object")
      throw validationError("The parameter 'Key' is required but was not present");
    return itemIdentity(backend, tableName, key);
  }

  /**
   * A PutItem, UpdateItem or DeleteItem: refused with TransactionConflictException while a
   * transaction holds its item, and holding it (shared with other single writes) while it runs.
   * ReturnValuesOnConditionCheckFailure ALL_OLD, which dynalite ignores, is answered here.
   */
  async function singleWrite(
    request: IncomingMessage,
    operation: string,
    body: Buffer,
  ): Promise<RawReply | Reply> {
    const input = parseJson(body);
    const identity = await identityOfWrite(operation, input);
    if (!locks.tryHoldForSingleWrite(identity)) throw transactionConflict();
    try {
      if (capturing(input.TableName))
        return await capturedSingleWrite(request, operation, input, body, identity);
      const reply = await exchange("POST", request.url ?? "/", request.headers, body);
      if (input.ReturnValuesOnConditionCheckFailure !== "ALL_OLD") return reply;
      const answer: Reply = { status: reply.status, body: parseJson(reply.body) };
      if (!isConditionalCheckFailed(answer) || typeof input.TableName !== "string") return reply;
      const key =
        operation === "PutItem"
          ? await keyOfItem(backend, input.TableName, input.Item as Item)
          : (input.Key as Item);
      const old = await backend.call("GetItem", {
        TableName: input.TableName,
        Key: key,
        ConsistentRead: true,
      });
      if (old.status !== 200) throw ApiError.fromReply(old);
      return old.body.Item ? { status: answer.status, body: { ...answer.body, Item: old.body.Item } } : reply;
    } finally {
      locks.releaseSingleWrite(identity);
    }
  }

  async function readItem(tableName: string, key: Item): Promise<Item | undefined> {
    const reply = await backend.call("GetItem", { TableName: tableName, Key: key, ConsistentRead: true });
    if (reply.status !== 200) throw ApiError.fromReply(reply);
    return reply.body.Item as Item | undefined;
  }

  /** The items of `keys` (distinct), in their order: one BatchGetItem per hundred. */
  async function readItems(tableName: string, keys: readonly Item[]): Promise<(Item | undefined)[]> {
    const attributes = await backend.keyAttributes(tableName);
    const found = new Map<string, Item>();
    const identity = (item: Item) => JSON.stringify(attributes.map((name) => item[name]));
    for (let start = 0; start < keys.length; start += 100) {
      let pending: JsonObject | undefined = {
        [tableName]: { Keys: keys.slice(start, start + 100), ConsistentRead: true },
      };
      while (pending && Object.keys(pending).length > 0) {
        const reply: Reply = await backend.call("BatchGetItem", { RequestItems: pending });
        if (reply.status !== 200) throw ApiError.fromReply(reply);
        const items = ((reply.body.Responses as Record<string, Item[]> | undefined)?.[tableName] ??
          []) as Item[];
        for (const item of items) found.set(identity(item), item);
        pending = reply.body.UnprocessedKeys as JsonObject | undefined;
      }
    }
    return keys.map((key) => found.get(identity(storedImage(key))));
  }

  /**
   * A single write while the stream captures the table: the item held for its records' order, its
   * old image read, the write journaled as an intent (with a data folder), sent, and its record
   * kept and published before it is answered. An UpdateItem asks the store for its new image
   * (ReturnValues ALL_NEW) and answers what its caller asked for; a PutItem's new image is its item.
   */
  async function capturedSingleWrite(
    request: IncomingMessage,
    operation: string,
    input: JsonObject,
    body: Buffer,
    identity: string,
  ): Promise<RawReply | Reply> {
    const tableName = input.TableName as string;
    const key =
      operation === "PutItem" ? await keyOfItem(backend, tableName, input.Item as Item) : (input.Key as Item);
    const release = await stream.hold([identity]);
    try {
      const old = await readItem(tableName, key);
      const intent = stream.begin([{ key, old }]);
      const returnValues = input.ReturnValues;
      // UPDATED_OLD and UPDATED_NEW (and values the store refuses) go as they are; the image is read after.
      const askNewImage =
        operation === "UpdateItem" &&
        (returnValues === undefined ||
          returnValues === "NONE" ||
          returnValues === "ALL_NEW" ||
          returnValues === "ALL_OLD");
      let reply: RawReply | Reply;
      try {
        reply = askNewImage
          ? await backend.call("UpdateItem", { ...input, ReturnValues: "ALL_NEW" })
          : await exchange("POST", request.url ?? "/", request.headers, body);
      } catch (error) {
        intent.abandon();
        throw error;
      }
      const answer: Reply =
        "headers" in reply ? { status: reply.status, body: parseJson(reply.body) } : reply;
      if (answer.status !== 200) {
        intent.abandon();
        // The item is as it was read: ReturnValuesOnConditionCheckFailure ALL_OLD needs no other read.
        if (
          input.ReturnValuesOnConditionCheckFailure === "ALL_OLD" &&
          isConditionalCheckFailed(answer) &&
          old
        )
          return { status: answer.status, body: { ...answer.body, Item: old } };
        return reply;
      }
      const after =
        operation === "PutItem"
          ? storedImage(input.Item as Item)
          : operation === "DeleteItem"
            ? undefined
            : askNewImage
              ? (answer.body.Attributes as Item | undefined)
              : await readItem(tableName, key);
      intent.commit([{ key, old, new: after }]);
      if (!askNewImage) return reply;
      const { Attributes: _newImage, ...rest } = answer.body;
      if (returnValues === "ALL_NEW") return answer;
      if (returnValues === "ALL_OLD") return { status: 200, body: old ? { ...rest, Attributes: old } : rest };
      return { status: 200, body: rest };
    } finally {
      release();
    }
  }

  /**
   * BatchWriteItem: a request whose item a transaction holds is not done and comes back in
   * UnprocessedItems (the caller sends it again); the others are written, each held as a
   * single write while the batch runs.
   */
  async function batchWrite(request: IncomingMessage, body: Buffer): Promise<RawReply | Reply> {
    const input = parseJson(body);
    const requestItems = (input.RequestItems ?? {}) as Record<string, JsonObject[]>;
    const held: string[] = [];
    const kept: Record<string, JsonObject[]> = {};
    const unprocessed: Record<string, JsonObject[]> = {};
    const add = (to: Record<string, JsonObject[]>, tableName: string, ...writes: JsonObject[]) => {
      to[tableName] = [...(to[tableName] ?? []), ...writes];
    };
    try {
      for (const [tableName, writes] of Object.entries(requestItems)) {
        if (!Array.isArray(writes)) continue;
        for (const entry of writes) {
          const put = entry.PutRequest as { Item?: Item } | undefined;
          const remove = entry.DeleteRequest as { Key?: Item } | undefined;
          const key = put?.Item ? await keyOfItem(backend, tableName, put.Item) : remove?.Key;
          if (!key) throw validationError("A write request of BatchWriteItem names no item");
          const identity = await itemIdentity(backend, tableName, key);
          if (locks.tryHoldForSingleWrite(identity)) {
            held.push(identity);
            add(kept, tableName, entry);
          } else {
            add(unprocessed, tableName, entry);
          }
        }
      }
      const send = async (): Promise<RawReply | Reply> => {
        if (!Object.keys(unprocessed).length)
          return await exchange("POST", request.url ?? "/", request.headers, body);
        if (!Object.keys(kept).length) return { status: 200, body: { UnprocessedItems: unprocessed } };
        const reply = await backend.call("BatchWriteItem", { ...input, RequestItems: kept });
        if (reply.status !== 200) return reply;
        const left = (reply.body.UnprocessedItems ?? {}) as Record<string, JsonObject[]>;
        for (const [tableName, writes] of Object.entries(left)) add(unprocessed, tableName, ...writes);
        return { status: 200, body: { ...reply.body, UnprocessedItems: unprocessed } };
      };
      const captured = capturing(options.tableName) ? (kept[options.tableName] ?? []) : [];
      if (captured.length === 0) return await send();
      return await capturedBatchWrite(options.tableName, captured, send);
    } finally {
      for (const identity of held) locks.releaseSingleWrite(identity);
    }
  }

  /**
   * A batch write while the stream captures the table: its items of the table held, their old
   * images read in one BatchGetItem, journaled, the batch sent, and the records of the items
   * written (not those left unprocessed) kept and published before it is answered.
   */
  async function capturedBatchWrite(
    tableName: string,
    entries: readonly JsonObject[],
    send: () => Promise<RawReply | Reply>,
  ): Promise<RawReply | Reply> {
    const writes: { entry: JsonObject; key: Item; item: Item | undefined; identity: string }[] = [];
    for (const entry of entries) {
      const item = (entry.PutRequest as { Item?: Item } | undefined)?.Item;
      const key = item
        ? await keyOfItem(backend, tableName, item)
        : (entry.DeleteRequest as { Key: Item }).Key;
      writes.push({ entry, key, item, identity: await itemIdentity(backend, tableName, key) });
    }
    // Two requests on one item: the store refuses the batch, which changes nothing.
    if (new Set(writes.map((write) => write.identity)).size !== writes.length) return send();
    const release = await stream.hold(writes.map((write) => write.identity));
    try {
      const olds = await readItems(
        tableName,
        writes.map((write) => write.key),
      );
      const intent = stream.begin(writes.map((write, index) => ({ key: write.key, old: olds[index] })));
      let reply: RawReply | Reply;
      try {
        reply = await send();
      } catch (error) {
        intent.abandon();
        throw error;
      }
      const answer = "headers" in reply ? parseJson(reply.body) : reply.body;
      if (reply.status !== 200) {
        intent.abandon();
        return reply;
      }
      const left = new Set(
        ((answer.UnprocessedItems as Record<string, JsonObject[]> | undefined)?.[tableName] ?? []).map(
          (entry) => JSON.stringify(entry),
        ),
      );
      const changes: ItemChange[] = writes.flatMap((write, index) =>
        left.has(JSON.stringify(write.entry))
          ? []
          : [{ key: write.key, old: olds[index], new: write.item ? storedImage(write.item) : undefined }],
      );
      intent.commit(changes);
      return reply;
    } finally {
      release();
    }
  }

  const writeListeners = new Set<(write: TableWrite) => void>();
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

  /** Deletes the table's expired items (see LocalDynamo.sweepExpiredItems). */
  async function sweepExpiredItems(): Promise<number> {
    const tableName = options.tableName;
    const attribute = timeToLive.get(tableName) ?? options.timeToLiveAttribute;
    if (attribute === undefined) return 0;
    // "If the epoch time value stored in the attribute is less than the current time, the item is expired."
    const nowSeconds = String(Math.floor(now() / 1000));
    let deleted = 0;
    let start: unknown;
    do {
      const page = await backend.call("Scan", {
        TableName: tableName,
        FilterExpression: "#ttl < :now",
        ExpressionAttributeNames: { "#ttl": attribute },
        ExpressionAttributeValues: { ":now": { N: nowSeconds } },
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      if (page.status !== 200) throw ApiError.fromReply(page);
      for (const item of (page.body.Items ?? []) as Item[]) {
        if (await deleteExpired(tableName, attribute, item)) deleted += 1;
      }
      start = page.body.LastEvaluatedKey;
    } while (start);
    return deleted;
  }

  /**
   * One expired item deleted as DynamoDB's TTL deletes it: only if its expiry is still the one
   * found (a write since may have extended it), never while a transaction holds it (the next sweep
   * will), with a REMOVE record by the service.
   */
  async function deleteExpired(tableName: string, attribute: string, item: Item): Promise<boolean> {
    const key = await keyOfItem(backend, tableName, item);
    const identity = await itemIdentity(backend, tableName, key);
    if (!locks.tryHoldForSingleWrite(identity)) return false;
    try {
      const capture = capturing(tableName);
      const release = capture ? await stream.hold([identity]) : undefined;
      try {
        const intent = capture ? stream.begin([{ key, old: await readItem(tableName, key) }]) : undefined;
        const reply = await backend.call("DeleteItem", {
          TableName: tableName,
          Key: key,
          ConditionExpression: "#ttl = :expiry",
          ExpressionAttributeNames: { "#ttl": attribute },
          ExpressionAttributeValues: { ":expiry": item[attribute] },
          ReturnValues: "ALL_OLD",
        });
        const removed = reply.status === 200 ? (reply.body.Attributes as Item | undefined) : undefined;
        if (!removed) {
          intent?.abandon();
          return false;
        }
        intent?.commit([{ key, old: removed, new: undefined, byTimeToLive: true }]);
        for (const listener of writeListeners) listener({ tableName, key });
        return true;
      } finally {
        release?.();
      }
    } finally {
      locks.releaseSingleWrite(identity);
    }
  }
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
