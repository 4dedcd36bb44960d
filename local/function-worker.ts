/**
 * The inside of one local Lambda function (local/functions.ts), bundled with its handler
 * (local/bundle.ts) and run in a worker thread with the function's own environment: the access
 * guard is installed on the bundle's copy of the AWS SDK, then each message is one invocation,
 * as the Lambda runtime serves them. `Date` reads the runtime's clock (local/clock.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import { type GuardContext, installAccessGuard } from "#local/access-guard";
import { installClock } from "#local/clock";
import { lambdaContext } from "#local/lambda";

export interface WorkerSetup {
  functionName: string;
  guard: Omit<GuardContext, "workflowsByArn"> & { workflowsByArn: [string, string][] };
  /** The runtime's clock offset (LocalClock.buffer), shared with the runtime's process. */
  clock?: SharedArrayBuffer;
}

// Here, at the bundle's start: the entry imports this module before the handler's, so the
// handler's modules already meet the clock's Date when they load.
const clock = (workerData as WorkerSetup | null)?.clock;
if (clock) installClock(clock);

interface Invocation {
  id: number;
  event: unknown;
  timeoutMs: number;
  invokedFunctionArn?: string;
}

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const errorOf = (thrown: unknown) =>
  thrown instanceof Error
    ? { name: thrown.name || "Error", message: thrown.message, stack: thrown.stack ?? "" }
    : { name: "Error", message: typeof thrown === "string" ? thrown : JSON.stringify(thrown), stack: "" };

export function serve(handler: Handler): void {
  const port = parentPort;
  if (!port) throw new Error("a local function runs as a worker thread only");
  const setup = workerData as WorkerSetup;
  installAccessGuard({ ...setup.guard, workflowsByArn: new Map(setup.guard.workflowsByArn) });
  port.on("message", async ({ id, event, timeoutMs, invokedFunctionArn }: Invocation) => {
    try {
      const context = {
        ...lambdaContext(setup.functionName, timeoutMs),
        ...(invokedFunctionArn ? { invokedFunctionArn } : {}),
      };
      const result = await handler(event, context);
      let payload: unknown;
      try {
        // A Lambda result crosses the wire as JSON: what does not serialize is an error there too.
        payload = result === undefined ? null : JSON.parse(JSON.stringify(result));
      } catch (error) {
        port.postMessage({ id, error: { ...errorOf(error), name: "Runtime.ResponseSerializationError" } });
        return;
      }
      port.postMessage({ id, result: payload });
    } catch (error) {
      port.postMessage({ id, error: errorOf(error) });
    }
  });
}
