import { Worker } from "node:worker_threads";
import { functionBundle } from "#local/bundle";
import type { WorkerSetup } from "#local/function-worker";
import { type DeployedResources, environmentOf, grantsOf } from "#shared/function-access";
import type { FunctionAccess } from "#shared/route-types";

/**
 * The local Lambda service: each function (a route, the authorizer, a workflow task, the purge
 * job) runs its own bundle, built as CDK builds it (local/bundle.ts), in a worker thread of its
 * own, as in its own execution environment: with only the environment its declared access gives
 * it (shared/function-access.ts) plus the deployment's common variables, and with the access
 * guard (local/access-guard.ts) refusing what IAM would. A worker starts on the first invocation
 * (a cold start) and serves the following ones; a function that passes its timeout is stopped,
 * as Lambda stops it, and the next invocation starts a fresh one.
 */

export interface LocalFunctionSpec {
  /** The function's name: one worker per name. */
  name: string;
  /** Module path from the project root; the module exports `handler`. */
  handler: string;
  access: FunctionAccess;
  timeoutSeconds: number;
}

export interface LocalFunctionsOptions {
  rootDir: string;
  region: string;
  accountId?: string;
  /** What every function shares: endpoints, region, credentials, log level, version... */
  commonEnvironment: Record<string, string>;
  /** The local names of what the grants stand for. */
  resources: DeployedResources;
  /** The runtime's clock (LocalClock.buffer): every function's `Date` reads it. */
  clock?: SharedArrayBuffer;
}

/** An error a function ended with, as the Lambda service reports it. */
export class FunctionError extends Error {
  constructor(name: string, message: string, stack: string) {
    super(message);
    this.name = name;
    this.stack = stack || `${name}: ${message}`;
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

interface Running {
  worker: Worker;
  pending: Map<number, Pending>;
  ended: boolean;
}

interface WorkerMessage {
  id: number;
  result?: unknown;
  error?: { name: string; message: string; stack: string };
}

export class LocalFunctions {
  readonly #running = new Map<string, Promise<Running>>();
  /** The started workers, by function name (those of #running that have started). */
  readonly #settled = new Map<string, Running>();
  #nextId = 0;
  #stopped = false;

  constructor(private readonly options: LocalFunctionsOptions) {}

  /** Invokes a function with an event, as the Lambda service does; rejects with its error. */
  async invoke(
    spec: LocalFunctionSpec,
    event: unknown,
    extra: { invokedFunctionArn?: string } = {},
  ): Promise<unknown> {
    if (this.#stopped) throw new FunctionError("Local.Stopped", "The local runtime stopped.", "");
    let started = this.#running.get(spec.name);
    if (!started) {
      started = this.#spawn(spec);
      this.#running.set(spec.name, started);
      // A bundle that does not build fails this invocation; the next one tries again.
      started.catch(() => this.#forget(spec.name, started));
    }
    const running = await started;
    this.#settled.set(spec.name, running);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // Lambda stops the environment of a function past its timeout; the next call starts afresh.
        const seconds = spec.timeoutSeconds.toFixed(2);
        this.#end(
          spec.name,
          running,
          new FunctionError("Sandbox.Timedout", `Task timed out after ${seconds} seconds`, ""),
        );
      }, spec.timeoutSeconds * 1000);
      running.pending.set(id, { resolve, reject, timer });
      running.worker.postMessage({ id, event, timeoutMs: spec.timeoutSeconds * 1000, ...extra });
    });
  }

  /** Invocations in flight, on every function. */
  inFlight(): number {
    let count = 0;
    for (const running of this.#settled.values()) count += running.pending.size;
    return count;
  }

  /** Resolves once no invocation is in flight, or after `timeoutMs` whatever is left. */
  async idle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight() > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    const all = await Promise.allSettled(
      [...this.#running.entries()].map(async ([name, started]) => [name, await started] as const),
    );
    for (const outcome of all) {
      if (outcome.status === "fulfilled") {
        const [name, running] = outcome.value;
        this.#end(name, running, new FunctionError("Local.Stopped", "The local runtime stopped.", ""));
      }
    }
  }

  async #spawn(spec: LocalFunctionSpec): Promise<Running> {
    const { options } = this;
    let bundle: string;
    try {
      bundle = await functionBundle(options.rootDir, spec.handler);
    } catch (error) {
      throw new FunctionError(
        "Runtime.ImportModuleError",
        (error as Error).message,
        (error as Error).stack ?? "",
      );
    }
    const setup: WorkerSetup = {
      functionName: spec.name,
      guard: {
        functionName: spec.name,
        grants: grantsOf(spec.access),
        tableName: options.resources.tableName,
        logoBucket: options.resources.logoBucket,
        workflowsByArn: Object.entries(options.resources.workflowArns).map(([name, arn]) => [arn, name]),
        region: options.region,
        accountId: options.accountId ?? "000000000000",
      },
      ...(options.clock ? { clock: options.clock } : {}),
    };
    const worker = new Worker(bundle, {
      workerData: setup,
      env: {
        ...options.commonEnvironment,
        AWS_LAMBDA_FUNCTION_NAME: spec.name,
        AWS_LAMBDA_FUNCTION_TIMEOUT: String(spec.timeoutSeconds),
        ...environmentOf(spec.access, options.resources),
      },
      execArgv: process.env.PROFILE_WORKERS ? ["--cpu-prof", "--cpu-prof-dir=/tmp/wprof"] : [],
    });
    const running: Running = { worker, pending: new Map(), ended: false };
    worker.on("message", (message: WorkerMessage) => {
      const pending = running.pending.get(message.id);
      if (!pending) return;
      running.pending.delete(message.id);
      clearTimeout(pending.timer);
      if (message.error)
        pending.reject(new FunctionError(message.error.name, message.error.message, message.error.stack));
      else pending.resolve(message.result);
    });
    // A crash of the function's environment ends every invocation in flight, as Lambda reports it.
    worker.on("error", (error) =>
      this.#end(spec.name, running, new FunctionError("Runtime.ExitError", error.message, error.stack ?? "")),
    );
    worker.on("exit", (code) =>
      this.#end(
        spec.name,
        running,
        new FunctionError("Runtime.ExitError", `The function's environment exited with code ${code}.`, ""),
      ),
    );
    return running;
  }

  #forget(name: string, started: Promise<Running> | undefined): void {
    if (this.#running.get(name) === started) this.#running.delete(name);
  }

  /** Ends a function's worker and every invocation in flight on it; the next invocation starts another. */
  #end(name: string, running: Running, error: FunctionError): void {
    if (running.ended) return;
    running.ended = true;
    if (this.#settled.get(name) === running) this.#settled.delete(name);
    void this.#running.get(name)?.then((current) => {
      if (current === running) this.#running.delete(name);
    });
    for (const pending of running.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    running.pending.clear();
    void running.worker.terminate();
  }
}
