import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll } from "vitest";
import * as z from "zod/mini";
import type { WorkflowDefinition } from "#functions/workflow-types";
import type { LocalRuntime } from "#local/runtime";
import type { RouteDefinition } from "#shared/route-types";

export const rootDir = resolve(import.meta.dirname, "../..");

export interface TestRuntime {
  readonly runtime: LocalRuntime;
  readonly api: string;
  readonly dataDir: string;
}

/**
 * Starts the whole local runtime for one test file on free ports with its own data folder,
 * and stops it after the file. Modules under test are imported after the start (dynamic
 * import), so their AWS clients see the local endpoints.
 */
export function useLocalRuntime(
  options: {
    workflows?: WorkflowDefinition[];
    authorizerCacheSeconds?: number;
    /** The suite's many users all come from 127.0.0.1; the rate-limit tests turn this off. */
    rateLimitsExemptLoopback?: boolean;
  } = {},
): TestRuntime {
  const state: { runtime?: LocalRuntime; dataDir?: string } = {};
  beforeAll(async () => {
    process.env.LOG_LEVEL ??= "SILENT";
    state.dataDir = await mkdtemp(join(tmpdir(), "aw-test-"));
    const { startLocalRuntime } = await import("#local/runtime");
    state.runtime = await startLocalRuntime({
      rootDir,
      dataDir: state.dataDir,
      // Workflows retry after milliseconds instead of seconds; the retries themselves are real.
      retryIntervalMs: 20,
      ...(options.workflows ? { workflows: options.workflows } : {}),
      rateLimitsExemptLoopback: options.rateLimitsExemptLoopback ?? true,
      ...(options.authorizerCacheSeconds !== undefined
        ? { authorizerCacheSeconds: options.authorizerCacheSeconds }
        : {}),
    });
  });
  afterAll(async () => {
    await state.runtime?.stop();
    if (state.dataDir) await rm(state.dataDir, { recursive: true, force: true });
  });
  return {
    get runtime() {
      if (!state.runtime) throw new Error("the local runtime is not started yet");
      return state.runtime;
    },
    get api() {
      return this.runtime.urls.api;
    },
    get dataDir() {
      if (!state.dataDir) throw new Error("the local runtime is not started yet");
      return state.dataDir;
    },
  };
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** A small HTTP client for tests: JSON in, JSON (or problem+json) out; other bodies as bytes. */
export async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  options: {
    body?: unknown;
    token?: string;
    headers?: Record<string, string>;
    rawBody?: string | Buffer;
  } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | Buffer | undefined = options.rawBody;
  if (options.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = JSON.stringify(options.body);
  }
  const response = await fetch(`${base}${path}`, { method, headers, body: body as RequestInit["body"] });
  const bytes = Buffer.from(await response.arrayBuffer());
  const json = /[/+]json\b/.test(response.headers.get("content-type") ?? "");
  // A document (a PDF) stays bytes: decoding it as text would corrupt it.
  const answer = bytes.length === 0 ? undefined : json ? JSON.parse(bytes.toString("utf8")) : bytes;
  if (response.ok) await checkSuccessAnswer(method, path, response, answer);
  return { status: response.status, headers: response.headers, body: answer as T };
}

export interface SentEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/** Mails sent through local SES to one address, read back from the emulator's store. */
export async function mailsTo(runtime: LocalRuntime, address: string): Promise<SentEmail[]> {
  const response = await fetch(`${runtime.urls.ses}/store`);
  const store = (await response.json()) as { emails: SentEmail[] };
  const wanted = address.toLowerCase();
  return store.emails.filter((mail) => mail.destination.to.some((to) => to.toLowerCase().includes(wanted)));
}

/** Waits for a condition by polling, bounded in time; never a bare sleep. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 10_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

let routeMatchers: { pattern: RegExp; literalSegments: number; route: RouteDefinition }[] | undefined;

/** The route that serves `method path` (query left out), as the gateway would choose it. */
async function routeFor(method: string, path: string): Promise<RouteDefinition | undefined> {
  if (!routeMatchers) {
    const { routes } = await import("#functions/routes");
    routeMatchers = routes.map((route) => ({
      pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, "[^/]+")}$`),
      literalSegments: route.path.split("/").filter((segment) => !segment.startsWith("{")).length,
      route,
    }));
  }
  const bare = path.split("?")[0] ?? path;
  return routeMatchers
    .filter((matcher) => matcher.route.method === method.toUpperCase() && matcher.pattern.test(bare))
    .sort((a, b) => b.literalSegments - a.literalSegments)[0]?.route;
}

/**
 * Every success answer the suite receives is checked against its route's declared `response`
 * (published in the OpenAPI): a field renamed, retyped, dropped or added without its schema
 * fails the test that met it, so the contract and the code cannot drift apart unseen.
 */
async function checkSuccessAnswer(method: string, path: string, response: Response, body: unknown) {
  const route = await routeFor(method, path);
  if (!route?.response) return;
  const where = `${method} ${path} answered ${response.status}`;
  const declared = route.response;
  if ("empty" in declared || route.emptyStatuses?.includes(response.status)) {
    if (body !== undefined) throw new Error(`${where} with a body; its route declares none`);
    return;
  }
  const contentType = response.headers.get("content-type") ?? "";
  if ("contentTypes" in declared) {
    if (!declared.contentTypes.some((type) => contentType.startsWith(type)))
      throw new Error(`${where} as ${contentType}; its route declares ${declared.contentTypes.join(", ")}`);
    return;
  }
  // A success status the route does not declare fails too: the OpenAPI names every one.
  if (response.status !== route.successStatus)
    throw new Error(
      `${where}; its route declares ${route.successStatus} (and ${route.emptyStatuses ?? "no other"})`,
    );
  const result = z.safeParse(declared.schema, body);
  if (!result.success) {
    throw new Error(
      `${where} with a body its route's response schema (${declared.name}) refuses:\n${z.prettifyError(result.error)}\nbody: ${JSON.stringify(body).slice(0, 2000)}`,
    );
  }
}
