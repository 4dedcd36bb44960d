import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import {
  ApiError,
  type Backend,
  errorType,
  isConditionalCheckFailed,
  itemIdentity,
  type JsonObject,
  keyOfItem,
  parseJson,
  type RawReply,
  type Reply,
  validationError,
} from "#local/dynamodb-api";
import type { Item } from "#local/dynamodb-item";
import type { ItemLocks } from "#local/dynamodb-locks";
import { type ItemChange, type LocalStream, storedImage } from "#local/dynamodb-stream";

/**
 * The local DynamoDB's single and batch writes (PutItem, UpdateItem, DeleteItem, BatchWriteItem):
 * held item by item against transactions (./dynamodb-locks.ts), ReturnValuesOnConditionCheckFailure
 * ALL_OLD answered, and, while the stream captures the table, each write's record made from the
 * old image read under the item's hold (./dynamodb-stream.ts).
 */

export interface WriteContext {
  backend: Backend;
  /** Sends a request to the store (dynalite) as it came, and answers its reply as it is. */
  exchange(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<RawReply>;
  locks: ItemLocks;
  stream: LocalStream;
  /** Whether writes on the table produce stream records: while somebody reads the stream. */
  capturing(tableName: unknown): boolean;
  /** The table whose stream it is. */
  streamTableName: string;
}

export interface TableWrites {
  singleWrite(request: IncomingMessage, operation: string, body: Buffer): Promise<RawReply | Reply>;
  batchWrite(request: IncomingMessage, body: Buffer): Promise<RawReply | Reply>;
  /** One item, read consistently. */
  readItem(tableName: string, key: Item): Promise<Item | undefined>;
}

export function tableWrites(context: WriteContext): TableWrites {
  const { backend, exchange, locks, stream, capturing, streamTableName } = context;

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
      const captured = capturing(streamTableName) ? (kept[streamTableName] ?? []) : [];
      if (captured.length === 0) return await send();
      return await capturedBatchWrite(streamTableName, captured, send);
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

  return { singleWrite, batchWrite, readItem };
}
