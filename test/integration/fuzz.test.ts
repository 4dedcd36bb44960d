import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { type SignedUp, signUp } from "#test/support/accounts";
import { line } from "#test/support/billing";
import { arbitraryFor, type JsonSchema, pathValueOf, queryValue } from "#test/support/fuzz";
import { joinAs } from "#test/support/organizations";
import { call, useLocalRuntime } from "#test/support/runtime";
import { fuzzSeed } from "#test/support/seed";

/**
 * The guard of the hardening issue: every route of the OpenAPI document, called with requests
 * built from its own schemas (fields sometimes hostile, a required one sometimes missing, a
 * stranger key added), hostile path ids and cursors. Whatever comes in: no 5xx, every error a
 * problem+json with a code, and a refusal writes nothing (bookkeeping aside: rate counters,
 * idempotency records, sign-in throttles and their audit).
 *
 * The run's seed is printed first (random, or `FUZZ_SEED`): a failure is replayed with
 * `FUZZ_SEED=<seed> npx vitest run test/integration/fuzz.test.ts`. `FUZZ_RUNS_PER_ROUTE` runs
 * more requests per route (5 by default).
 */
const local = useLocalRuntime();
const runsPerRoute = Number(process.env.FUZZ_RUNS_PER_ROUTE ?? 5);
const seed = fuzzSeed(import.meta.filename);

