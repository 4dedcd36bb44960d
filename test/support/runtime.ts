import { mkdtemp, rm } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll } from "vitest";
import * as z from "zod/mini";
import type { WorkflowDefinition } from "#functions/workflow-types";
import type { LocalRuntime } from "#local/runtime";
import type { RouteDefinition } from "#shared/route-types";

export const rootDir = resolve(import.meta.dirname, "../..");

export interface TestRuntime {
  readonly runtime: LocalRuntime;
  readonly api: string;
}

export interface RuntimeOptions {
  workflows?: WorkflowDefinition[];
}

/** Set by the `shared-runtime` project of vitest.config.ts: its files run one after another in each worker. */
const sharedMode = () => process.env.SHARED_RUNTIME === "1";

const startOptions = (options: RuntimeOptions) => ({
  rootDir,
  // Workflows retry after milliseconds instead of seconds; the retries themselves are real.
  retryIntervalMs: 20,
  ...(options.workflows ? { workflows: options.workflows } : {}),
  // The suite's many users come from 127.0.0.1, as a developer's do; the rate-limit tests send
  // theirs from other loopback addresses, which the limits count (test/integration/rate-limits.test.ts).
  rateLimitsExemptLoopback: true,
});

let shared: Promise<LocalRuntime> | undefined;

/**
 * Leaves the shared runtime as a new file expects it: its clock at real time, no execution of an
 * earlier file still running (those that do not end by themselves are stopped), every stream
 * consumer caught up with the stream (the mailer done with an earlier file's mails) and no
 * invocation still in flight, so that what a file counts in the table is its own doing.
 */
async function settle(runtime: LocalRuntime) {
  runtime.clock.reset();
  const { ListExecutionsCommand, SFNClient, StopExecutionCommand } = await import("@aws-sdk/client-sfn");
  const sfn = new SFNClient({ endpoint: runtime.urls.stepfunctions });
  const { workflows } = await import("#functions/workflows");
  const running = async () =>
    (
      await Promise.all(
        workflows.map(async (workflow) => {
          const listed = await sfn.send(
            new ListExecutionsCommand({
              stateMachineArn: runtime.stateMachineArn(workflow.name),
              statusFilter: "RUNNING",
            }),
          );
          return listed.executions ?? [];
        }),
      )
    ).flat();
  const deadline = Date.now() + 3_000;
  let left = await running();
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = await running();
  }
  for (const execution of left)
    await sfn.send(
      new StopExecutionCommand({ executionArn: execution.executionArn, cause: "the next test file starts" }),
    );
  await runtime.streamsIdle(5_000);
  await runtime.idle(5_000);
  sfn.destroy();
}

/**
 * The local runtime for one test file. In the `shared-runtime` project (vitest.config.ts) the
 * files of one worker share one runtime, started by the first and kept warm for the next (its
 * functions' workers too); a file with options of its own, or in the isolated project, starts
 * its own on free ports with its own data folder and stops it afterwards. Modules under test are
 * imported after the start (dynamic import), so their AWS clients see the local endpoints.
 */
