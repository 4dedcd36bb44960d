/**
 * One cold start, in a fresh Node process started by figure 2 (run by the project's Node
 * directly, without tsx, so nothing but the bundle is loaded): imports a bundled handler as
 * the Lambda runtime does, serves one invocation, and writes its timings as JSON to fd 3.
 *
 * Arguments: <bundle file> <event JSON file> <function name>.
 */
import { readFileSync, writeSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [bundleFile, eventFile, functionName = "bench"] = process.argv.slice(2);
if (!bundleFile || !eventFile) throw new Error("usage: cold-start-child <bundle> <event.json> [name]");
const event: unknown = JSON.parse(readFileSync(eventFile, "utf8"));
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName,
  functionVersion: "$LATEST",
  invokedFunctionArn: `arn:aws:lambda:eu-central-1:000000000000:function:${functionName}`,
  memoryLimitInMB: "512",
  awsRequestId: "00000000-0000-4000-8000-000000000000",
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: "bench",
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const start = performance.now();
const cpuBefore = process.cpuUsage();
const module = (await import(pathToFileURL(bundleFile).href)) as { handler: Handler };
const cpu = process.cpuUsage(cpuBefore);
const imported = performance.now();

let outcome: string;
try {
  const result = (await module.handler(event, context)) as
    | { statusCode?: number; isAuthorized?: boolean; context?: Record<string, unknown> }
    | undefined;
  if (typeof result?.statusCode === "number") outcome = String(result.statusCode);
  else if (typeof result?.isAuthorized === "boolean")
    outcome = result.context?.userId ? "authorized" : "no session";
  else outcome = "returned";
} catch (error) {
  outcome = `threw ${(error as Error).name}`;
}
const done = performance.now();

writeSync(
  3,
  JSON.stringify({
    importCpuMs: (cpu.user + cpu.system) / 1000,
    importMs: imported - start,
    invokeMs: done - imported,
    totalMs: done - start,
    outcome,
  }),
);
// Lambda freezes the process after the answer; open keep-alive sockets must not hold it here.
process.exit(0);
