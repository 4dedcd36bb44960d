import { BatchGetCommand, GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo } from "#shared/db";
import {
  type AnyEntity,
  ExpressionParts,
  type ItemOf,
  type KeyOf,
  managedAttributes,
  type PrimaryKey,
  table,
} from "#shared/entity";
import { errors } from "#shared/errors";
import * as texts from "#shared/i18n/error-texts";

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
