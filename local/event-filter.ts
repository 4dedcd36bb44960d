/**
 * Lambda's event filtering (FilterCriteria of an event source mapping), as the Lambda developer
 * guide defines it ("Control which events Lambda sends to your function"): a record reaches the
 * function when it matches one of the patterns (at most five, ORed); a pattern matches when every
 * field it names matches (ANDed), a field matching when one of its rules does.
 *
 * Rules, on a leaf of the record (a string, number, boolean or null; an object is not a leaf):
 * - a value: equal to it (`"INSERT"`, `5`, `true`, `null`); a number matches a number only, so
 *   `{"N": [5]}` never matches DynamoDB's `"N": "5"` (numbers are strings in stream records);
 * - `{"prefix": "p"}`, `{"suffix": "s"}`, `{"equals-ignore-case": "v"}` (and `prefix`/`suffix`
 *   with `{"equals-ignore-case": ...}`): on strings;
 * - `{"anything-but": v | [v...] | {"prefix"|"suffix"|"equals-ignore-case": ...}}`: a value
 *   present and not one of those;
 * - `{"numeric": [op, n, (op, n)]}` with `=`, `<`, `<=`, `>`, `>=`: on numbers;
 * - `{"exists": true|false}`: whether the leaf is there (a field holding an object does not
 *   count: `{"NewImage": {"a": [{"exists": false}]}}` matches a record whose `a` is `{"S": ...}`,
 *   as AWS answers);
 * - `{"wildcard": "a*b"}`.
 * A field that is an array (a string set, a list) matches when one of its elements does. `$or`
 * takes a list of patterns, one of which must match. Other shapes are refused when the mapping is
 * created, as Lambda refuses them ("Invalid filter pattern definition.").
 */

type Pattern = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const invalid = (detail: string) => new Error(`Invalid filter pattern definition. (${detail})`);

const stringOperators = new Set(["prefix", "suffix", "equals-ignore-case", "wildcard"]);

function validateRule(rule: unknown, path: string): void {
  if (rule === null || ["string", "number", "boolean"].includes(typeof rule)) return;
  if (!isObject(rule) || Object.keys(rule).length !== 1) throw invalid(`${path}: ${JSON.stringify(rule)}`);
  const [operator, operand] = Object.entries(rule)[0] as [string, unknown];
  if (operator === "exists") {
    if (typeof operand !== "boolean") throw invalid(`${path}: exists takes true or false`);
  } else if (operator === "prefix" || operator === "suffix") {
    if (typeof operand === "string") return;
    if (
      isObject(operand) &&
      typeof operand["equals-ignore-case"] === "string" &&
      Object.keys(operand).length === 1
    )
      return;
    throw invalid(`${path}: ${operator} takes a string`);
  } else if (operator === "equals-ignore-case" || operator === "wildcard") {
    if (typeof operand !== "string") throw invalid(`${path}: ${operator} takes a string`);
  } else if (operator === "anything-but") {
    if (operand === null || ["string", "number", "boolean"].includes(typeof operand)) return;
    if (
      Array.isArray(operand) &&
      operand.length > 0 &&
      operand.every((each) => ["string", "number"].includes(typeof each))
    )
      return;
    if (
      isObject(operand) &&
      Object.keys(operand).length === 1 &&
      stringOperators.has(Object.keys(operand)[0] ?? "")
    ) {
      validateRule(operand, path);
      return;
    }
    throw invalid(
      `${path}: anything-but takes a value, a list of values, or a prefix, suffix or equals-ignore-case`,
    );
  } else if (operator === "numeric") {
    if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4))
      throw invalid(`${path}: numeric takes one or two comparisons`);
    for (let index = 0; index < operand.length; index += 2) {
      if (
        !["=", "<", "<=", ">", ">="].includes(operand[index] as string) ||
        typeof operand[index + 1] !== "number"
      )
        throw invalid(`${path}: numeric comparison ${JSON.stringify(operand.slice(index, index + 2))}`);
    }
  } else {
    throw invalid(`${path}: unknown operator ${operator}`);
  }
}

