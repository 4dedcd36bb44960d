import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { tableName as configuredTableName, dynamo } from "#shared/db";
import { errors } from "#shared/errors";
import * as texts from "#shared/i18n/error-texts";

/**
 * The single table's entity layer: typed `@aws-sdk/lib-dynamodb` commands built from one
 * description per entity (its name, its primary key and its index keys). Descriptions are
 * plain object literals, so a bundle keeps only the entities and commands its handler uses
 * (ElectroDB, and dynamodb-toolbox's full action set, weighed 190 KB and 89 KB: see
 * docs/data-model.md). Every write is built here, for a single command or a transaction
 * alike, so a transaction uses the same keys and conditions as a lone write.
 */

export interface PrimaryKey {
  pk: string;
  sk: string;
}

export interface IndexKeys {
  gsi1pk?: string;
  gsi1sk?: string;
  gsi2pk?: string;
  gsi2sk?: string;
}

/** The table's name, checked when a request is built: a function without TABLE_NAME fails with its name. */
function table(): string {
  if (!configuredTableName) throw new Error("TABLE_NAME is not set");
  return configuredTableName;
}

/** The attributes the layer manages: never part of an item as the domain sees it. */
const managedAttributes = ["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "entity"] as const;

export interface Entity<Item extends object, Key extends object> {
  /** Stored on every item as `entity`: queries keep only their own entity's items. */
  readonly name: string;
  readonly key: (key: Key) => PrimaryKey;
  /**
   * The secondary index keys this item's attributes give. Called with the whole item on a put,
   * and with the attributes an update sets: return only the keys whose attributes are present,
   * so an update rewrites exactly the index keys it changes.
   */
  readonly indexKeys?: (attributes: Partial<Item>) => IndexKeys;
  /** Refuses attributes the table must never hold (money that is not whole minor units). */
  readonly validate?: (attributes: Partial<Item>) => void;
}

// biome-ignore lint/suspicious/noExplicitAny: any entity, whatever its item and key.
type AnyEntity = Entity<any, any>;
export type ItemOf<E> = E extends Entity<infer Item, infer _Key> ? Item : never;
export type KeyOf<E> = E extends Entity<infer _Item, infer Key> ? Key : never;

// ---- conditions ----

type Primitive = string | number | boolean;
interface Comparison<Value> {
  eq?: Value;
  ne?: Value;
  gt?: Value;
  gte?: Value;
  lt?: Value;
  lte?: Value;
  in?: readonly Value[];
  exists?: boolean;
  beginsWith?: string;
}

/**
 * A condition on an item's attributes: every listed attribute must hold (AND). A primitive is
 * an equality; `$or` holds when one of its conditions does; `$exists` is the item's own
 * existence (its partition key present or not).
 */
export type Condition<Item> = {
  [Name in keyof Item]?: NonNullable<Item[Name]> extends Primitive
    ? NonNullable<Item[Name]> | Comparison<NonNullable<Item[Name]>>
    : Comparison<NonNullable<Item[Name]>>;
} & { $or?: readonly Condition<Item>[]; $exists?: boolean };

/** Names and values of one expression, numbered in order of use. */
class ExpressionParts {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private readonly placeholders = new Map<string, string>();
  private valueCount = 0;

  name(attribute: string): string {
    let placeholder = this.placeholders.get(attribute);
    if (!placeholder) {
      placeholder = `#a${this.placeholders.size}`;
      this.placeholders.set(attribute, placeholder);
      this.names[placeholder] = attribute;
    }
    return placeholder;
  }

  value(value: unknown): string {
    const placeholder = `:v${this.valueCount++}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  condition(condition: Condition<object>): string | undefined {
    const clauses: string[] = [];
    for (const [attribute, test] of Object.entries(condition)) {
      if (test === undefined) continue;
      if (attribute === "$exists") {
        clauses.push(`${test ? "attribute_exists" : "attribute_not_exists"}(${this.name("pk")})`);
      } else if (attribute === "$or") {
        const options = (test as Condition<object>[]).map((option) => this.condition(option)).filter(Boolean);
        if (options.length) clauses.push(`(${options.join(" OR ")})`);
      } else {
        clauses.push(...this.comparisons(attribute, test));
      }
    }
    return clauses.length ? clauses.join(" AND ") : undefined;
  }

  private comparisons(attribute: string, test: unknown): string[] {
    const name = this.name(attribute);
    if (typeof test !== "object" || test === null) return [`${name} = ${this.value(test)}`];
    const operators: Record<string, string> = { eq: "=", ne: "<>", gt: ">", gte: ">=", lt: "<", lte: "<=" };
    const clauses: string[] = [];
    for (const [operator, operand] of Object.entries(test as Comparison<unknown>)) {
      if (operand === undefined) continue;
      const symbol = operators[operator];
      if (symbol) clauses.push(`${name} ${symbol} ${this.value(operand)}`);
      else if (operator === "exists")
        clauses.push(`${operand ? "attribute_exists" : "attribute_not_exists"}(${name})`);
      else if (operator === "beginsWith") clauses.push(`begins_with(${name}, ${this.value(operand)})`);
      else if (operator === "in") {
        const options = (operand as unknown[]).map((option) => this.value(option));
        clauses.push(options.length ? `${name} IN (${options.join(", ")})` : "attribute_exists(#never)");
      } else throw new Error(`unknown condition operator ${operator}`);
    }
    return clauses;
  }

  /** The names and values to send, without empty maps (DynamoDB refuses them). */
  attributes() {
    return {
      ...(Object.keys(this.names).length ? { ExpressionAttributeNames: this.names } : {}),
      ...(Object.keys(this.values).length ? { ExpressionAttributeValues: this.values } : {}),
    };
  }
}

// ---- writes: one shape for a single command and a transaction ----

/**
 * A write, built but not sent: `{Put}`, `{Update}`, `{Delete}` or `{ConditionCheck}` as
 * TransactWriteItems takes it, and the domain error that a failed condition means.
 */
export type WriteAction = (
  | { Put: Record<string, unknown> & { Item: Record<string, unknown> } }
  | { Update: Record<string, unknown> & { UpdateExpression: string } }
  | { Delete: Record<string, unknown> }
  | { ConditionCheck: Record<string, unknown> & { ConditionExpression: string } }
) & { Key?: never; fails?: () => Error };

interface WriteOptions<Item> {
  condition?: Condition<Item>;
  /** The domain error a failed condition means (else the condition's own failure surfaces). */
  fails?: () => Error;
}

function withCondition(parts: ExpressionParts, condition: Condition<object> | undefined) {
  const expression = condition ? parts.condition(condition) : undefined;
  return expression ? { ConditionExpression: expression } : {};
}

function failsOf(options: { fails?: () => Error } | undefined) {
  return options?.fails ? { fails: options.fails } : {};
}

/** The item as stored: its attributes, its keys, its index keys and its entity's name. */
function storedItem<E extends AnyEntity>(entity: E, item: ItemOf<E>): Record<string, unknown> {
  entity.validate?.(item);
  return { ...item, ...entity.key(item), ...entity.indexKeys?.(item), entity: entity.name };
}

/** Writes the whole item, replacing any item with the same key (unless a condition says otherwise). */
export function putItem<E extends AnyEntity>(
  entity: E,
  item: ItemOf<E>,
  options?: WriteOptions<ItemOf<E>>,
): WriteAction {
  const parts = new ExpressionParts();
  return {
    Put: {
      TableName: table(),
      Item: storedItem(entity, item),
      ...withCondition(parts, options?.condition),
      ...parts.attributes(),
    },
    ...failsOf(options),
  };
}

/** Writes a new item: fails when an item with the same key exists. */
export function createItem<E extends AnyEntity>(
  entity: E,
  item: ItemOf<E>,
  options?: WriteOptions<ItemOf<E>>,
): WriteAction {
  const condition = { ...options?.condition, $exists: false } as Condition<ItemOf<E>>;
  return putItem(entity, item, { ...options, condition });
}

type AddableAttributes<Item> = {
  [Name in keyof Item]: NonNullable<Item[Name]> extends number | ReadonlySet<string> ? Name : never;
}[keyof Item];
type ListAttributes<Item> = {
  [Name in keyof Item]: NonNullable<Item[Name]> extends readonly unknown[] ? Name : never;
}[keyof Item];

export interface Change<Item> {
  /** Attributes set to these values; an undefined value is left alone. */
  set?: Partial<Item>;
  /** Numbers increased (negative: decreased) by these amounts; elements added to string sets. */
  add?: {
    [Name in AddableAttributes<Item>]?: NonNullable<Item[Name]> extends number ? number : ReadonlySet<string>;
  };
  /** Elements appended to lists (a missing list starts empty). */
  append?: { [Name in ListAttributes<Item>]?: Item[Name] };
  remove?: readonly (keyof Item)[];
}

/**
 * Changes some attributes of an existing item: fails when the item is absent (an update never
 * creates a stray item), and when `condition` does not hold. Index keys follow the attributes set.
 */
export function updateItem<E extends AnyEntity>(
  entity: E,
  key: KeyOf<E>,
  change: Change<ItemOf<E>>,
  options?: WriteOptions<ItemOf<E>> & { upsert?: boolean },
): WriteAction {
  const parts = new ExpressionParts();
  const set = Object.fromEntries(Object.entries(change.set ?? {}).filter(([, value]) => value !== undefined));
  entity.validate?.(set as Partial<ItemOf<E>>);
  const assignments = Object.entries({ ...set, ...entity.indexKeys?.(set as Partial<ItemOf<E>>) }).map(
    ([name, value]) => `${parts.name(name)} = ${parts.value(value)}`,
  );
  for (const [name, elements] of Object.entries(change.append ?? {})) {
    const placeholder = parts.name(name);
    assignments.push(
      `${placeholder} = list_append(if_not_exists(${placeholder}, ${parts.value([])}), ${parts.value(elements)})`,
    );
  }
  if (options?.upsert) assignments.push(`${parts.name("entity")} = ${parts.value(entity.name)}`);
  const additions = Object.entries(change.add ?? {}).map(
    ([name, amount]) => `${parts.name(name)} ${parts.value(amount)}`,
  );
  const removals = (change.remove ?? []).map((name) => parts.name(String(name)));
  const clauses = [
    assignments.length ? `SET ${assignments.join(", ")}` : "",
    additions.length ? `ADD ${additions.join(", ")}` : "",
    removals.length ? `REMOVE ${removals.join(", ")}` : "",
  ].filter(Boolean);
  if (!clauses.length) throw new Error(`an update of ${entity.name} changes nothing`);
  const condition = options?.upsert ? options.condition : { ...options?.condition, $exists: true };
  return {
    Update: {
      TableName: table(),
      Key: entity.key(key),
      UpdateExpression: clauses.join(" "),
      ...withCondition(parts, condition as Condition<object> | undefined),
      ...parts.attributes(),
    },
    ...failsOf(options),
  };
}

/** Deletes an item (absent already is fine, unless the condition asks for it). */
export function deleteItem<E extends AnyEntity>(
  entity: E,
  key: KeyOf<E>,
  options?: WriteOptions<ItemOf<E>>,
): WriteAction {
  const parts = new ExpressionParts();
  return {
    Delete: {
      TableName: table(),
      Key: entity.key(key),
      ...withCondition(parts, options?.condition as Condition<object> | undefined),
      ...parts.attributes(),
    },
    ...failsOf(options),
  };
}

/** A condition on an item that a transaction needs without changing the item. */
export function checkItem<E extends AnyEntity>(
  entity: E,
  key: KeyOf<E>,
  condition: Condition<ItemOf<E>>,
  options?: { fails?: () => Error },
): WriteAction {
  const parts = new ExpressionParts();
  const expression = parts.condition(condition as Condition<object>);
  if (!expression) throw new Error(`a condition check on ${entity.name} checks nothing`);
  return {
    ConditionCheck: {
      TableName: table(),
      Key: entity.key(key),
      ConditionExpression: expression,
      ...parts.attributes(),
    },
    ...failsOf(options),
  };
}

/** True when a DynamoDB write failed its condition. */
export function isConditionalCheckFailed(error: unknown): boolean {
  for (let current = error as { name?: string; cause?: unknown } | undefined; current; ) {
    if (current.name === "ConditionalCheckFailedException") return true;
    current = current.cause as typeof current;
  }
  return false;
}

/** A write refused because a transaction held one of its items (DynamoDB's TransactionConflict). */
export function isTransactionConflict(error: unknown): boolean {
  const { name, CancellationReasons } = error as {
    name?: string;
    CancellationReasons?: { Code?: string }[];
  };
  if (name === "TransactionConflictException") return true;
  return (
    name === "TransactionCanceledException" &&
    Boolean(CancellationReasons?.some((reason) => reason?.Code === "TransactionConflict")) &&
    !CancellationReasons?.some((reason) => reason?.Code === "ConditionalCheckFailed")
  );
}

/** Tries of a write that meets transaction conflicts, with full-jitter backoff between them. */
export const conflictRetry = { attempts: 8, baseMs: 15, capMs: 400 };

const conflictAnswer = () =>
  errors.of(409, "CONFLICT", texts.concurrentChange, {
    headers: { "retry-after": "1" },
  });

/**
 * Runs a write, sending it again while DynamoDB answers that a transaction holds one of its
 * items (nothing was written then), at most `conflictRetry.attempts` times; past that, a 409
 * CONFLICT with Retry-After. Every write of the layer goes through here.
 */
export async function withConflictRetry<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (!isTransactionConflict(error)) throw error;
      conflictCount.value++;
      if (attempt >= conflictRetry.attempts) throw conflictAnswer();
      const ceiling = Math.min(conflictRetry.capMs, conflictRetry.baseMs * 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}

/** Transaction conflicts met by this process (tests and benchmarks report it). */
export const conflictCount = { value: 0 };

/** Sends one write on its own; a failed condition throws the action's `fails` error when it has one. */
export async function write(action: WriteAction): Promise<void> {
  const { fails, ...request } = action;
  try {
    await withConflictRetry(async () => {
      if ("Put" in request) await dynamo.send(new PutCommand(request.Put as never));
      else if ("Update" in request) await dynamo.send(new UpdateCommand(request.Update as never));
      else if ("Delete" in request) await dynamo.send(new DeleteCommand(request.Delete as never));
      else throw new Error("a condition check is sent only inside a transaction");
    });
  } catch (error) {
    if (fails && isConditionalCheckFailed(error)) throw fails();
    throw error;
  }
}

/** DynamoDB's limit of actions in one transaction. */
export const maxTransactionActions = 100;

/**
 * Sends the actions as one TransactWriteItems (all or nothing), again while it meets transaction
 * conflicts (see withConflictRetry). When a condition fails, the first failed action's `fails`
 * error is thrown; a failed condition without one, or a cancellation for another reason, is a
 * 409 CONFLICT (a concurrent change won).
 */
export async function transact(actions: readonly (WriteAction | false | undefined)[]): Promise<void> {
  const sent = actions.filter((action): action is WriteAction => Boolean(action));
  if (sent.length > maxTransactionActions)
    throw new Error(`a transaction takes at most ${maxTransactionActions} actions, got ${sent.length}`);
  if (!sent.length) return;
  try {
    await withConflictRetry(() =>
      dynamo.send(
        new TransactWriteCommand({
          TransactItems: sent.map(({ fails: _fails, ...request }) => request as never),
        }),
      ),
    );
  } catch (error) {
    const reasons = (error as { name?: string; CancellationReasons?: { Code?: string }[] })
      .CancellationReasons;
    if ((error as { name?: string }).name !== "TransactionCanceledException" || !reasons) throw error;
    const failed = reasons.findIndex((reason) => reason?.Code === "ConditionalCheckFailed");
    const domainError = failed >= 0 ? sent[failed]?.fails : undefined;
    throw domainError ? domainError() : conflictAnswer();
  }
}

// ---- reads ----

/** The item as the domain sees it: without the layer's keys and entity name. */
function domainItem<Item>(stored: Record<string, unknown>): Item {
  const item = { ...stored };
  for (const name of managedAttributes) delete item[name];
  return item as Item;
}

export async function getItem<E extends AnyEntity>(
  entity: E,
  key: KeyOf<E>,
  options?: { consistent?: boolean },
): Promise<ItemOf<E> | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: table(), Key: entity.key(key), ConsistentRead: options?.consistent }),
  );
  return Item ? domainItem<ItemOf<E>>(Item) : undefined;
}

/** One request of a batch read: an entity and the key of one of its items. */
export interface BatchRead<E extends AnyEntity = AnyEntity> {
  entity: E;
  key: KeyOf<E>;
}
export const read = <E extends AnyEntity>(entity: E, key: KeyOf<E>): BatchRead<E> => ({ entity, key });

export type BatchResults<Reads extends readonly BatchRead[]> = {
  [Index in keyof Reads]: Reads[Index] extends BatchRead<infer E> ? ItemOf<E> | undefined : never;
};

const batchGetLimit = 100;

/**
 * Reads items of any entities in BatchGetItem requests (one per 100 keys, unprocessed keys
 * asked again), and answers them in the order asked, `undefined` for an absent item.
 */
export async function getBatch<const Reads extends readonly BatchRead[]>(
  reads: Reads,
  options?: { consistent?: boolean },
): Promise<BatchResults<Reads>> {
  const keyText = (key: PrimaryKey) => `${key.pk}\u0000${key.sk}`;
  const wanted = reads.map((request) => request.entity.key(request.key));
  const unique = [...new Map(wanted.map((key) => [keyText(key), key])).values()];
  const found = new Map<string, Record<string, unknown>>();
  for (let start = 0; start < unique.length; start += batchGetLimit) {
    let keys: Record<string, unknown>[] = unique.slice(start, start + batchGetLimit) as never;
    for (let attempt = 0; keys.length; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 2 ** attempt * 25)));
      const answer = await dynamo.send(
        new BatchGetCommand({
          RequestItems: { [table()]: { Keys: keys, ConsistentRead: options?.consistent } },
        }),
      );
      for (const item of answer.Responses?.[table()] ?? []) found.set(keyText(item as never), item);
      keys = (answer.UnprocessedKeys?.[table()]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return wanted.map((key, index) => {
    const item = found.get(keyText(key));
    return item && item.entity === reads[index]?.entity.name ? domainItem(item) : undefined;
  }) as BatchResults<Reads>;
}

/** Several items of one entity, in the order of their keys, absent ones left out. */
export async function getItems<E extends AnyEntity>(
  entity: E,
  keys: readonly KeyOf<E>[],
  options?: { consistent?: boolean },
): Promise<ItemOf<E>[]> {
  const items = await getBatch(
    keys.map((key) => read(entity, key)),
    options,
  );
  return (items as (ItemOf<E> | undefined)[]).filter((item): item is ItemOf<E> => item !== undefined);
}

/** A partition of the table or of an index, and a range of its sort keys. */
export interface ItemRange {
  index?: "gsi1" | "gsi2";
  partition: string;
  beginsWith?: string;
  lte?: string;
  gte?: string;
}

export interface Page<Item> {
  items: Item[];
  /** Opaque; absent on the last page. */
  cursor?: string;
}

const sortKeyOf = { gsi1: ["gsi1pk", "gsi1sk"], gsi2: ["gsi2pk", "gsi2sk"] } as const;

const invalidCursor = () =>
  errors.validationFailed([{ path: "query.cursor", message: texts.cursorNotValid }]);

/** Cursors are the last key read, checked on the way back in: only a key of this very range is taken. */
function encodeCursor(lastKey: Record<string, unknown> | undefined): string | undefined {
  return lastKey ? Buffer.from(JSON.stringify(lastKey)).toString("base64url") : undefined;
}

function decodeCursor(cursor: string, range: ItemRange): Record<string, string> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  const [partitionName, sortName] = range.index ? sortKeyOf[range.index] : (["pk", "sk"] as const);
  const expected = new Set<string>(["pk", "sk", partitionName, sortName]);
  if (
    !key ||
    typeof key !== "object" ||
    Array.isArray(key) ||
    Object.keys(key).length !== expected.size ||
    !Object.entries(key).every(([name, value]) => expected.has(name) && typeof value === "string" && value) ||
    (key as Record<string, string>)[partitionName] !== range.partition ||
    (range.beginsWith !== undefined &&
      !(key as Record<string, string>)[sortName]?.startsWith(range.beginsWith))
  )
    throw invalidCursor();
  return key as Record<string, string>;
}

/**
 * One page of an entity's items in a key range, in sort key order (`descending` for the
 * reverse). Items of other entities sharing the range are left out.
 */
export async function queryItems<E extends AnyEntity>(
  entity: E,
  range: ItemRange,
  options?: { limit?: number; cursor?: string | undefined; descending?: boolean; consistent?: boolean },
): Promise<Page<ItemOf<E>>> {
  const parts = new ExpressionParts();
  const [partitionName, sortName] = range.index ? sortKeyOf[range.index] : (["pk", "sk"] as const);
  const clauses = [`${parts.name(partitionName)} = ${parts.value(range.partition)}`];
  if (range.beginsWith !== undefined)
    clauses.push(`begins_with(${parts.name(sortName)}, ${parts.value(range.beginsWith)})`);
  if (range.lte !== undefined) clauses.push(`${parts.name(sortName)} <= ${parts.value(range.lte)}`);
  if (range.gte !== undefined) clauses.push(`${parts.name(sortName)} >= ${parts.value(range.gte)}`);
  const answer = await dynamo.send(
    new QueryCommand({
      TableName: table(),
      ...(range.index ? { IndexName: range.index } : {}),
      KeyConditionExpression: clauses.join(" AND "),
      ...parts.attributes(),
      ...(options?.limit ? { Limit: options.limit } : {}),
      ...(options?.cursor ? { ExclusiveStartKey: decodeCursor(options.cursor, range) } : {}),
      ...(options?.descending ? { ScanIndexForward: false } : {}),
      ...(options?.consistent && !range.index ? { ConsistentRead: true } : {}),
    }),
  );
  const cursor = encodeCursor(answer.LastEvaluatedKey);
  return {
    items: (answer.Items ?? [])
      .filter((item) => item.entity === entity.name)
      .map((item) => domainItem<ItemOf<E>>(item)),
    ...(cursor ? { cursor } : {}),
  };
}

/** Every item of an entity in a key range, page after page. */
export async function queryAll<E extends AnyEntity>(
  entity: E,
  range: ItemRange,
  options?: { descending?: boolean; consistent?: boolean },
): Promise<ItemOf<E>[]> {
  const items: ItemOf<E>[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryItems(entity, range, { ...options, cursor });
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
}

/** R-$1 at the table's edge: money is a whole number of minor units. */
export function assertMinorUnits<Values extends object>(
  values: Values,
  names: readonly (keyof Values & string)[],
  allowNegative = false,
) {
  for (const name of names) {
    const value: unknown = values[name];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isSafeInteger(value) || (!allowNegative && value < 0))
      throw new Error(`${name} must be a whole number of minor units, got ${String(value)}`);
  }
}
