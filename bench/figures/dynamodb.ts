import { routes } from "#functions/routes";
import { type RouteDefinition, routeKey } from "#shared/route-types";
import type { Figure, Goal } from "../lib/figure.ts";
import { counts, median, ms, some, table } from "../lib/format.ts";
import type { LocalBench } from "../lib/local.ts";
import { type CommandRecord, type Invocation, takeInvocations } from "../lib/meter.ts";
import { type RouteScript, send } from "../lib/requests.ts";
import { settings } from "../lib/settings.ts";

export interface Usage {
  requests: Record<string, number>;
  readUnits: number;
  /** Table and index write units. */
  writeUnits: number;
  indexWriteUnits: number;
  /** Median warm duration of the invocation, milliseconds. */
  durationMs: number;
}

export interface RouteUsage {
  route: string;
  /** Where the request came from (an authorization row or a bench script, and why). */
  source?: string;
  auth: RouteDefinition["auth"];
  measured: boolean;
  status?: number;
  expectedStatus: number;
  usage?: Usage;
  /** Goal violations and remarks. */
  findings: string[];
  /** DynamoDB requests differed between passes. */
  varies?: boolean;
}

export interface DynamoContext {
  local(): Promise<LocalBench>;
  scripts: Record<string, RouteScript>;
  /** Filled by this figure; figure 7 prices it. */
  usage?: { routes: RouteUsage[]; authorizer: Usage | undefined };
}

function usageOf(invocations: Invocation[]): Usage | undefined {
  const last = invocations.at(-1);
  if (!last) return undefined;
  const requests: Record<string, number> = {};
  for (const command of last.commands) requests[command.command] = (requests[command.command] ?? 0) + 1;
  const sum = (pick: (command: CommandRecord) => number) =>
    last.commands.reduce((total, command) => total + pick(command), 0);
  return {
    requests,
    readUnits: sum((command) => command.readUnits),
    writeUnits: sum((command) => command.writeUnits.table + command.writeUnits.indexes),
    indexWriteUnits: sum((command) => command.writeUnits.indexes),
    durationMs: median(invocations.map((invocation) => invocation.durationMs)) ?? 0,
  };
}

/** The per-route goals: reads cost one or two requests, a write one conditional write or one transaction, no Scan. */
function findingsOf(route: RouteDefinition, commands: CommandRecord[]): string[] {
  const findings: string[] = [];
  const scans = commands.filter((command) => command.command === "Scan").length;
  if (scans) findings.push(`Scan×${scans}`);
  if (route.method === "GET") {
    if (commands.length > 2) findings.push(`read route with ${commands.length} requests`);
    return findings;
  }
  const writes = commands.filter((command) => command.kind === "write");
  if (writes.length > 1) findings.push(`${writes.length} separate writes`);
  for (const write of writes) {
    if (write.command === "BatchWriteItem") findings.push("BatchWriteItem (not atomic)");
    else if (write.command !== "TransactWriteItems" && !write.conditional && writes.length === 1)
      findings.push(`unconditional ${write.command}`);
  }
  return findings;
}

const signature = (invocation: Invocation | undefined) =>
  invocation?.commands.map((command) => command.command).join(",");

