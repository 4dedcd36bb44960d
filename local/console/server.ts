import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";
import { DescribeExecutionCommand } from "@aws-sdk/client-sfn";
import {
  executionDetail,
  isExecutionStatus,
  listExecutions,
  listStateMachines,
  localSfnClient,
  stateMachineSummaries,
} from "#local/console/executions";
import { type LocalTable, subjectReader } from "#local/console/subjects";
import { close, listen } from "#local/listen";

/**
 * The operator console of `npm start`: one page (local/console/page.html, console.js and the
 * modules it imports, console.css) and the JSON it reads, made here from the Step Functions API
 * (local/console/executions.ts, which `npm run executions` prints too), so the browser needs no
 * AWS credentials. Read-only, on loopback, and only for a loopback Host (a page of another site
 * cannot reach it by rebinding a name to 127.0.0.1).
 *
 *   GET /                                   the page
 *   GET /api/state-machines                 each state machine, its executions counted by status
 *   GET /api/executions?stateMachine=&status=&limit=
 *                                           the newest executions, of one state machine (name or
 *                                           ARN) or of all, with one status or all
 *   GET /api/execution?arn=                 one execution and its timeline
 *
 * Each execution comes with its `subject`: the organization, product or member it is about,
 * from its input's ids and the names in the local table (local/console/subjects.ts).
 */

export interface LocalConsole {
  url: string;
  stop(): Promise<void>;
}

export interface LocalConsoleOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** The Step Functions API the console reads (the local service's endpoint). */
  stepFunctionsEndpoint: string;
  region: string;
  /** The mail page (local SES), linked from the console. */
  mailUrl: string;
  /** The table the executions' subjects are named from; without it they show their ids. */
  table?: Omit<LocalTable, "region">;
}

const assets = {
  // The page's script and the ES modules it imports.
  "/console.js": { file: "console.js", type: "text/javascript; charset=utf-8" },
  "/data.js": { file: "data.js", type: "text/javascript; charset=utf-8" },
  "/elements.js": { file: "elements.js", type: "text/javascript; charset=utf-8" },
  "/views.js": { file: "views.js", type: "text/javascript; charset=utf-8" },
  "/console.css": { file: "console.css", type: "text/css; charset=utf-8" },
  "/favicon.svg": { file: "favicon.svg", type: "image/svg+xml" },
} as const;

const securityHeaders = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (character) =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character] ?? character,
  );

/** Host names that reach this machine only: anything else is a rebound name or a proxy. */
const loopbackHost = (host: string | undefined) =>
  host !== undefined && /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/i.test(host);

