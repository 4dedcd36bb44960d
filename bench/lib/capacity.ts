import type { AttributeValue } from "@aws-sdk/client-dynamodb";

/**
 * DynamoDB's capacity rules, for what the local DynamoDB does not report:
 * - item size: attribute names (UTF-8) plus values: strings UTF-8, numbers about one byte
 *   per two significant digits plus one, binaries their length, booleans and null one byte,
 *   lists and maps 3 bytes plus one per element plus the elements;
 * - writes: one unit per started KB of the larger of the old and new item (a failed
 *   condition still costs the write), one more write per global secondary index whose
 *   entry is added, changed or removed (two when its key changes), all doubled in a
 *   transaction;
 * - reads: one unit per started 4 KB (the sum of a query's items), half when eventually
 *   consistent, doubled in a transaction.
 */

export type Item = Record<string, AttributeValue>;

const utf8 = (text: string) => Buffer.byteLength(text, "utf8");

function numberSize(text: string): number {
  const digits = text
    .replace(/^[-+]/, "")
    .replace(/e.*$/i, "")
    .replace(".", "")
    .replace(/^0+/, "")
    .replace(/0+$/, "");
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

export function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, text) => sum + utf8(text), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, text) => sum + numberSize(text), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, bytes) => sum + bytes.byteLength, 0);
  if (value.L !== undefined) return 3 + value.L.reduce((sum, element) => sum + 1 + valueSize(element), 0);
  if (value.M !== undefined)
    return (
      3 +
      Object.entries(value.M).reduce((sum, [name, element]) => sum + 1 + utf8(name) + valueSize(element), 0)
    );
  return 0;
}

export const itemSize = (item: Item | undefined) =>
  item ? Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0) : 0;

/** Size of a plain (unmarshalled) value, for reads whose output the Document client already converted. */
export function plainSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === "boolean") return 1;
  if (typeof value === "string") return utf8(value);
  if (typeof value === "number" || typeof value === "bigint") return numberSize(String(value));
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((sum: number, element) => sum + plainSize(element), 0);
  if (Array.isArray(value))
    return 3 + value.reduce((sum: number, element) => sum + 1 + plainSize(element), 0);
  if (typeof value === "object")
    return (
      3 + Object.entries(value).reduce((sum, [name, element]) => sum + 1 + utf8(name) + plainSize(element), 0)
    );
  return 0;
}

export const plainItemSize = (item: Record<string, unknown>) =>
  Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + plainSize(value), 0);

const kb = 1024;
export const writeUnitsFor = (bytes: number) => Math.max(1, Math.ceil(bytes / kb));
export const readUnitsFor = (bytes: number, consistent: boolean) =>
  Math.max(1, Math.ceil(bytes / (4 * kb))) * (consistent ? 1 : 0.5);

export interface IndexKey {
  indexName: string;
  partitionKey: string;
  sortKey: string;
}

const keyOf = (item: Item | undefined, index: IndexKey) => {
  const partition = item?.[index.partitionKey];
  const sort = item?.[index.sortKey];
  return partition && sort ? JSON.stringify([partition, sort]) : undefined;
};

/** Write units of one item write, table and indexes, from the item before and after. */
export function itemWriteUnits(
  before: Item | undefined,
  after: Item | undefined,
  options: { indexes: readonly IndexKey[]; transactional: boolean; applied: boolean },
) {
  const factor = options.transactional ? 2 : 1;
  const table = writeUnitsFor(Math.max(itemSize(before), itemSize(after))) * factor;
  let indexes = 0;
  if (options.applied) {
    for (const index of options.indexes) {
      const oldKey = keyOf(before, index);
      const newKey = keyOf(after, index);
      if (oldKey && newKey && oldKey !== newKey)
        indexes += writeUnitsFor(itemSize(before)) + writeUnitsFor(itemSize(after));
      else if (oldKey && newKey) indexes += writeUnitsFor(Math.max(itemSize(before), itemSize(after)));
      else if (oldKey) indexes += writeUnitsFor(itemSize(before));
      else if (newKey) indexes += writeUnitsFor(itemSize(after));
    }
  }
  return { table, indexes: indexes * factor };
}
