import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { routes } from "#functions/routes";
import { routeKey } from "#shared/route-types";
import {
  type AuthorizationRow,
  buildFixture,
  type Expected,
  type Fixture,
  type MatrixRole,
  type RowRequest,
  roles,
} from "#test/support/authorization-rows/matrix";
import { call, rootDir, useLocalRuntime } from "#test/support/runtime";

/**
 * Every route of the route table × every role, with the status each gets (rows in
 * `test/support/authorization-rows/<area>.ts`, format in `matrix.ts` there). A route without
 * a row fails here, so a new route cannot ship without saying who may call it.
 */
const local = useLocalRuntime();

const folder = join(rootDir, "test/support/authorization-rows");
const loaded: { file: string; row: AuthorizationRow }[] = [];
for (const file of readdirSync(folder)
  .filter((name) => name.endsWith(".ts"))
  .sort()) {
  const module = (await import(pathToFileURL(join(folder, file)).href)) as { rows?: AuthorizationRow[] };
  for (const row of module.rows ?? []) loaded.push({ file, row });
}
const rowsByRoute = new Map<string, AuthorizationRow>();
const duplicated: string[] = [];
for (const { file, row } of loaded) {
  if (rowsByRoute.has(row.route)) duplicated.push(`${row.route} (again in ${file})`);
  rowsByRoute.set(row.route, row);
}
const routeKeys = routes.map(routeKey);

let shared: Fixture;
beforeAll(async () => {
  shared = await buildFixture(local);
});

interface Outcome {
  status: number;
  code?: string;
}

const normalise = (expected: Expected): Outcome =>
  typeof expected === "number" ? { status: expected } : expected;

function pathOf(path: string, params: Record<string, string>) {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined)
      throw new Error(`no value for the path parameter {${name}}: give it in the row's request`);
    return encodeURIComponent(value);
  });
}

async function run(
  row: AuthorizationRow,
  fixture: Fixture,
  role: MatrixRole,
  prepared: unknown,
): Promise<Outcome> {
  const caller = role === "anonymous" ? undefined : fixture.people[role];
  const request: RowRequest = (await row.request?.({ fixture, role, caller, prepared })) ?? {};
  const [method = "", path = ""] = row.route.split(" ");
  const query = request.query ? `?${new URLSearchParams(request.query).toString()}` : "";
  const token = request.token === undefined ? caller?.token : (request.token ?? undefined);
  const response = await call<{ code?: string } | undefined>(
    fixture.api,
    method,
    pathOf(path, { ...fixture.params, ...request.params }) + query,
    {
      ...(token ? { token } : {}),
      ...(request.body !== undefined ? { body: request.body } : {}),
      ...(request.rawBody !== undefined ? { rawBody: request.rawBody } : {}),
      ...(request.headers ? { headers: request.headers } : {}),
    },
  );
  return { status: response.status, ...(response.body?.code ? { code: response.body.code } : {}) };
}

describe("the authorization matrix", () => {
  it("has one row for every route of the route table, and none for a route it does not have", () => {
    expect(routeKeys.filter((key) => !rowsByRoute.has(key))).toEqual([]);
    expect([...rowsByRoute.keys()].filter((key) => !routeKeys.includes(key))).toEqual([]);
    expect(duplicated).toEqual([]);
  });

  for (const key of routeKeys) {
    it(`${key}: each role gets what its row says`, async () => {
      const row = rowsByRoute.get(key);
      if (!row) throw new Error(`no row for ${key} in test/support/authorization-rows/`);
      const fixture = row.freshFixture ? await buildFixture(local) : shared;
      const prepared = await row.prepare?.(fixture);
      const actual: Partial<Record<MatrixRole, Outcome>> = {};
      const expected: Partial<Record<MatrixRole, Outcome>> = {};
      for (const role of roles) {
        const wanted = normalise(row.expect[role]);
        const outcome = await run(row, fixture, role, prepared);
        expected[role] = wanted;
        // A refusal's code is compared when the row names one; a success's body is the route's own business.
        actual[role] = wanted.code ? outcome : { status: outcome.status };
      }
      expect(actual).toEqual(expected);
    });
  }
});
