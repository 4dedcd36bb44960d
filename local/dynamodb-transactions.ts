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
 * Limitations: the rollback is not crash-safe. If the process dies between steps 2
 * and 3 the transaction stays half-applied on disk (dynalite's LevelDB has no
 * multi-request atomicity); a clean stop() waits for running requests first. Errors
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

export type AttributeValue = Record<string, unknown>;
export type Item = Record<string, AttributeValue>;
export type JsonObject = Record<string, unknown>;

export interface Reply {
  status: number;
  body: JsonObject;
}

export const errorType = {
  validation: "com.amazon.coral.validate#ValidationException",
  serialization: "com.amazon.coral.service#SerializationException",
  missingAuthentication: "com.amazon.coral.service#MissingAuthenticationTokenException",
  conditionalCheckFailed: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
  transactionCanceled: "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
  idempotentParameterMismatch: "com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException",
  internal: "com.amazonaws.dynamodb.v20120810#InternalServerError",
} as const;

/** An error answer of the DynamoDB JSON protocol. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: JsonObject,
  ) {
    super(String(body.message ?? body.Message ?? body.__type));
    this.name = "ApiError";
  }

  static fromReply(reply: Reply): ApiError {
    return new ApiError(reply.status, reply.body);
  }
}

export function validationError(message: string): ApiError {
  return new ApiError(400, { __type: errorType.validation, message });
}

export function isConditionalCheckFailed(reply: Reply): boolean {
  return reply.status === 400 && String(reply.body.__type ?? "").endsWith("#ConditionalCheckFailedException");
}

/** What the transaction code needs from the store behind it. */
export interface Backend {
  /** One DynamoDB operation against dynalite; errors come back as a non-200 Reply. */
  call(operation: string, input: JsonObject): Promise<Reply>;
  /** The key attribute names of a table, hash key first; throws ApiError (e.g. ResourceNotFound). */
  keyAttributes(tableName: string): Promise<string[]>;
}

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

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
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

/** DynamoDB numbers compare by value: "1", "1.0" and "10E-1" are the same key. */
function normalizeNumber(text: string): string {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match) return text;
  const [, sign, whole = "", fraction = "", exponent = "0"] = match;
  let digits = whole + fraction;
  let scale = Number(exponent) + whole.length;
  while (digits.startsWith("0")) {
    digits = digits.slice(1);
    scale -= 1;
  }
  digits = digits.replace(/0+$/, "");
  if (digits === "") return "0";
  return `${sign === "-" ? "-" : ""}0.${digits}e${scale}`;
}

/** A string that is equal for two keys exactly when they name the same item. */
async function itemIdentity(backend: Backend, tableName: string, key: Item): Promise<string> {
  const attributes = await backend.keyAttributes(tableName);
  const parts = attributes.map((name) => {
    const value = key[name];
    const [type, raw] = isObject(value) ? (Object.entries(value)[0] ?? []) : [];
    if (type === undefined) throw validationError("The provided key element does not match the schema");
    return [type, type === "N" ? normalizeNumber(String(raw)) : raw];
  });
  return JSON.stringify([tableName, parts]);
}

async function keyOfItem(backend: Backend, tableName: string, item: Item): Promise<Item> {
  const attributes = await backend.keyAttributes(tableName);
  const key: Item = {};
  for (const name of attributes) {
    const value = item[name];
    if (!value) throw validationError("One of the required keys was not given a value");
    key[name] = value;
  }
  return key;
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
  return { kind, tableName, key: request.Key as Item, request, returnOldOnFailure };
}

async function assertDistinctItems(backend: Backend, actions: readonly { tableName: string; key: Item }[]) {
  const seen = new Set<string>();
  for (const action of actions) {
    const identity = await itemIdentity(backend, action.tableName, action.key);
    if (seen.has(identity)) {
      throw validationError("Transaction request cannot include multiple operations on one item");
    }
    seen.add(identity);
  }
}

function conditionFields(request: JsonObject): JsonObject {
  const fields: JsonObject = {};
  for (const name of ["ConditionExpression", "ExpressionAttributeNames", "ExpressionAttributeValues"]) {
    if (request[name] !== undefined && request[name] !== null) fields[name] = request[name];
  }
  return fields;
}

async function readItem(backend: Backend, tableName: string, key: Item): Promise<Item | undefined> {
  const reply = await backend.call("GetItem", { TableName: tableName, Key: key, ConsistentRead: true });
  if (reply.status !== 200) throw ApiError.fromReply(reply);
  return reply.body.Item as Item | undefined;
}

/** The answer of one action, with the image of its item before the transaction when known. */
interface Outcome {
  reply: Reply;
  old: Item | undefined;
}

/**
 * Sends one action to dynalite with its condition. Writes ask for ReturnValues ALL_OLD,
 * so the image to restore comes back with the write. A ConditionCheck reads the item,
 * then evaluates its condition with a write that changes nothing.
 */
