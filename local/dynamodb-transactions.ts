import { randomUUID } from "node:crypto";
import { basename } from "node:path";
import {
  ApiError,
  type Backend,
  errorType,
  isConditionalCheckFailed,
  isObject,
  itemIdentity,
  type JsonObject,
  keyOfItem,
  type Reply,
  validationError,
} from "#local/dynamodb-api";
import type { Item } from "#local/dynamodb-item";
import type { ItemLocks, JournalEntry, TransactionJournal } from "#local/dynamodb-locks";
import type { ItemChange } from "#local/dynamodb-stream";
/**
 * TransactWriteItems and TransactGetItems on top of dynalite, which has neither.
 *
 * These functions only talk to dynalite through `Backend.call` (plain single-item
 * operations). Isolation comes from the caller: `startLocalDynamo` runs
 * `transactWriteItems` under the exclusive side of its readers/writer lock and every
 * other operation, `transactGetItems` included, under the shared side. So while a
 * transaction checks, applies and possibly rolls back, nothing else reads or writes.
 *
 * Write algorithm (all-or-nothing):
 *  1. Validate the request statically (1..100 actions, one action kind each, no two
 *     actions on the same item). Nothing is read or written when this fails.
 *  2. Send every action to dynalite with its ConditionExpression, in parallel (the
 *     items are distinct, so order does not matter). Put, Update and Delete ask for
 *     ReturnValues ALL_OLD, so each applied write hands back the image to restore. A
 *     ConditionCheck reads its item (GetItem, ConsistentRead), then evaluates its
 *     condition with a write that changes nothing: a conditional PutItem of that image
 *     when the item exists, a conditional DeleteItem of the key when it does not. Every
 *     condition is evaluated, so every failing one is reported, as DynamoDB does.
 *  3. If any action failed, put every applied item back to its old image (PutItem of
 *     the old image, or DeleteItem when there was none) and answer
 *     TransactionCanceledException with one reason per action (with the item for
 *     ReturnValuesOnConditionCheckFailure ALL_OLD: a write that failed its condition
 *     left the item untouched, so it is read then), or the first non-conditional error
 *     (e.g. a ValidationException of an update expression, or a missing table).
 *
 * Crashes: dynalite's LevelDB has no multi-request atomicity, so the old images are
 * journaled before the first write (TransactionJournal, local/dynamodb-locks.ts) and a
 * transaction cut off by a crash is undone at the next start; a clean stop() waits for
 * running requests first. Errors
 * DynamoDB reports as a cancellation reason other than ConditionalCheckFailed (e.g.
 * ValidationError for an update that does not fit the item's data) are answered as
 * the plain error dynalite gives (a ValidationException), after the rollback.
 *
 * ClientRequestToken: idempotency is implemented for successful transactions within a
 * 10-minute window: the same token with the same TransactItems answers the first
 * success again without writing; with other TransactItems it answers
 * IdempotentParameterMismatchException. A cancelled or failed transaction is not
 * remembered, so its retry with the same token runs again.
 */

export const maxTransactionActions = 100;
const idempotencyWindowMs = 10 * 60 * 1000;

type WriteKind = "Put" | "Update" | "Delete" | "ConditionCheck";
const writeKinds: readonly WriteKind[] = ["ConditionCheck", "Put", "Delete", "Update"];

interface WriteAction {
  kind: WriteKind;
  tableName: string;
  key: Item;
  request: JsonObject;
  returnOldOnFailure: boolean;
}

interface ReadAction {
  tableName: string;
  key: Item;
  request: JsonObject;
}

interface RememberedTransaction {
  fingerprint: string;
  expiresAt: number;
  body: JsonObject;
}

/** ClientRequestToken → the answer of the successful transaction that used it. */
export class IdempotencyTokens {
  readonly #tokens = new Map<string, RememberedTransaction>();

