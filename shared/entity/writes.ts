import { DeleteCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo } from "#shared/db";
import {
  type AnyEntity,
  type Condition,
  ExpressionParts,
  type ItemOf,
  type KeyOf,
  table,
} from "#shared/entity";
import { withConflictRetry } from "#shared/entity/conflicts";

/** Writes: one shape for a single command and a transaction. */

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