async function applyAction(backend: Backend, action: WriteAction): Promise<Outcome> {
  const { request, tableName, key } = action;
  const condition = conditionFields(request);
  const written = (reply: Reply): Outcome => ({
    reply,
    old: reply.status === 200 ? (reply.body.Attributes as Item | undefined) : undefined,
  });
  switch (action.kind) {
    case "Put":
      return written(
        await backend.call("PutItem", {
          TableName: tableName,
          Item: request.Item,
          ReturnValues: "ALL_OLD",
          ...condition,
        }),
      );
    case "Update":
      return written(
        await backend.call("UpdateItem", {
          TableName: tableName,
          Key: key,
          UpdateExpression: request.UpdateExpression,
          ReturnValues: "ALL_OLD",
          ...condition,
        }),
      );
    case "Delete":
      return written(
        await backend.call("DeleteItem", {
          TableName: tableName,
          Key: key,
          ReturnValues: "ALL_OLD",
          ...condition,
        }),
      );
    case "ConditionCheck": {
      const read = await backend.call("GetItem", { TableName: tableName, Key: key, ConsistentRead: true });
      if (read.status !== 200) return { reply: read, old: undefined };
      const old = read.body.Item as Item | undefined;
      const reply = old
        ? await backend.call("PutItem", { TableName: tableName, Item: old, ...condition })
        : await backend.call("DeleteItem", { TableName: tableName, Key: key, ...condition });
      return { reply, old };
    }
  }
}

async function restore(backend: Backend, action: WriteAction, old: Item | undefined): Promise<void> {
  const reply = old
    ? await backend.call("PutItem", { TableName: action.tableName, Item: old })
    : await backend.call("DeleteItem", { TableName: action.tableName, Key: action.key });
  if (reply.status !== 200) {
    throw new Error(
      `rollback of ${action.kind} on ${action.tableName} failed: ${JSON.stringify(reply.body)}`,
    );
  }
}

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

/**
 * TransactWriteItems. Must run under the exclusive lock. Returns the success body or
 * throws ApiError (ValidationException, TransactionCanceledException, dynalite's errors).
 */
export async function transactWriteItems(
  backend: Backend,
  input: JsonObject,
  tokens: IdempotencyTokens,
): Promise<JsonObject> {
  const entries = transactItemsOf(input);
  const actions: WriteAction[] = [];
  for (const entry of entries) actions.push(await parseWriteAction(backend, entry));
  await assertDistinctItems(backend, actions);

  const token = typeof input.ClientRequestToken === "string" ? input.ClientRequestToken : undefined;
  const fingerprint = JSON.stringify(input.TransactItems);
  if (token !== undefined) {
    const remembered = tokens.lookup(token, fingerprint);
    if (remembered) return remembered;
  }

  const settled = await Promise.allSettled(actions.map((action) => applyAction(backend, action)));
  const outcomes = settled.map((result) => (result.status === "fulfilled" ? result.value : undefined));
  const transportError = settled.find((result) => result.status === "rejected");
  const failedConditions = outcomes.map(
    (outcome) => outcome !== undefined && isConditionalCheckFailed(outcome.reply),
  );
  const otherError = outcomes.find(
    (outcome) =>
      outcome !== undefined && outcome.reply.status !== 200 && !isConditionalCheckFailed(outcome.reply),
  );
  if (transportError || otherError || failedConditions.includes(true)) {
    await Promise.all(
      actions.map((action, index) => {
        const outcome = outcomes[index];
        return action.kind !== "ConditionCheck" && outcome?.reply.status === 200
          ? restore(backend, action, outcome.old)
          : undefined;
      }),
    );
    if (transportError) throw transportError.reason;
    if (otherError) throw ApiError.fromReply(otherError.reply);
    const reasons = await Promise.all(
      actions.map(async (action, index) => {
        if (!failedConditions[index]) return { Code: "None" };
        // A write that failed its condition changed nothing: its item still holds the old image.
        const old =
          action.kind === "ConditionCheck"
            ? outcomes[index]?.old
            : action.returnOldOnFailure
              ? await readItem(backend, action.tableName, action.key)
              : undefined;
        return {
          Code: "ConditionalCheckFailed",
          Message: "The conditional request failed",
          ...(action.returnOldOnFailure && old ? { Item: old } : {}),
        };
      }),
    );
    throw new ApiError(400, {
      __type: errorType.transactionCanceled,
      Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons
        .map((reason) => reason.Code)
        .join(", ")}]`,
      CancellationReasons: reasons,
    });
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

/** TransactGetItems. Must run under (at least) the shared lock. */
export async function transactGetItems(backend: Backend, input: JsonObject): Promise<JsonObject> {
  const actions = transactItemsOf(input).map(parseReadAction);
  await assertDistinctItems(backend, actions);
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
