import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Figure } from "../lib/figure.ts";
import { table, usd } from "../lib/format.ts";
import { rootDir } from "../lib/settings.ts";
import { prices } from "../prices.ts";
import type { DynamoContext, Usage } from "./dynamodb.ts";

/** The function memory of the infra's defaults (infra/constructs/function.ts), 512 MB when it cannot be read. */
function functionMemory(): { mb: number; source: string } {
  const file = "infra/constructs/function.ts";
  try {
    const found = /memorySize:\s*(\d+)/.exec(readFileSync(join(rootDir, file), "utf8"))?.[1];
    if (found) return { mb: Number(found), source: file };
  } catch {
    // Fall through to the documented default.
  }
  return { mb: 512, source: "default (infra not readable)" };
}

/** Dollars per million invocations of a function with this usage: Lambda requests and duration, DynamoDB. */
function functionCost(usage: Usage, memoryMb: number) {
  // Lambda bills duration rounded up to the millisecond.
  const gbSeconds = (Math.ceil(usage.durationMs) / 1000) * (memoryMb / 1024);
  return {
    lambda: prices.lambdaPerMillionRequests + gbSeconds * prices.lambdaArmPerGbSecond * 1e6,
    dynamo:
      usage.readUnits * prices.dynamoPerMillionReadUnits +
      usage.writeUnits * prices.dynamoPerMillionWriteUnits,
  };
}

export const costFigure: Figure<DynamoContext> = {
  id: "cost",
  title: `7. Cost per million requests of each route (AWS list prices, ${prices.region})`,
  async run(context) {
    if (!context.usage) throw new Error("figure 4 measures what figure 7 prices");
    const memory = functionMemory();
    const authorizer = context.usage.authorizer
      ? functionCost(context.usage.authorizer, memory.mb)
      : undefined;
    const rows = context.usage.routes.map((route) => {
      if (!route.usage) return { route: route.route, measured: false as const };
      const own = functionCost(route.usage, memory.mb);
      const guard = route.auth === "user" && authorizer ? authorizer.lambda + authorizer.dynamo : 0;
      const total = prices.httpApiPerMillionRequests + own.lambda + own.dynamo + guard;
      return {
        route: route.route,
        measured: true as const,
        httpApi: prices.httpApiPerMillionRequests,
        lambda: own.lambda,
        dynamo: own.dynamo,
        authorizer: guard,
        total,
        durationMs: route.usage.durationMs,
      };
    });
    const text = [
      `Prices (${prices.currency}, ${prices.asOf}): HTTP API $${prices.httpApiPerMillionRequests}/M requests; Lambda arm64 ` +
        `$${prices.lambdaPerMillionRequests}/M requests + $${prices.lambdaArmPerGbSecond}/GB-s at ${memory.mb} MB (${memory.source}); ` +
        `DynamoDB on-demand $${prices.dynamoPerMillionReadUnits}/M RRU, $${prices.dynamoPerMillionWriteUnits}/M WRU.`,
      "Duration: figure 4's warm handler time on this machine, rounded up to the ms. A 512 MB function has about",
      "0.3 vCPU, so CPU-bound work (scrypt) runs longer in Lambda: read the Lambda column as a lower bound.",
      "Authorizer: one uncached call per request on `user` routes (an upper bound: API Gateway caches answers 30 s).",
      "",
      table(
        ["route", "HTTP API", "Lambda", "DynamoDB", "authorizer", "total / M requests"],
        rows.map((row) =>
          row.measured
            ? [
                row.route,
                usd(row.httpApi),
                usd(row.lambda),
                usd(row.dynamo),
                usd(row.authorizer),
                usd(row.total),
              ]
            : [row.route, "not measured", undefined, undefined, undefined, undefined],
        ),
      ),
    ].join("\n");
    return {
      text,
      data: { prices, memoryMb: memory.mb, memorySource: memory.source, routes: rows },
      goals: [],
    };
  },
};