export function useLocalRuntime(options: RuntimeOptions = {}): TestRuntime {
  const state: { runtime?: LocalRuntime; dataDir?: string } = {};
  const own = !sharedMode() || Object.keys(options).length > 0;
  beforeAll(async () => {
    process.env.LOG_LEVEL ??= "SILENT";
    const { startLocalRuntime } = await import("#local/runtime");
    if (own) {
      state.dataDir = await mkdtemp(join(tmpdir(), "aw-test-"));
      state.runtime = await startLocalRuntime({ ...startOptions(options), dataDir: state.dataDir });
      return;
    }
    shared ??= startLocalRuntime(startOptions({}));
    state.runtime = await shared;
    await settle(state.runtime);
  });
  afterAll(async () => {
    if (!own) return;
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
  };
}

/**
 * For a file that moves the runtime's clock (`local.runtime.clock.advance(ms)`): the clock is set
 * back to real time after each test and after the file, so that no other test meets moved time.
 */
export function resetsClock(local: TestRuntime): void {
  afterEach(() => local.runtime.clock.reset());
  afterAll(() => local.runtime.clock.reset());
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
    /** The client's address: a loopback address other than 127.0.0.1 the request is sent from. */
    from?: string;
  } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | Buffer | undefined = options.rawBody;
  if (options.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = JSON.stringify(options.body);
  }
  const response = options.from
    ? await sendFrom(options.from, `${base}${path}`, method, headers, body)
    : await fetch(`${base}${path}`, { method, headers, body: body as RequestInit["body"] });
  const bytes = Buffer.from(await response.arrayBuffer());
  const json = /[/+]json\b/.test(response.headers.get("content-type") ?? "");
  // A document (a PDF) stays bytes: decoding it as text would corrupt it.
  const answer = bytes.length === 0 ? undefined : json ? JSON.parse(bytes.toString("utf8")) : bytes;
  if (response.ok) await checkSuccessAnswer(method, path, response, answer);
  else checkProblemAnswer(method, path, response, answer);
  return { status: response.status, headers: response.headers, body: answer as T };
}

/**
 * One request sent from a given local address (node:http's `localAddress`; fetch cannot choose
 * it without undici's Agent, which the project does not depend on), answered as fetch answers.
 */
function sendFrom(
  localAddress: string,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | Buffer | undefined,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method, headers, localAddress, agent: false }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("error", reject);
      incoming.on("end", () => {
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(incoming.headers))
          for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value])
            answerHeaders.append(name, one);
        const bytes = Buffer.concat(chunks);
        resolve(
          new Response(bytes.length ? bytes : null, {
            status: incoming.statusCode ?? 502,
            headers: answerHeaders,
          }),
        );
      });
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

export interface SentEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/**
 * Mails sent through local SES to one address, read back from the emulator's store once the
 * outbox is drained: mail leaves through the table's stream and the mailer (shared/mail/outbox.ts),
 * after the request that wrote it has answered.
 */
export async function mailsTo(runtime: LocalRuntime, address: string): Promise<SentEmail[]> {
  await runtime.streamsIdle(15_000);
  const response = await fetch(`${runtime.urls.ses}/store`);
  const store = (await response.json()) as { emails: SentEmail[] };
  const wanted = address.toLowerCase();
  return store.emails.filter((mail) => mail.destination.to.some((to) => to.toLowerCase().includes(wanted)));
}

/**
 * Waits for a condition by polling, bounded in time; never a bare sleep. The first probes come
 * quickly (most conditions hold within milliseconds), later ones further apart (up to 250 ms),
 * so a workflow of seconds is asked a few dozen times, not hundreds.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 10_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let interval = 10; ; interval = Math.min(250, Math.ceil(interval * 1.5))) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(interval, Math.max(0, deadline - Date.now()) + 1)),
    );
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
 * The `Problem` of the OpenAPI (RFC 9457): its standard members typed, `status` the answer's own
 * HTTP status; extensions may add members, never replace these.
 */
const problemAnswer = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.optional(z.string()),
  code: z.string(),
  instance: z.optional(z.string()),
  errors: z.optional(z.array(z.strictObject({ path: z.string(), message: z.string() }))),
});

/** Every problem+json answer the suite receives is checked against the `Problem` schema. */
function checkProblemAnswer(method: string, path: string, response: Response, body: unknown) {
  if (!(response.headers.get("content-type") ?? "").startsWith("application/problem+json")) return;
  const where = `${method} ${path} answered ${response.status}`;
  const result = z.safeParse(problemAnswer, body);
  if (!result.success)
    throw new Error(
      `${where} with a problem the Problem schema refuses:\n${z.prettifyError(result.error)}\nbody: ${JSON.stringify(body).slice(0, 2000)}`,
    );
  if (result.data.status !== response.status)
    throw new Error(`${where} with a problem whose status is ${JSON.stringify(result.data.status)}`);
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
