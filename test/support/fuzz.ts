import fc from "fast-check";

/** A JSON Schema as the OpenAPI document holds it (zod's `toJSONSchema`, draft 2020-12). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  pattern?: string;
}

/** Values no schema of ours accepts in any field: types confused, sizes and characters hostile. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant(""),
  fc.constant("A".repeat(10_000)),
  fc.constant("Acme\r\nBcc: victim@example.org\u0000\u202Eevil"),
  fc.constant("<svg onload=alert(1)>"),
  fc.constant("../../etc/passwd"),
  fc.constant("%00%ff%"),
  fc.constant("\uD800"),
  fc.constant(-1),
  fc.constant(1e308),
  fc.constant(0.5),
  fc.constant(Number.MAX_SAFE_INTEGER + 2),
  fc.constant(true),
  fc.constant([]),
  fc.constant({}),
  fc.constant({ __proto__: { admin: true } }),
  fc.constant({ constructor: { prototype: { polluted: true } } }),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
);

const email = fc.oneof(
  fc.emailAddress(),
  fc.constant("fuzz@example.org"),
  fc.string({ maxLength: 20 }).map((local) => `${local}@example.org`),
);

/**
 * Values of a schema: valid-looking ones (each field as its schema says) half the time, else
 * one mutation of one: a field made hostile, a required field dropped, a stranger key added.
 */
export function arbitraryFor(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  if (!schema) return hostileValue;
  const valid = validOf(schema, 0);
  return fc.oneof(
    valid,
    valid.chain((value) => mutationOf(value)),
    hostileValue,
  );
}

function mutationOf(value: unknown): fc.Arbitrary<unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return hostileValue;
  const keys = Object.keys(value);
  return fc.oneof(
    // One field hostile (a nested one when it is an object).
    keys.length
      ? fc.tuple(fc.constantFrom(...keys), fc.boolean()).chain(([key, deep]) => {
          const inner = (value as Record<string, unknown>)[key];
          return (deep ? mutationOf(inner) : hostileValue).map((replaced) => ({ ...value, [key]: replaced }));
        })
      : hostileValue,
    // One field missing.
    keys.length
      ? fc.constantFrom(...keys).map((key) => {
          const { [key]: _dropped, ...rest } = value as Record<string, unknown>;
          return rest;
        })
      : fc.constant(value),
    // A stranger key (a strict object refuses it; a prototype key must not pollute anything).
    fc
      .tuple(fc.constantFrom("admin", "role", "__proto__", "orgId", "balance"), hostileValue)
      .map(([key, stranger]) => {
        const result: Record<string, unknown> = { ...value };
        Object.defineProperty(result, key, { value: stranger, enumerable: true });
        return result;
      }),
  );
}

function validOf(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const options = schema.anyOf ?? schema.oneOf;
  if (options?.length) return fc.oneof(...options.map((option) => validOf(option, depth + 1)));
  if (schema.allOf?.[0]) return validOf(schema.allOf[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "string": {
      if (schema.format === "email") return email;
      const maxLength = Math.min(schema.maxLength ?? 40, 120);
      const minLength = Math.min(schema.minLength ?? 1, maxLength);
      if (schema.pattern) {
        try {
          // Lengths as generated: one outside the schema's is refused, which is a case too.
          return fc.stringMatching(new RegExp(schema.pattern));
        } catch {
          // A pattern JavaScript does not read: plain strings.
        }
      }
      // Words the schemas know, where their lengths fit (decided here: a filter that rejects
      // every value would never end).
      const words = [
        "CH",
        "DE",
        "FR",
        "web_hosting",
        "domain",
        "invoice",
        "prepaid",
        "card",
        "user",
        "Acme SA",
      ].filter((text) => text.length >= minLength && text.length <= maxLength);
      const strings = fc.string({ minLength, maxLength });
      return words.length ? fc.oneof(strings, fc.constantFrom(...words)) : strings;
    }
    case "integer":
      return fc.integer({
        min: Math.max(schema.minimum ?? 0, Number.MIN_SAFE_INTEGER),
        max: Math.min(schema.maximum ?? 100_000, Number.MAX_SAFE_INTEGER),
      });
    case "number":
      return fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 100_000, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "array":
      return fc.array(validOf(schema.items ?? {}, depth + 1), {
        minLength: Math.min(schema.minItems ?? 0, 3),
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case "object": {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      return fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([name, property]) => [name, validOf(property, depth + 1)]),
        ),
        { requiredKeys: Object.keys(properties).filter((name) => required.has(name)) },
      );
    }
    case "null":
      return fc.constant(null);
    default:
      return fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean());
  }
}

/** Path parameter values: the fixture's real ids most of the time, else ids that cannot exist. */
export const pathValueOf = (real: string | undefined): fc.Arbitrary<string> => {
  const hostile = fc.oneof(
    fc.constant("x".repeat(2_100)),
    fc.constant(".."),
    fc.constant("%2e%2e%2f"),
    fc.constant("%E0%A4%A"),
    fc.constant("id with spaces"),
    fc.constant("\u202E"),
    fc.constant("AAAAAAAAAAAAAAAA"),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,100}$/),
  );
  return real
    ? fc.oneof({ arbitrary: fc.constant(real), weight: 3 }, { arbitrary: hostile, weight: 2 })
    : hostile;
};

/** Query values: cursors the server never issued, sizes out of range, plain strings. */
export const queryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constant("eyJwayI6IlVTRVIjeCJ9"),
  fc.constant("not-a-cursor"),
  fc.constant("-1"),
  fc.constant("100000"),
  fc.constant("%ZZ"),
  fc.string({ maxLength: 30 }),
  fc.base64String({ maxLength: 200 }),
);
