import { spawn } from "node:child_process";
import { join } from "node:path";
import autocannon from "autocannon";
import { routes } from "#functions/routes";
import { routeKey } from "#shared/route-types";
import { signUp, strongPassword, uniqueEmail } from "#test/support/accounts";
import type { Figure } from "../lib/figure.ts";
import { ms, table } from "../lib/format.ts";
import { type RouteRequest, send } from "../lib/requests.ts";
import { initialEnv, rootDir, settings } from "../lib/settings.ts";

interface Server {
  api: string;
  /** Error lines the server logged since the last call (the load must cause none). */
  takeErrors(): string[];
  stop(): Promise<void>;
}

/** Starts bench/local-server.ts in its own Node process and waits for its URLs. */
function startServer(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = spawn(process.execPath, ["--import", "tsx", join(rootDir, "bench", "local-server.ts")], {
      cwd: rootDir,
      env: { ...initialEnv, LOG_LEVEL: "WARN" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // Requests still in flight when the load stops fail at shutdown: the server's log is
    // kept, and reported only for the time under load.
    const errors: string[] = [];
    server.stderr?.on("data", (chunk: Buffer) => {
      errors.push(...chunk.toString().split("\n").filter(Boolean));
    });
    const exited = new Promise<void>((done) => server.on("exit", () => done()));
    let buffered = "";
    server.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = /BENCH_SERVER (\{.*\})\n/.exec(buffered)?.[1];
      if (!line) return;
      const { urls } = JSON.parse(line) as { urls: { api: string } };
      resolve({
        api: urls.api,
        takeErrors: () => errors.splice(0, errors.length),
        stop: async () => {
          server.kill("SIGTERM");
          await exited;
        },
      });
    });
    server.on("error", reject);
    server.on("exit", (code) =>
      reject(new Error(`the local server exited (${code}) before serving: ${errors.slice(-5).join("\n")}`)),
    );
  });
}

interface LoadCase {
  name: string;
  why: string;
  request: RouteRequest;
}

const hasRoute = (key: string) => routes.some((route) => routeKey(route) === key);

export const throughputFigure: Figure<unknown> = {
  id: "throughput",
  title: "6. Local API throughput and latency (autocannon against the local runtime in its own process)",
  async run() {
    const server = await startServer();
    try {
      const user = await signUp(server.api);
      const read: LoadCase = hasRoute("GET /v1/organizations/{orgId}")
        ? {
            name: "GET /v1/organizations/{orgId}",
            why: "the organization read every page of the portal makes",
            request: { method: "GET", path: `/v1/organizations/${user.orgId}`, token: user.token },
          }
        : {
            name: "GET /v1/me",
            why: "GET /v1/organizations/{orgId} does not exist yet; the profile read is the next most common",
            request: { method: "GET", path: "/v1/me", token: user.token },
          };
      const writes: LoadCase[] = [
        {
          name: "PUT /v1/me/recovery-email",
          why:
            "the password-confirmed write: one token and one body can repeat (the same address again: one " +
            "user read, the scrypt password check, one update, one audit entry); POST /v1/sessions would add a " +
            "session per request and measure sign-in rather than a write behind the authorizer",
          request: {
            method: "PUT",
            path: "/v1/me/recovery-email",
            token: user.token,
            body: { recoveryEmail: uniqueEmail("load-recovery"), password: strongPassword },
          },
        },
      ];
      if (hasRoute("POST /v1/organizations")) {
        writes.push({
          name: "POST /v1/organizations",
          why:
            "a write without a password check, to see the stack rather than scrypt: one read and one " +
            "transaction (organization, membership, two audit entries) per request",
          request: {
            method: "POST",
            path: "/v1/organizations",
            token: user.token,
            body: {
              type: "company",
              name: "Load Test SA",
              postalAddress: { line1: "Rue du Lac 1", postalCode: "1200", city: "Genève", country: "CH" },
            },
          },
        });
      }
      const results = [];
      for (const entry of [read, ...writes]) {
        const first = await send(server.api, entry.request);
        if (first.status >= 300)
          throw new Error(
            `${entry.name} answered ${first.status} before the load: ${JSON.stringify(first.body)}`,
          );
        server.takeErrors();
        const result = await autocannon({
          url: `${server.api}${entry.request.path}`,
          connections: settings.loadConnections,
          duration: settings.loadSeconds,
          // A password check (scrypt) queued behind nine others can take seconds on two cores.
          timeout: 30,
          method: entry.request.method,
          headers: {
            authorization: `Bearer ${entry.request.token}`,
            ...(entry.request.body !== undefined ? { "content-type": "application/json" } : {}),
          },
          ...(entry.request.body !== undefined ? { body: JSON.stringify(entry.request.body) } : {}),
        });
        results.push({
          case: entry.name,
          why: entry.why,
          requestsPerSecond: result.requests.average,
          // No answer within the time: no latency to report.
          p50Ms: result.requests.total ? result.latency.p50 : undefined,
          p99Ms: result.requests.total ? result.latency.p99 : undefined,
          requests: result.requests.total,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          serverErrorLines: server.takeErrors().length,
        });
      }
      return {
        text: [
          `${settings.loadConnections} connections, ${settings.loadSeconds} s per case, local runtime as npm start runs it (log level WARN).`,
          "",
          table(
            ["case", "req/s", "p50 ms", "p99 ms", "requests", "non-2xx", "errors", "server errors"],
            results.map((row) => [
              row.case,
              row.requestsPerSecond.toFixed(1),
              ms(row.p50Ms),
              ms(row.p99Ms),
              row.requests,
              row.non2xx,
              row.errors,
              row.serverErrorLines,
            ]),
          ),
          "",
          ...results.map((row) => `${row.case}: ${row.why}.`),
        ].join("\n"),
        data: { connections: settings.loadConnections, seconds: settings.loadSeconds, cases: results },
        goals: [],
      };
    } finally {
      await server.stop();
    }
  },
};
