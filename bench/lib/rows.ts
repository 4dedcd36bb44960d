import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type {
  AuthorizationRow,
  Expected,
  Fixture,
  MatrixRole,
} from "#test/support/authorization-rows/matrix";
import type { RouteScript, ScriptContext } from "./requests.ts";
import { rootDir } from "./settings.ts";

const folder = join(rootDir, "test", "support", "authorization-rows");

const statusOf = (expected: Expected) => (typeof expected === "number" ? expected : expected.status);

/**
 * The authorization matrix's rows (test/support/authorization-rows/*.ts), which say how to
 * build a valid request for every route, as bench scripts: each row's request for the first
 * role the row expects to succeed (the legal representative, mostly).
 *
 * The rows run against the matrix's own fixture (buildFixture), two of them: reads (GET) on
 * one, everything else on another, so that what writes accumulate (organizations, invitations,
 * orders) never lengthens what a read route reads. A row that wants a fixture of its own
 * (`freshFixture`) runs on the writes fixture too: the bench needs no pristine one.
 */
export async function rowScripts(): Promise<Record<string, RouteScript>> {
  if (!existsSync(folder)) return {};
  const { buildFixture, roles } = await import("#test/support/authorization-rows/matrix");
  const fixtureFor = (context: ScriptContext, method: string) =>
    context.once(`matrix fixture (${method === "GET" ? "reads" : "writes"})`, () =>
      buildFixture(context.local),
    ) as Promise<Fixture>;

  const scripts: Record<string, RouteScript> = {};
  for (const file of (await readdir(folder)).filter((name) => name.endsWith(".ts")).sort()) {
    const module = (await import(pathToFileURL(join(folder, file)).href)) as { rows?: AuthorizationRow[] };
    for (const row of module.rows ?? []) {
      const role = roles.find((candidate) => {
        const status = statusOf(row.expect[candidate]);
        return status >= 200 && status < 300;
      }) as MatrixRole | undefined;
      // A row where nobody succeeds (operator routes, token checks) gives no valid request.
      if (!role) continue;
      const [method = "GET", template = "/"] = row.route.split(" ");
      scripts[row.route] = {
        source: `authorization row (${file}, ${role})`,
        expect: statusOf(row.expect[role]),
        prepare: async (context) => {
          const fixture = await fixtureFor(context, method);
          const prepared = row.prepare ? await row.prepare(fixture) : undefined;
          const caller = role === "anonymous" ? undefined : fixture.people[role];
          const request = (await row.request?.({ fixture, role, caller, prepared })) ?? {};
          const params: Record<string, string> = { ...fixture.params, ...request.params };
          const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
            const value = params[name];
            if (value === undefined) throw new Error(`${row.route}: the row gives no {${name}}`);
            return encodeURIComponent(value);
          });
          const query = request.query ? `?${new URLSearchParams(request.query).toString()}` : "";
          const token = request.token === undefined ? caller?.token : (request.token ?? undefined);
          const rawBody =
            typeof request.rawBody === "string" ? Buffer.from(request.rawBody) : request.rawBody;
          return {
            method,
            path: path + query,
            ...(token ? { token } : {}),
            ...(request.body !== undefined ? { body: request.body } : {}),
            ...(rawBody ? { rawBody } : {}),
            ...(request.headers ? { headers: request.headers } : {}),
          };
        },
      };
    }
  }
  return scripts;
}
