/**
 * CloudWatch metric math, for one period: what an alarm's expression gives from its metrics'
 * values, a metric without a data point being `undefined` as CloudWatch leaves it missing. The
 * functions the project's alarms use: arithmetic, comparisons (inside IF), `FILL(m, value)`,
 * `MAX([...])`, `IF(condition, a, b)`. Arithmetic with a missing value is missing, as in
 * CloudWatch, which is why every term of an alarm's expression must be FILLed.
 */
type Value = number | undefined;

interface Parser {
  text: string;
  at: number;
}

const space = (parser: Parser) => {
  while (/\s/.test(parser.text[parser.at] ?? "")) parser.at++;
};
const peek = (parser: Parser, token: string) => {
  space(parser);
  return parser.text.startsWith(token, parser.at);
};
const take = (parser: Parser, token: string) => {
  if (!peek(parser, token)) throw new Error(`expected "${token}" at ${parser.at} in ${parser.text}`);
  parser.at += token.length;
};

const arithmetic = (a: Value, b: Value, apply: (x: number, y: number) => number): Value =>
  a === undefined || b === undefined ? undefined : apply(a, b);

function primary(parser: Parser, values: Readonly<Record<string, Value>>): Value | Value[] {
  space(parser);
  if (peek(parser, "(")) {
    take(parser, "(");
    const value = comparison(parser, values);
    take(parser, ")");
    return value;
  }
  if (peek(parser, "[")) {
    take(parser, "[");
    const list: Value[] = [];
    while (!peek(parser, "]")) {
      list.push(comparison(parser, values));
      if (peek(parser, ",")) take(parser, ",");
    }
    take(parser, "]");
    return list;
  }
  const number = /^\d+(\.\d+)?/.exec(parser.text.slice(parser.at));
  if (number) {
    parser.at += number[0].length;
    return Number(number[0]);
  }
  const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(parser.text.slice(parser.at))?.[0];
  if (!name) throw new Error(`unexpected "${parser.text.slice(parser.at)}" in ${parser.text}`);
  parser.at += name.length;
  if (!peek(parser, "(")) {
    if (!(name in values)) throw new Error(`the expression names ${name}, a metric it was not given`);
    return values[name];
  }
  take(parser, "(");
  const args: (Value | Value[])[] = [];
  while (!peek(parser, ")")) {
    args.push(peek(parser, "[") ? primary(parser, values) : comparison(parser, values));
    if (peek(parser, ",")) take(parser, ",");
  }
  take(parser, ")");
  switch (name) {
    case "FILL": {
      const [metric, fill] = args as Value[];
      return metric ?? fill;
    }
    case "MAX": {
      const list = (Array.isArray(args[0]) ? args[0] : args) as Value[];
      return list.some((each) => each === undefined) ? undefined : Math.max(...(list as number[]));
    }
    case "IF": {
      const [condition, whenTrue, whenFalse] = args as Value[];
      return condition === undefined ? undefined : condition !== 0 ? whenTrue : whenFalse;
    }
    default:
      throw new Error(`${name} is not a metric math function this evaluator knows`);
  }
}

function product(parser: Parser, values: Readonly<Record<string, Value>>): Value {
  let value = primary(parser, values) as Value;
  for (;;) {
    if (peek(parser, "*")) {
      take(parser, "*");
      value = arithmetic(value, primary(parser, values) as Value, (a, b) => a * b);
    } else if (peek(parser, "/")) {
      take(parser, "/");
      value = arithmetic(value, primary(parser, values) as Value, (a, b) => a / b);
    } else return value;
  }
}

function sum(parser: Parser, values: Readonly<Record<string, Value>>): Value {
  let value = product(parser, values);
  for (;;) {
    if (peek(parser, "+")) {
      take(parser, "+");
      value = arithmetic(value, product(parser, values), (a, b) => a + b);
    } else if (peek(parser, "-")) {
      take(parser, "-");
      value = arithmetic(value, product(parser, values), (a, b) => a - b);
    } else return value;
  }
}

function comparison(parser: Parser, values: Readonly<Record<string, Value>>): Value {
  const left = sum(parser, values);
  for (const operator of [">=", "<=", "==", "!=", ">", "<"] as const) {
    if (peek(parser, operator)) {
      take(parser, operator);
      const right = sum(parser, values);
      return arithmetic(left, right, (a, b) =>
        Number(
          {
            ">=": a >= b,
            "<=": a <= b,
            "==": a === b,
            "!=": a !== b,
            ">": a > b,
            "<": a < b,
          }[operator],
        ),
      );
    }
  }
  return left;
}

/** The expression's value for one period; `undefined` when CloudWatch would have no data point. */
export function evaluateMetricMath(expression: string, values: Readonly<Record<string, Value>>): Value {
  const parser: Parser = { text: expression, at: 0 };
  const value = comparison(parser, values);
  space(parser);
  if (parser.at !== expression.length) throw new Error(`unexpected "${expression.slice(parser.at)}"`);
  return value;
}

/** The metric ids an expression names outside any FILL(...): the ones that can empty it. */
export function unfilledMetrics(expression: string): string[] {
  const withoutFilled = expression.replace(/FILL\(\s*[A-Za-z_][A-Za-z0-9_]*\s*,[^)]*\)/g, "0");
  return [...withoutFilled.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\b(?!\s*\()/g)]
    .map((match) => match[1] as string)
    .filter((name) => !/^\d/.test(name));
}
