import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rootDir } from "./lib/settings.ts";

/**
 * The local runtime as `npm start` runs it (log level WARN), on free ports with a scratch
 * data folder, in its own process so that the load generator of figure 6 does not share
 * its event loop. Prints one `BENCH_SERVER {json}` line once it serves; stops on SIGTERM.
 */
process.env.LOG_LEVEL ??= "WARN";
const tableName = "account-workflows";
// The runtime imports the route table, which reaches modules that read TABLE_NAME at import.
process.env.TABLE_NAME ??= tableName;
const { startLocalRuntime } = await import("#local/runtime");
const dataDir = await mkdtemp(join(tmpdir(), "aw-bench-load-"));
const runtime = await startLocalRuntime({ rootDir, dataDir, tableName, rateLimitsExemptLoopback: true });
console.log(`BENCH_SERVER ${JSON.stringify({ urls: runtime.urls, operatorKey: runtime.operatorKey })}`);

process.on("SIGTERM", () => {
  void runtime
    .stop()
    .then(() => rm(dataDir, { recursive: true, force: true }))
    .finally(() => process.exit(0));
});