  lookup(token: string, fingerprint: string, now = Date.now()): JsonObject | undefined {
    for (const [key, entry] of this.#tokens) if (entry.expiresAt <= now) this.#tokens.delete(key);
    const entry = this.#tokens.get(token);
    if (!entry) return undefined;
    if (entry.fingerprint !== fingerprint) {
      throw new ApiError(400, {
        __type: errorType.idempotentParameterMismatch,
        message:
          "Request parameters do not match the parameters of the original request with this ClientRequestToken",
      });
    }
    return entry.body;
  }

  remember(token: string, fingerprint: string, body: JsonObject, now = Date.now()): void {
    this.#tokens.set(token, { fingerprint, expiresAt: now + idempotencyWindowMs, body });
  }
}

function transactItemsOf(input: JsonObject): unknown[] {
  const items = input.TransactItems;
  if (!Array.isArray(items)) {
    throw validationError(
      "1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null",
    );
  }
  if (items.length < 1) {
    throw validationError(
      "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: " +
        "Member must have length greater than or equal to 1",
    );
  }
  if (items.length > maxTransactionActions) {
    throw validationError(
      `1 validation error detected: Value '[${items.length} items]' at 'transactItems' failed to satisfy ` +
        `constraint: Member must have length less than or equal to ${maxTransactionActions}`,
    );
  }
  return items;
}

function requireString(value: unknown, message: string): string {
  if (typeof value !== "string" || value === "") throw validationError(message);
  return value;
}

function returnValuesOnFailure(request: JsonObject): boolean {
  const value = request.ReturnValuesOnConditionCheckFailure;
  if (value === undefined || value === null || value === "NONE") return false;
  if (value === "ALL_OLD") return true;
  throw validationError(
    `1 validation error detected: Value '${String(value)}' at 'returnValuesOnConditionCheckFailure' ` +
      "failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]",
  );
}

async function parseWriteAction(backend: Backend, entry: unknown): Promise<WriteAction> {
  const present = isObject(entry)
    ? writeKinds.filter((kind) => entry[kind] !== undefined && entry[kind] !== null)
    : [];
  const kind = present[0];
  if (present.length !== 1 || kind === undefined || !isObject(entry)) {
    throw validationError("TransactItems can only contain one of Check, Put, Update or Delete");
  }
  const request = entry[kind];
  if (!isObject(request)) throw validationError(`${kind} must be an object`);
  const tableName = requireString(
    request.TableName,
    "The parameter 'TableName' is required but was not present",
  );
  const returnOldOnFailure = returnValuesOnFailure(request);
  if (kind === "Put") {
    if (!isObject(request.Item))
      throw validationError("The parameter 'Item' is required but was not present");
    const key = await keyOfItem(backend, tableName, request.Item as Item);
    assertPlaceholders(request);
    return { kind, tableName, key, request, returnOldOnFailure };
  }
  if (!isObject(request.Key)) throw validationError("The parameter 'Key' is required but was not present");
  if (kind === "Update") {
    requireString(
      request.UpdateExpression,
      "The parameter 'UpdateExpression' is required but was not present",
    );
  }
  if (kind === "ConditionCheck") {
    requireString(
      request.ConditionExpression,
      "The parameter 'ConditionExpression' is required but was not present",
    );
  }
  assertPlaceholders(request);
  return { kind, tableName, key: request.Key as Item, request, returnOldOnFailure };
}

/**
 * DynamoDB refuses an action whose expressions use a name or value it does not define, or
 * define one none uses: checked before anything is written, as DynamoDB validates first.
 */
function assertPlaceholders(request: JsonObject): void {
  const text = [request.ConditionExpression, request.UpdateExpression]
    .filter((expression) => typeof expression === "string")
    .join(" ");
  for (const [field, prefix, label] of [
    ["ExpressionAttributeNames", "#", "names"],
    ["ExpressionAttributeValues", ":", "values"],
  ] as const) {
    const defined = isObject(request[field]) ? Object.keys(request[field] as JsonObject) : [];
    const used = new Set(text.match(new RegExp(`${prefix}[A-Za-z0-9_]+`, "g")) ?? []);
    const unused = defined.filter((placeholder) => !used.has(placeholder));
    if (unused.length) {
      throw validationError(
        `Value provided in ExpressionAttribute${label === "names" ? "Names" : "Values"} unused in expressions: keys: {${unused.join(", ")}}`,
      );
    }
    const undefinedOnes = [...used].filter((placeholder) => !defined.includes(placeholder));
    if (undefinedOnes.length) {
      throw validationError(
        `Invalid expression: An expression attribute ${label === "names" ? "name" : "value"} used in expression is not defined; attribute ${label === "names" ? "name" : "value"}: ${undefinedOnes[0]}`,
      );
    }
  }
}

/** The items' identities, refusing a request that names one item twice. */
async function distinctIdentities(
  backend: Backend,
  actions: readonly { tableName: string; key: Item }[],
): Promise<string[]> {
  const seen = new Set<string>();
  for (const action of actions) {
    const identity = await itemIdentity(backend, action.tableName, action.key);
    if (seen.has(identity)) {
      throw validationError("Transaction request cannot include multiple operations on one item");
    }
    seen.add(identity);
  }
  return [...seen];
}

/** The placeholders an expression uses: DynamoDB refuses names and values that none uses. */
function expressionFields(request: JsonObject, expressions: readonly unknown[]): JsonObject {
  const text = expressions.filter((expression) => typeof expression === "string").join(" ");
  const used = (map: unknown, prefix: string) => {
    if (!isObject(map)) return undefined;
    const kept = Object.fromEntries(
      Object.entries(map).filter(([placeholder]) =>
        new RegExp(`${placeholder.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z0-9_])`).test(text),
      ),
    );
    void prefix;
    return Object.keys(kept).length ? kept : undefined;
  };
  const names = used(request.ExpressionAttributeNames, "#");
  const values = used(request.ExpressionAttributeValues, ":");
  return {
    ...(names ? { ExpressionAttributeNames: names } : {}),
    ...(values ? { ExpressionAttributeValues: values } : {}),
  };
}

function conditionFields(request: JsonObject): JsonObject {
  if (typeof request.ConditionExpression !== "string" || request.ConditionExpression === "") return {};
  return {
    ConditionExpression: request.ConditionExpression,
    ...expressionFields(request, [request.ConditionExpression]),
  };
}

async function readItem(backend: Backend, tableName: string, key: Item): Promise<Item | undefined> {
  const reply = await backend.call("GetItem", { TableName: tableName, Key: key, ConsistentRead: true });
  if (reply.status !== 200) throw ApiError.fromReply(reply);
  return reply.body.Item as Item | undefined;
}

/**
 * Evaluates an action's condition against its item without changing it: the item read, then a
 * conditional write of that very image (or a conditional delete of the absent key). The item is
 * held by the transaction, so what was checked still holds when the writes land.
 */
async function checkCondition(
  backend: Backend,
  action: WriteAction,
): Promise<{ old: Item | undefined; reply: Reply }> {
  const { tableName, key, request } = action;
  const old = await readItem(backend, tableName, key);
  const condition = conditionFields(request);
  if (!condition.ConditionExpression) return { old, reply: { status: 200, body: {} } };
  const reply = old
    ? await backend.call("PutItem", { TableName: tableName, Item: old, ...condition })
    : await backend.call("DeleteItem", { TableName: tableName, Key: key, ...condition });
  return { old, reply };
}

/** Applies an action whose condition already held; an update answers its new image when asked. */
function applyAction(backend: Backend, action: WriteAction, newImage = false): Promise<Reply> | undefined {
  const { request, tableName, key } = action;
  switch (action.kind) {
    case "Put":
      return backend.call("PutItem", { TableName: tableName, Item: request.Item });
    case "Update":
      return backend.call("UpdateItem", {
        TableName: tableName,
        Key: key,
        UpdateExpression: request.UpdateExpression,
        ...expressionFields(request, [request.UpdateExpression]),
        ...(newImage ? { ReturnValues: "ALL_NEW" } : {}),
      });
    case "Delete":
      return backend.call("DeleteItem", { TableName: tableName, Key: key });
    case "ConditionCheck":
      return undefined;
  }
}

async function restore(backend: Backend, entry: JournalEntry): Promise<void> {
  const reply = entry.old
    ? await backend.call("PutItem", { TableName: entry.tableName, Item: entry.old })
    : await backend.call("DeleteItem", { TableName: entry.tableName, Key: entry.key });
  if (reply.status !== 200) {
    throw new Error(`rollback on ${entry.tableName} failed: ${JSON.stringify(reply.body)}`);
  }
}

/** Puts one journaled image back (crash recovery). */
export const restoreImage = restore;

function consumedCapacity(
  input: JsonObject,
  actions: readonly { tableName: string }[],
  unitsPerAction: number,
) {
  if (input.ReturnConsumedCapacity !== "TOTAL" && input.ReturnConsumedCapacity !== "INDEXES") return {};
  const perTable = new Map<string, number>();
  for (const action of actions) {
    perTable.set(action.tableName, (perTable.get(action.tableName) ?? 0) + unitsPerAction);
  }
  return {
    ConsumedCapacity: [...perTable].map(([TableName, CapacityUnits]) => ({ TableName, CapacityUnits })),
  };
}

const conflictReason = { Code: "TransactionConflict", Message: "Transaction is ongoing for the item" };

function cancelled(reasons: readonly JsonObject[]): ApiError {
  return new ApiError(400, {
    __type: errorType.transactionCanceled,
    Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons
      .map((reason) => reason.Code)
      .join(", ")}]`,
    CancellationReasons: reasons,
  });
}

/** What a transaction needs around it: the store, the item locks, the journal and the commit gate. */
export interface TransactionContext {
  backend: Backend;
  tokens: IdempotencyTokens;
  locks: ItemLocks;
  journal: TransactionJournal;
  /** Runs the writes while plain reads wait, so that no read sees a transaction half-applied. */
  committing<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Test configuration only (conformance tests): widens the windows a real service has, so that
   * a test can meet them on purpose: between the conditions and the writes, and between the
   * first write and the others (to kill the process there).
   */
  delays?: { beforeWritesMs?: number; betweenWritesMs?: number };
  /**
   * Test facility of the local runtime (crash tests; armed by local/dynamodb.ts from the
   * environment, never otherwise): a transaction writing an item whose partition or sort key
   * begins with `keyPrefix` applies its writes one by one and kills the process after
   * `afterWrites` of them, as a crash between them would.
   */
  crashPoint?: { afterWrites: number; keyPrefix: string };
  /**
   * The table's stream (local/dynamodb-stream.ts): while it captures a table's writes, a
   * transaction on it hands over what it changed once all its writes landed, before its journal
   * entry ends, and publishes the records once the entry ended.
   */
  stream?: TransactionStream;
}

export interface TransactionStream {
  capturing(tableName: string): boolean;
  /** Keeps the records of the changes (tagged with the journal entry); the function returned publishes them. */
  commitTransaction(changes: readonly ItemChange[], journalEntry: string | undefined): () => void;
  /** An item as stored once written (numbers as the store keeps them). */
  storedImage(item: Item): Item;
}

/** Whether the transaction writes an item of the crash point's key prefix. */
const meetsCrashPoint = (actions: readonly WriteAction[], keyPrefix: string) =>
  actions.some(
    (action) =>
      action.kind !== "ConditionCheck" &&
      Object.values(action.key).some((value) => typeof value.S === "string" && value.S.startsWith(keyPrefix)),
  );

/** Kills the process where it stands, with a line first (stderr to a pipe or file is written synchronously). */
function crashHere(message: string): Promise<never> {
  console.error(`local DynamoDB: crash point: ${message}; killing the process`);
  process.kill(process.pid, "SIGKILL");
  return new Promise<never>(() => {});
}

/**
 * TransactWriteItems. Returns the success body or throws ApiError (ValidationException,
 * TransactionCanceledException with ConditionalCheckFailed or TransactionConflict reasons,
 * dynalite's errors).
 */
export async function transactWriteItems(
  context: TransactionContext,
  input: JsonObject,
): Promise<JsonObject> {
  const { backend, tokens, locks, journal } = context;
  const entries = transactItemsOf(input);
  const actions: WriteAction[] = [];
  for (const entry of entries) actions.push(await parseWriteAction(backend, entry));
  const identities = await distinctIdentities(backend, actions);

  const token = typeof input.ClientRequestToken === "string" ? input.ClientRequestToken : undefined;
  const fingerprint = JSON.stringify(input.TransactItems);
  if (token !== undefined) {
    const remembered = tokens.lookup(token, fingerprint);
    if (remembered) return remembered;
  }

  const owner = randomUUID();
  const conflicts = locks.tryHoldForTransaction(identities, owner);
  if (conflicts.includes(true)) {
    throw cancelled(conflicts.map((conflict) => (conflict ? conflictReason : { Code: "None" })));
  }
  try {
    // Phase 1: every condition, on held items, with nothing changed.
    const checked = await Promise.all(actions.map((action) => checkCondition(backend, action)));
    const otherError = checked.find(({ reply }) => reply.status !== 200 && !isConditionalCheckFailed(reply));
    if (otherError) throw ApiError.fromReply(otherError.reply);
    if (checked.some(({ reply }) => isConditionalCheckFailed(reply))) {
      throw cancelled(
        actions.map((action, index) => {
          const outcome = checked[index];
          if (!outcome || !isConditionalCheckFailed(outcome.reply)) return { Code: "None" };
          return {
            Code: "ConditionalCheckFailed",
            Message: "The conditional request failed",
            ...(action.returnOldOnFailure && outcome.old ? { Item: outcome.old } : {}),
          };
        }),
      );
    }
    // Phase 2: the writes, journaled first, with plain reads held off until all landed.
    const images: JournalEntry[] = actions
      .filter((action) => action.kind !== "ConditionCheck")
      .map((action) => ({
        tableName: action.tableName,
        key: action.key,
        old: checked[actions.indexOf(action)]?.old,
      }));
    const pause = (ms: number | undefined) =>
      ms ? new Promise((resolve) => setTimeout(resolve, ms)) : undefined;
    await pause(context.delays?.beforeWritesMs);
    // What the transaction changes, for the stream: the old images read above, the new ones from the writes.
    const stream = actions.some((action) => context.stream?.capturing(action.tableName))
      ? context.stream
      : undefined;
    await context.committing(async () => {
      const journalFile = await journal.begin(images);
      const betweenWrites = context.delays?.betweenWritesMs;
      const crashPoint = context.crashPoint;
      // Armed by a crash test only: the writes in order, the process killed after the n-th.
      const crashAfter =
        crashPoint && meetsCrashPoint(actions, crashPoint.keyPrefix) ? crashPoint.afterWrites : undefined;
      const settled =
        betweenWrites || crashAfter
          ? await (async () => {
              const results: PromiseSettledResult<Reply | undefined>[] = [];
              let written = 0;
              for (const action of actions) {
                results.push(...(await Promise.allSettled([applyAction(backend, action, Boolean(stream))])));
                if (action.kind !== "ConditionCheck" && ++written === crashAfter) {
                  await crashHere(
                    `after ${written} of ${images.length} writes of a transaction on ${crashPoint?.keyPrefix}*`,
                  );
                }
                await pause(betweenWrites);
              }
              return results;
            })()
          : await Promise.allSettled(actions.map((action) => applyAction(backend, action, Boolean(stream))));
      const failure = settled.find(
        (result) =>
          result.status === "rejected" || (result.value !== undefined && result.value.status !== 200),
      );
      if (failure) {
        // A write dynalite refused (an update that does not fit the item): everything goes back.
        for (const image of images) await restore(backend, image);
        await journal.end(journalFile);
        if (failure.status === "rejected") throw failure.reason;
        throw ApiError.fromReply(failure.value as Reply);
      }
      const publish = stream?.commitTransaction(
        actions.flatMap((action, index): ItemChange[] => {
          if (action.kind === "ConditionCheck" || !stream.capturing(action.tableName)) return [];
          const old = checked[index]?.old;
          const result = settled[index];
          const written = result?.status === "fulfilled" ? result.value : undefined;
          const after =
            action.kind === "Put"
              ? stream.storedImage(action.request.Item as Item)
              : action.kind === "Update"
                ? (written?.body.Attributes as Item | undefined)
                : undefined;
          return [{ key: action.key, old, new: after }];
        }),
        journalFile === undefined ? undefined : basename(journalFile),
      );
      await journal.end(journalFile);
      publish?.();
    });
  } finally {
    locks.releaseTransaction(identities, owner);
  }

  const body = consumedCapacity(input, actions, 2);
  if (token !== undefined) tokens.remember(token, fingerprint, body);
  return body;
}

function parseReadAction(entry: unknown): ReadAction {
  const request = isObject(entry) ? entry.Get : undefined;
  if (!isObject(entry) || Object.keys(entry).length !== 1 || !isObject(request)) {
    throw validationError("TransactItems can only contain Get");
  }
  const tableName = requireString(
    request.TableName,
    "The parameter 'TableName' is required but was not present",
  );
  if (!isObject(request.Key)) throw validationError("The parameter 'Key' is required but was not present");
  return { tableName, key: request.Key as Item, request };
}

/**
 * TransactGetItems, under the commit gate's shared side: cancelled with TransactionConflict
 * when a write in flight holds one of its items.
 */
export async function transactGetItems(
  context: Pick<TransactionContext, "backend" | "locks">,
  input: JsonObject,
): Promise<JsonObject> {
  const { backend, locks } = context;
  const actions = transactItemsOf(input).map(parseReadAction);
  const identities = await distinctIdentities(backend, actions);
  const conflicts = identities.map((identity) => locks.isHeld(identity));
  if (conflicts.includes(true)) {
    throw cancelled(conflicts.map((conflict) => (conflict ? conflictReason : { Code: "None" })));
  }
  const replies = await Promise.all(
    actions.map((action) =>
      backend.call("GetItem", {
        TableName: action.tableName,
        Key: action.key,
        ConsistentRead: true,
        ...(action.request.ProjectionExpression !== undefined
          ? { ProjectionExpression: action.request.ProjectionExpression }
          : {}),
        ...(action.request.ExpressionAttributeNames !== undefined
          ? { ExpressionAttributeNames: action.request.ExpressionAttributeNames }
          : {}),
      }),
    ),
  );
  const failed = replies.find((reply) => reply.status !== 200);
  if (failed) throw ApiError.fromReply(failed);
  return {
    Responses: replies.map((reply) => (reply.body.Item ? { Item: reply.body.Item } : {})),
    ...consumedCapacity(input, actions, 2),
  };
}
