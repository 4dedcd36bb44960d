import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { assertPortsFree, PortInUseError } from "#local/listen";
import type { Reconciliation } from "#shared/reconciler";

const rootDir = resolve(import.meta.dirname, "..");
const port = (variable: string, fallback: number) => {
  const value = process.env[variable];
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    console.error(`${variable} must be a port number, got "${value}"`);
    process.exit(1);
  }
  return parsed;
};

const packageJson = JSON.parse(readFileSync(resolve(rootDir, "package.json"), "utf8")) as { version: string };
process.env.APP_VERSION ??= packageJson.version;
process.env.LOG_LEVEL ??= "WARN";

const dataDir = resolve(rootDir, process.env.DATA_DIR ?? ".data");

const ports = {
  api: port("API_PORT", 3000),
  dynamodb: port("DYNAMODB_PORT", 8000),
  stepfunctions: port("STEPFUNCTIONS_PORT", 8083),
  ses: port("SES_PORT", 8005),
  s3: port("S3_PORT", 4569),
  console: port("CONSOLE_PORT", 8084),
  // The local portal's pages: the port the gateway's default CORS origins name (shared/cors.ts).
  portal: port("PORTAL_PORT", 5173),
};

try {
  // Before loading the system (a few seconds): a port in use stops the start at once.
  await assertPortsFree(
    {
      API_PORT: ports.api,
      DYNAMODB_PORT: ports.dynamodb,
      STEPFUNCTIONS_PORT: ports.stepfunctions,
      SES_PORT: ports.ses,
      S3_PORT: ports.s3,
      CONSOLE_PORT: ports.console,
      PORTAL_PORT: ports.portal,
    },
    "127.0.0.1",
  );
  const [
    { startLocalRuntime },
    {
      purgeIntervalSeconds,
      reconcileIntervalSeconds,
      startPurgeTimer,
      startReconcileTimer,
      startTimeToLiveTimer,
      timeToLiveSweepSeconds,
    },
  ] = await Promise.all([import("#local/runtime"), import("#local/scheduler")]);
  const runtime = await startLocalRuntime({
    rootDir,
    dataDir,
    // Every user of a developer's machine comes from 127.0.0.1: the per-client limits would meet them all.
    rateLimitsExemptLoopback: true,
    ports,
  });
  console.log(
    [
      "Account workflows running locally (Ctrl-C to stop)",
      `  HTTP API         ${runtime.urls.api}/v1/health   (OpenAPI: ${runtime.urls.api}/v1/openapi.json)`,
      `  Emails (SES)     ${runtime.urls.ses}/             (JSON: ${runtime.urls.ses}/store)`,
      `  Portal pages     ${runtime.urls.portal}/   ${
        process.env.WEB_APP_URL === runtime.urls.portal
          ? "(every link in a mail opens a page here)"
          : `(mails link to WEB_APP_URL: ${process.env.WEB_APP_URL})`
      }`,
      `  Step Functions   ${runtime.urls.stepfunctions}   (npm run executions)`,
      `  Operator console ${runtime.urls.console}/   (each execution and its steps, in a browser)`,
      `  DynamoDB         ${runtime.urls.dynamodb}   (table ${runtime.tableName})`,
      `  S3 (logos)       ${runtime.urls.s3}   (bucket ${process.env.LOGO_BUCKET})`,
      `  Backup purge     every ${purgeIntervalSeconds()} s (PURGE_INTERVAL_SECONDS; now: npm run purge-backups)`,
      `  Reconciler       every ${reconcileIntervalSeconds()} s (RECONCILE_INTERVAL_SECONDS; now: npm run reconcile)`,
      `  Time to live     expired items deleted every ${timeToLiveSweepSeconds()} s (TTL_SWEEP_INTERVAL_SECONDS)`,
      `  Data folder      ${dataDir}`,
      `  Operator key     in ${dataDir}/operator-key (header x-operator-key)`,
    ].join("\n"),
  );
  // The stand-in for the EventBridge schedule: the same purge handler, on a timer.
  const purgeTimer = startPurgeTimer({
    rootDir,
    invoke: runtime.invoke,
    onRun: (result) => {
      if (result?.purged) console.log(`purge-backups: purged ${result.purged} backup(s)`);
    },
  });
  // The stand-in for the reconciler's schedule: what a crash left half-way is finished after a restart.
  const reconcileTimer = startReconcileTimer({
    invoke: runtime.invoke,
    onRun: (result) => {
      const { payments, deletions, terminations, removals } = result as Reconciliation;
      const done =
        payments.settled +
        payments.refunded +
        payments.abandoned +
        payments.paidOut +
        deletions.marked +
        terminations.marked +
        removals.marked;
      if (done) console.log(`reconcile: ${JSON.stringify(result)}`);
    },
  });
  // DynamoDB's Time to Live: expired items deleted (with their stream records), as AWS does in the background.
  const timeToLiveTimer = startTimeToLiveTimer({
    sweep: runtime.sweepExpiredItems,
    onRun: (deleted) => {
      if (deleted) console.log(`time to live: ${deleted} expired item(s) deleted`);
    },
  });
  // Where it listens, for the operator commands (scripts/local-system.ts); removed on a clean stop.
  const { recordRunningSystem } = await import("#local/running-system");
  const forgetRunningSystem = recordRunningSystem(dataDir, {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    region: process.env.AWS_REGION ?? "eu-central-2",
    tableName: runtime.tableName,
    urls: runtime.urls,
  });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping...`);
    forgetRunningSystem();
    purgeTimer.stop();
    reconcileTimer.stop();
    timeToLiveTimer.stop();
    await runtime.stop();
    console.log("stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
} catch (error) {
  if (error instanceof PortInUseError) {
    console.error(error.message);
  } else {
    console.error("could not start:", error);
  }
  process.exit(1);
}