interface Operation {
  parameters?: { name: string; in: "path" | "query"; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}
interface RouteUnderTest {
  method: string;
  path: string;
  auth: "public" | "user" | "operator";
  operation: Operation;
}

/** Entities a refusal may write: the limits and replays that refuse are kept in the table. */
const bookkeeping = new Set(["idempotencyRecord", "rateCounter", "signInThrottle"]);
const bookkeepingAudit = new Set(["session.sign_in_failed"]);

type TableKey = { pk: string; sk: string };
/** What the check compares of an item: nothing for bookkeeping, as for an absent one. */
const shown = (item: Record<string, unknown> | undefined) =>
  !item ||
  bookkeeping.has(item.entity as string) ||
  (item.entity === "audit" && bookkeepingAudit.has(item.action as string))
    ? undefined
    : // The mailer marks an outbox item after the request that wrote it (sending, sent): only its
      // creation is a request's doing.
      item.entity === "outboxMail"
      ? JSON.stringify({ mailId: item.mailId, createdAt: item.createdAt })
      : JSON.stringify(item);

/**
 * The table as the check knows it: scanned once, then kept current item by item from the local
 * DynamoDB's notice of every successful write (LocalRuntime.onTableWrite), so that a request's
 * writes are read back without scanning the whole table (which holds every earlier file's data).
 * Every write reaches the table through that front, so no change escapes the notices.
 */
async function watchTable() {
  const { GetCommand, ScanCommand } = await import("@aws-sdk/lib-dynamodb");
  const { dynamo, tableName } = await import("#shared/db");
  const pending = new Map<string, TableKey>();
  // Listening first: a write during the scan is read again below.
  const stop = local.runtime.onTableWrite(({ tableName: table, key }) => {
    const [pk, sk] = [key.pk?.S, key.sk?.S];
    if (table === tableName && typeof pk === "string" && typeof sk === "string")
      pending.set(`${pk} ${sk}`, { pk, sk });
  });
  const state = new Map<string, string>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      const value = shown(item);
      if (value !== undefined) state.set(`${item.pk} ${item.sk}`, value);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  /** The items written since the last call whose value changed, as `written <key>` or `deleted <key>`. */
  const changes = async () => {
    const keys = [...pending];
    pending.clear();
    const found: string[] = [];
    for (const [name, key] of keys) {
      const { Item } = await dynamo.send(
        new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
      );
      const [before, after] = [state.get(name), shown(Item)];
      if (before === after) continue;
      found.push(`${after === undefined ? "deleted" : "written"} ${name}`);
      if (after === undefined) state.delete(name);
      else state.set(name, after);
    }
    return found;
  };
  return { changes, stop };
}

let owner: SignedUp;
let realIds: Record<string, string>;
let routes: RouteUnderTest[];

beforeAll(async () => {
  owner = await signUp(local.api, { order: { paymentMethod: "invoice", lines: [line("web_hosting")] } });
  const member = await joinAs(local, owner, owner.orgId, { role: "user" });
  const products = await call<{ products: { productId: string }[] }>(
    local.api,
    "GET",
    `/v1/organizations/${owner.orgId}/products`,
    { token: owner.token },
  );
  const invoices = await call<{ invoices: { invoiceId: string }[] }>(
    local.api,
    "GET",
    `/v1/organizations/${owner.orgId}/invoices`,
    { token: owner.token },
  );
  realIds = {
    orgId: owner.orgId,
    userId: member.userId,
    productId: products.body.products[0]?.productId ?? "none",
    invoiceId: invoices.body.invoices[0]?.invoiceId ?? "none",
  };
  const { routes: declared } = await import("#functions/routes");
  const document = await call<{ paths: Record<string, Record<string, Operation>> }>(
    local.api,
    "GET",
    "/v1/openapi.json",
  );
  routes = declared
    .map((definition) => ({
      method: definition.method,
      path: definition.path,
      auth: definition.auth,
      operation: document.body.paths[definition.path]?.[definition.method.toLowerCase()] ?? {},
    }))
    // Nothing to vary in a route without body, parameters or query (sign-out, closing the
    // account...): the authorization matrix calls those.
    .filter((route) => route.operation.parameters?.length || route.operation.requestBody);
}, 60_000);

function requestOf(route: RouteUnderTest) {
  const parameters = route.operation.parameters ?? [];
  const pathParameters = parameters.filter((parameter) => parameter.in === "path");
  const queryParameters = parameters.filter((parameter) => parameter.in === "query");
  const content = route.operation.requestBody?.content ?? {};
  const json = content["application/json"]?.schema;
  const rawTypes = Object.keys(content).filter((type) => type !== "application/json");
  const body: fc.Arbitrary<{ json?: unknown; raw?: { type: string; text: string } }> = json
    ? arbitraryFor(json).map((value) => ({ json: value }))
    : rawTypes.length
      ? fc
          .tuple(
            fc.constantFrom(...rawTypes, "text/html", "application/json"),
            fc.oneof(
              fc.string({ maxLength: 200 }),
              fc.constant(
                '<svg xmlns="http://www.w3.org/2000/svg"><style>rect{fill:\\75 rl(x)}</style></svg>',
              ),
              fc.constant(
                '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x"/></svg>',
              ),
            ),
          )
          .map(([type, text]) => ({ raw: { type, text } }))
      : fc.constant({});
  return fc.record({
    path: fc.tuple(...pathParameters.map((parameter) => pathValueOf(realIds[parameter.name]))),
    query: fc.array(
      fc.tuple(fc.constantFrom(...queryParameters.map((parameter) => parameter.name), "cursor"), queryValue),
      {
        maxLength: queryParameters.length ? 3 : 0,
      },
    ),
    body,
  });
}

describe("fuzzing every route from its OpenAPI schemas", () => {
  it("answers no 5xx, a problem+json for every error, and writes nothing when it refuses", async () => {
    expect(routes.length).toBeGreaterThan(30);
    const table = await watchTable();
    const failures: string[] = [];
    const answers = new Map<string, number>();
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(requestOf(route), async (request) => {
          // What was written before this request (an earlier one's workflow...) is not its doing.
          await table.changes();
          let index = 0;
          const path = route.path.replace(/\{\w+\}/g, () => encodeURIComponent(request.path[index++] ?? "x"));
          const search = new URLSearchParams(request.query).toString();
          const headers: Record<string, string> = {};
          if (route.auth === "operator") headers["x-operator-key"] = local.runtime.operatorKey;
          if (request.body.raw) headers["content-type"] = request.body.raw.type;
          const response = await call<{ code?: string }>(
            local.api,
            route.method,
            search ? `${path}?${search}` : path,
            {
              headers,
              ...(route.auth === "user" ? { token: owner.token } : {}),
              ...(request.body.json !== undefined ? { body: request.body.json } : {}),
              ...(request.body.raw ? { rawBody: request.body.raw.text } : {}),
            },
          );
          const answer = `${response.status} ${response.body?.code ?? ""}`.trim();
          answers.set(answer, (answers.get(answer) ?? 0) + 1);
          const what = `${route.method} ${path} ${JSON.stringify(request.body).slice(0, 300)}`;
          expect(response.status, what).toBeLessThan(500);
          const written = await table.changes();
          if (response.status >= 400) {
            expect(response.headers.get("content-type"), what).toContain("application/problem+json");
            expect(typeof response.body?.code, what).toBe("string");
            if (written.length)
              failures.push(`${what} -> ${response.status} ${response.body?.code}: ${written.join(", ")}`);
          }
        }),
        { numRuns: runsPerRoute, endOnFailure: true, seed },
      );
    }
    table.stop();
    expect(failures).toEqual([]);
    // The requests reach past validation: some succeed, some are refused by the domain.
    const count = (test: (answer: string) => boolean) =>
      [...answers].filter(([answer]) => test(answer)).reduce((sum, [, n]) => sum + n, 0);
    expect(count((answer) => answer.startsWith("2"))).toBeGreaterThan(0);
    expect(count((answer) => /^4\d\d (?!VALIDATION_FAILED|NOT_FOUND)/.test(answer))).toBeGreaterThan(0);
    if (process.env.FUZZ_SUMMARY) console.info([...answers].sort().join("\n"));
  }, 120_000);
});