/** Throws Lambda's "Invalid filter pattern definition." for a pattern it would refuse. */
export function validateFilterPattern(pattern: unknown, path = "pattern"): void {
  if (!isObject(pattern) || Object.keys(pattern).length === 0)
    throw invalid(`${path} must be a non-empty object`);
  for (const [field, rules] of Object.entries(pattern)) {
    if (field === "$or") {
      if (!Array.isArray(rules) || rules.length < 2) throw invalid(`${path}.$or takes two patterns or more`);
      rules.forEach((each, index) => {
        validateFilterPattern(each, `${path}.$or[${index}]`);
      });
    } else if (Array.isArray(rules)) {
      if (rules.length === 0) throw invalid(`${path}.${field} is an empty list`);
      for (const rule of rules) validateRule(rule, `${path}.${field}`);
    } else if (isObject(rules)) {
      validateFilterPattern(rules, `${path}.${field}`);
    } else {
      throw invalid(`${path}.${field} must be a list of rules or a pattern`);
    }
  }
}

const lower = (value: string) => value.toLowerCase();

function matchesString(operator: string, operand: unknown, value: string): boolean {
  if (operator === "equals-ignore-case") return lower(value) === lower(operand as string);
  if (operator === "wildcard") {
    const expression = (operand as string)
      .split("*")
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    return new RegExp(`^${expression}$`, "s").test(value);
  }
  const ignoreCase = isObject(operand);
  const text = ignoreCase ? lower(String(operand["equals-ignore-case"])) : (operand as string);
  const subject = ignoreCase ? lower(value) : value;
  return operator === "prefix" ? subject.startsWith(text) : subject.endsWith(text);
}

function compare(value: number, operator: string, operand: number): boolean {
  switch (operator) {
    case "=":
      return value === operand;
    case "<":
      return value < operand;
    case "<=":
      return value <= operand;
    case ">":
      return value > operand;
    default:
      return value >= operand;
  }
}

type Leaf = string | number | boolean | null;

function matchesValue(rule: unknown, value: Leaf): boolean {
  if (!isObject(rule)) return rule === value;
  const [operator, operand] = Object.entries(rule)[0] as [string, unknown];
  if (stringOperators.has(operator))
    return typeof value === "string" && matchesString(operator, operand, value);
  if (operator === "anything-but") {
    if (isObject(operand)) return !matchesValue(operand, value);
    return !(Array.isArray(operand) ? operand : [operand]).includes(value);
  }
  if (operator === "numeric") {
    if (typeof value !== "number") return false;
    const comparisons = operand as (string | number)[];
    for (let index = 0; index < comparisons.length; index += 2) {
      if (!compare(value, comparisons[index] as string, comparisons[index + 1] as number)) return false;
    }
    return true;
  }
  return false;
}

function matchesRules(rules: readonly unknown[], field: unknown): boolean {
  const values = (Array.isArray(field) ? field : field === undefined ? [] : [field]).filter(
    (value): value is Leaf => !isObject(value) && !Array.isArray(value),
  );
  return rules.some((rule) => {
    if (isObject(rule) && "exists" in rule) return rule.exists === values.length > 0;
    return values.some((value) => matchesValue(rule, value));
  });
}

/** Whether `record` matches `pattern` (validated). */
export function matchesPattern(record: unknown, pattern: Pattern): boolean {
  for (const [field, rules] of Object.entries(pattern)) {
    if (field === "$or") {
      if (!(rules as Pattern[]).some((each) => matchesPattern(record, each))) return false;
      continue;
    }
    const value = isObject(record) && Object.hasOwn(record, field) ? record[field] : undefined;
    if (Array.isArray(rules)) {
      if (!matchesRules(rules, value)) return false;
    } else if (Array.isArray(value)) {
      if (!value.some((element) => matchesPattern(element, rules as Pattern))) return false;
    } else if (!matchesPattern(value, rules as Pattern)) {
      return false;
    }
  }
  return true;
}

/** Lambda's FilterCriteria: no filter lets every record through, else one must match. */
export function matchesFilters(record: unknown, filters: readonly Pattern[]): boolean {
  return filters.length === 0 || filters.some((pattern) => matchesPattern(record, pattern));
}
