import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LocalRuntime } from "#local/runtime";
import type { SessionClaims } from "#shared/http";
import { authorizerEventOf } from "./events.ts";
import { installMeter } from "./meter.ts";
import { type ScriptContext, scriptContext } from "./requests.ts";
import { rootDir } from "./settings.ts";

/** The in-process local runtime the figures share, started once on first use. */
export interface LocalBench {
  runtime: LocalRuntime;
  /** What the runtime put in the environment (endpoints, table, keys): the functions' configuration. */
  functionEnv: Record<string, string>;
  scripts: ScriptContext;
  /** The HTTP API whose handlers and authorizer run under the DynamoDB meter (figure 4). */
  meteredApi: string;
  /** The claims the session authorizer gives a token, as API Gateway passes them on. */
  claimsOf(token: string): Promise<SessionClaims | undefined>;
  stop(): Promise<void>;
}

export async function startLocalBench(): Promise<LocalBench> {
  const dataDir = await mkdtemp(join(tmpdir(), "aw-bench-"));
  const before = { ...process.env };
  const tableName = "account-workflows";
  // The runtime imports the route table, which reaches modules that read TABLE_NAME at import.
  process.env.TABLE_NAME ??= tableName;
  // The bench measures routes, not their limits: a route measured a thousand times by one
  // account would otherwise answer 429 (R-A9).
  process.env.RATE_LIMITS_SCALE ??= "1000";
  const { startLocalRuntime } = await import("#local/runtime");
  const runtime = await startLocalRuntime({ rootDir, dataDir, tableName, rateLimitsExemptLoopback: true });
  const functionEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && before[name] !== value) functionEnv[name] = value;
  }

  // Modules with AWS clients, and the route table that imports some, are imported only now:
  // they read the endpoints and the table name at import.
  const { routes, userAuthorizer } = await import("#functions/routes");
  const { loadHandler, lambdaContext } = await import("#local/lambda");
  const { dynamo } = await import("#shared/db");
  const { tableDefinition } = await import("#shared/table");
  installMeter(dynamo, {
    partitionKey: tableDefinition.partitionKey,
    sortKey: tableDefinition.sortKey,
    indexes: tableDefinition.globalSecondaryIndexes,
  });

  // A second gateway, the project's own, whose handlers are the probes: each invocation is
  // timed and its DynamoDB requests charged to it (bench/probes/).
  const { startLocalGateway } = await import("#local/gateway");
  const metered = await startLocalGateway({
    port: 0,
    rootDir,
    routes: routes.map((route) => ({ ...route, handler: "bench/probes/handler.ts" })),
    authorizerHandler: "bench/probes/authorizer.ts",
    operatorKey: runtime.operatorKey,
    allowedOrigins: [],
    // Every request runs the authorizer, so that its reads are counted for every user route.
    authorizerCacheSeconds: 0,
  });

  const claimsOf = async (token: string) => {
    const authorizer = await loadHandler(rootDir, userAuthorizer.handler);
    const answer = (await authorizer(authorizerEventOf(token), lambdaContext("authorizer"))) as {
      context?: Partial<SessionClaims>;
    };
    const { userId, sessionId } = answer.context ?? {};
    return userId && sessionId ? { userId, sessionId } : undefined;
  };

  return {
    runtime,
    functionEnv,
    scripts: scriptContext(runtime),
    meteredApi: metered.url,
    claimsOf,
    stop: async () => {
      await metered.stop();
      await runtime.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