export const dynamoFigure: Figure<DynamoContext> = {
  id: "dynamodb",
  title: "4. DynamoDB requests and capacity per route (scripted valid request over HTTP, warm)",
  async run(context) {
    const local = await context.local();
    const perRoute = new Map<string, { handler: Invocation[]; statuses: number[] }>();
    const authorizer: Invocation[] = [];
    takeInvocations();
    // Pass 0 warms every module and connection up; the measured passes follow.
    for (let pass = 0; pass <= settings.requestPasses; pass++) {
      for (const route of routes) {
        const key = routeKey(route);
        const script = context.scripts[key];
        if (!script) continue;
        const request = await script.prepare(local.scripts);
        takeInvocations();
        const response = await send(local.meteredApi, request);
        const invocations = takeInvocations();
        if (pass === 0) continue;
        const entry = perRoute.get(key) ?? { handler: [], statuses: [] };
        entry.statuses.push(response.status);
        entry.handler.push(...invocations.filter((invocation) => invocation.function === key));
        authorizer.push(...invocations.filter((invocation) => invocation.function === "authorizer"));
        perRoute.set(key, entry);
      }
    }

    const results: RouteUsage[] = routes.map((route) => {
      const key = routeKey(route);
      const entry = perRoute.get(key);
      const script = context.scripts[key];
      const expectedStatus = script?.expect ?? route.successStatus;
      const base = {
        route: key,
        auth: route.auth,
        expectedStatus,
        ...(script ? { source: script.source } : {}),
      };
      if (!entry) return { ...base, measured: false, findings: ["not measured: no row or script"] };
      const status = entry.statuses.at(-1);
      const usage = usageOf(entry.handler);
      const findings = findingsOf(route, entry.handler.at(-1)?.commands ?? []);
      if (status !== expectedStatus) findings.unshift(`answered ${status}, expected ${expectedStatus}`);
      const varies = new Set(entry.handler.map(signature)).size > 1;
      return { ...base, measured: true, status, ...(usage ? { usage } : {}), findings, varies };
    });
    const authorizerUsage = usageOf(authorizer);
    context.usage = { routes: results, authorizer: authorizerUsage };

    const rows = results.map((result) => [
      result.route,
      result.source ? (result.source.startsWith("authorization row") ? "row" : "bench") : "-",
      result.measured ? String(result.status) : "not measured",
      result.usage ? `${counts(result.usage.requests)}${result.varies ? " (varies)" : ""}` : undefined,
      result.usage?.readUnits,
      result.usage
        ? `${result.usage.writeUnits}${result.usage.indexWriteUnits ? ` (${result.usage.indexWriteUnits} GSI)` : ""}`
        : undefined,
      result.usage ? ms(result.usage.durationMs) : undefined,
      result.measured
        ? result.findings.length
          ? `FLAG: ${result.findings.join("; ")}`
          : "ok"
        : result.findings.join("; "),
    ]);
    if (authorizerUsage) {
      rows.push([
        "authorizer (each uncached call)",
        "-",
        "-",
        counts(authorizerUsage.requests),
        authorizerUsage.readUnits,
        String(authorizerUsage.writeUnits),
        ms(authorizerUsage.durationMs),
        "",
      ]);
    }

    const measured = results.filter((result) => result.measured);
    const notMeasured = results.filter((result) => !result.measured);
    const violating = (test: (finding: string) => boolean, routesOf: RouteUsage[]) =>
      routesOf.filter((result) => result.findings.some(test));
    const goal = (goalText: string, subjects: RouteUsage[], test: (finding: string) => boolean): Goal => {
      const bad = violating(test, subjects);
      const unchecked = notMeasured.length ? `; ${notMeasured.length} route(s) not measured` : "";
      return {
        figure: "4",
        goal: goalText,
        met: bad.length ? false : notMeasured.length ? undefined : true,
        detail: bad.length
          ? `${bad.length} route(s): ${some(bad.map((result) => `${result.route} (${result.findings.join("; ")})`))}${unchecked}`
          : `all ${subjects.length} measured route(s) pass${unchecked}`,
      };
    };
    const gets = measured.filter((result) => result.route.startsWith("GET "));
    const others = measured.filter((result) => !result.route.startsWith("GET "));
    const statusProblems = measured.filter((result) => result.status !== result.expectedStatus);

    return {
      text: [
        `${settings.requestPasses} measured passes after a warm-up pass; requests of the last pass, median duration.`,
        "Requests are the route handler's only: the authorizer (a separate function, cached by API Gateway) has its own row.",
        "RRU as the local DynamoDB reports them (DynamoDB's rules); WRU computed from each item before and after the",
        "write, GSI entries included (the local DynamoDB counts table writes only). Warm ms: handler wall time in-process.",
        "",
        table(["route", "request", "status", "DynamoDB requests", "RRU", "WRU", "warm ms", "goal"], rows),
        "",
        "Requests from the authorization matrix's rows (row) or, where a row cannot serve, a bench script (bench):",
        ...results
          .filter((result) => result.source && !result.source.startsWith("authorization row"))
          .map((result) => `  ${result.route}: ${result.source?.replace(/^bench script: /, "")}`),
      ].join("\n"),
      data: { passes: settings.requestPasses, routes: results, authorizer: authorizerUsage },
      goals: [
        goal("read routes (GET): one or two DynamoDB requests", gets, (finding) =>
          finding.startsWith("read route"),
        ),
        goal("write routes: one conditional write or one transaction", others, (finding) =>
          /separate writes|unconditional|BatchWriteItem/.test(finding),
        ),
        goal("no Scan on any route", measured, (finding) => finding.startsWith("Scan")),
        {
          figure: "4",
          goal: "every route measured with a valid request",
          met: notMeasured.length === 0 && statusProblems.length === 0,
          detail:
            [
              notMeasured.length
                ? `${notMeasured.length} not measured (no row or script): ${some(notMeasured.map((result) => result.route))}`
                : "",
              statusProblems.length
                ? `unexpected status: ${some(statusProblems.map((result) => `${result.route} ${result.status}`))}`
                : "",
            ]
              .filter(Boolean)
              .join("; ") || `all ${results.length} routes answered their success status`,
        },
      ],
    };
  },
};
