import { tableName as configuredTableName } from "#shared/db";

/**
 * The single table's entity layer: typed `@aws-sdk/lib-dynamodb` commands built from one
 * description per entity (its name, its primary key and its index keys). Descriptions are
 * plain object literals, so a bundle keeps only the entities and commands its handler uses
 * (ElectroDB, and dynamodb-toolbox's full action set, weighed 190 KB and 89 KB: see
 * docs/data-model.md). Every write is built here, for a single command or a transaction
 * alike, so a transaction uses the same keys and conditions as a lone write.
 *
 * This file holds the descriptions (Entity, keys, conditions and the expressions they become);
 * what is done with them is in shared/entity/: writes.ts (built writes, and sending one),
 * transactions.ts, conflicts.ts (the retries of transaction conflicts every write goes through)
 * and reads.ts.
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
export function table(): string {
  if (!configuredTableName) throw new Error("TABLE_NAME is not set");
  return configuredTableName;
}

/** The attributes the layer manages: never part of an item as the domain sees it. */
export const managedAttributes = ["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "entity"] as const;

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
export type AnyEntity = Entity<any, any>;
export type ItemOf<E> = E extends Entity<infer Item, infer _Key> ? Item : never;
export type KeyOf<E> = E extends Entity<infer _Item, infer Key> ? Key : never;

// ---- conditions ----

type Primitive = string | number | boolean;
export interface Comparison<Value> {
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
export class ExpressionParts {
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
