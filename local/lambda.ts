import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Context } from "aws-lambda";

// biome-ignore lint/suspicious/noExplicitAny: handlers of every event type are loaded here.
export type LambdaHandler = (event: any, context: Context) => Promise<any>;

const loaded = new Map<string, Promise<LambdaHandler>>();

/** Imports a handler module (project-relative path exporting `handler`) once, on first use. */
export function loadHandler(rootDir: string, modulePath: string): Promise<LambdaHandler> {
  let handler = loaded.get(modulePath);
  if (!handler) {
    handler = import(pathToFileURL(join(rootDir, modulePath)).href).then(
      (module: { handler?: LambdaHandler }) => {
        if (typeof module.handler !== "function") throw new Error(`${modulePath} does not export a handler`);
        return module.handler;
      },
    );
    loaded.set(modulePath, handler);
  }
  return handler;
}

/** A Lambda context as the runtime gives it, enough for middy and Powertools. */
export function lambdaContext(functionName: string, timeoutMs = 30_000): Context {
  // Monotonic time, as Lambda counts it: a test moving the runtime's clock (local/clock.ts)
  // does not take time from an invocation in flight.
  const deadline = performance.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: "512",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, Math.floor(deadline - performance.now())),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** A readable function name from a handler path: `functions/accounts/create-account.ts` -> `accounts-create-account`. */
export const functionNameOf = (modulePath: string) =>
  modulePath
    .replace(/^functions\//, "")
    .replace(/\.ts$/, "")
    .replaceAll("/", "-");