export async function startLocalConsole(options: LocalConsoleOptions): Promise<LocalConsole> {
  const host = options.host ?? "127.0.0.1";
  const directory = import.meta.dirname;
  const page = (await readFile(join(directory, "page.html"), "utf8")).replaceAll(
    "{{mailUrl}}",
    escapeHtml(`${options.mailUrl}/`),
  );
  const files = Object.fromEntries(
    await Promise.all(
      Object.entries(assets).map(async ([path, asset]) => [
        path,
        { body: await readFile(join(directory, asset.file)), type: asset.type },
      ]),
    ),
  ) as Record<string, { body: Buffer; type: string }>;
  const client = localSfnClient(options.stepFunctionsEndpoint, options.region);
  const subjects = subjectReader(options.table && { ...options.table, region: options.region });
  /**
   * Executions' inputs, which never change, by ARN: ListExecutions does not give them, and the
   * page asks for the same executions every 2 seconds. The oldest are forgotten past 5000.
   */
  const inputs = new Map<string, Promise<string | undefined>>();
  const inputOf = (executionArn: string) => {
    let input = inputs.get(executionArn);
    if (!input) {
      input = client.send(new DescribeExecutionCommand({ executionArn })).then(
        (execution) => execution.input,
        () => {
          inputs.delete(executionArn);
          return undefined;
        },
      );
      inputs.set(executionArn, input);
      if (inputs.size > 5000) inputs.delete(inputs.keys().next().value as string);
    }
    return input;
  };

  /** A state machine named by its name or ARN, as its ARN. */
  const stateMachineArn = async (nameOrArn: string) => {
    if (nameOrArn.startsWith("arn:")) return nameOrArn;
    const machine = (await listStateMachines(client)).find((candidate) => candidate.name === nameOrArn);
    if (!machine) throw new HttpError(404, `no state machine named "${nameOrArn}"`);
    return machine.stateMachineArn;
  };

  const api: Record<string, (query: URLSearchParams) => Promise<unknown>> = {
    "/api/state-machines": async () => ({ stateMachines: await stateMachineSummaries(client) }),
    "/api/executions": async (query) => {
      const machine = query.get("stateMachine") || undefined;
      const status = query.get("status") || undefined;
      if (status !== undefined && !isExecutionStatus(status)) {
        throw new HttpError(400, `unknown status "${status}"`);
      }
      const limit = Number(query.get("limit") ?? 50);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        throw new HttpError(400, "limit must be a whole number from 1 to 1000");
      }
      const list = await listExecutions(client, {
        ...(machine ? { stateMachineArn: await stateMachineArn(machine) } : {}),
        ...(status ? { status } : {}),
        limit,
      });
      const about = await subjects.subjectsOf(
        await Promise.all(list.executions.map((execution) => inputOf(execution.executionArn))),
      );
      return {
        ...list,
        executions: list.executions.map((execution, index) => ({ ...execution, subject: about[index] })),
      };
    },
    "/api/execution": async (query) => {
      const arn = query.get("arn");
      if (!arn) throw new HttpError(400, "arn is required");
      const execution = await executionDetail(client, arn);
      const [subject] = await subjects.subjectsOf([execution.input]);
      return { execution: { ...execution, subject } };
    },
  };

  const send = (
    response: ServerResponse,
    status: number,
    type: string,
    body: string | Buffer,
    head: boolean,
  ) => {
    response.writeHead(status, {
      ...securityHeaders,
      "content-type": type,
      "content-length": Buffer.byteLength(body),
    });
    response.end(head ? undefined : body);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const method = request.method ?? "GET";
    const head = method === "HEAD";
    const json = (status: number, body: unknown) =>
      send(response, status, "application/json; charset=utf-8", JSON.stringify(body), head);
    if (!loopbackHost(request.headers.host)) {
      return json(421, { message: "the console answers on loopback names only (127.0.0.1, localhost)" });
    }
    if (method !== "GET" && !head) {
      response.setHeader("allow", "GET, HEAD");
      return json(405, { message: "the console is read-only" });
    }
    const url = new URL(request.url ?? "/", "http://console");
    if (url.pathname === "/" || url.pathname === "/index.html") {
      return send(response, 200, "text/html; charset=utf-8", page, head);
    }
    const file = files[url.pathname];
    if (file) return send(response, 200, file.type, file.body, head);
    const route = api[url.pathname];
    if (!route) return json(404, { message: `no ${url.pathname} here` });
    try {
      return json(200, await route(url.searchParams));
    } catch (error) {
      if (error instanceof HttpError) return json(error.status, { message: error.message });
      // What the Step Functions API answered (ExecutionDoesNotExist, InvalidArn...), as it said it.
      const { name, message, $metadata } = error as Error & { $metadata?: { httpStatusCode?: number } };
      const status = $metadata?.httpStatusCode;
      if (status && status >= 400 && status < 500) {
        return json(name === "ExecutionDoesNotExist" ? 404 : 400, { message, error: name });
      }
      return json(502, { message: `Step Functions did not answer: ${message}`, error: name });
    }
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error("console: request failed", error);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  const port = await listen(server, options.port, host, "CONSOLE_PORT");
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    async stop() {
      await close(server);
      client.destroy();
      subjects.destroy();
    },
  };
}
