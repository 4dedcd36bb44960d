import { dynamo, tableName } from "#shared/db";

/**
 * What every ElectroDB entity of the single table shares: the client and table, the model's
 * service and version, and readable key templates (`ORG#${orgId}`) that keep identifiers'
 * case. Each area declares its entities with these (`shared/<area>/entities.ts`).
 */
export const entityConfig = { client: dynamo, table: tableName };

export const model = (entity: string) => ({ entity, version: "1", service: "aw" });

export const key = <const Field extends string, const Composite extends readonly string[]>(
  field: Field,
  template: string,
  composite: Composite,
) => ({ field, template, composite, casing: "none" as const });

/** R-$1 at the table's edge: money is a whole number of minor units. */
export const minorUnits = {
  type: "number",
  required: true,
  validate: (value: number) => Number.isSafeInteger(value) && value >= 0,
} as const;
