import { Worker } from "node:worker_threads";
import { functionBundle } from "#local/bundle";
import type { WorkerSetup } from "#local/function-worker";
import { type DeployedResources, environmentOf, grantsOf } from "#shared/function-access";
import type { FunctionAccess } from "#shared/route-types";

/**
 * The local Lambda service: each function (a route, the authorizer, a workflow task, a job) runs
 * its own bundle, built as CDK builds it (local/bundle.ts), in execution environments of its own
 * (worker threads): with only the environment its declared access gives it
 * (shared/function-access.ts) plus the deployment's common variables, and with the access guard
 * (local/access-guard.ts) refusing what IAM would. As in Lambda, an environment serves one
 * invocation at a time; an invocation that finds every environment busy starts another (a cold
 * start), up to the function's reserved concurrency, or the account's unreserved concurrency for
 * the others; past it, the invocation is throttled (`TooManyRequestsException`). A function that
 * passes its timeout has its environment stopped, and that environment's invocation only fails.
 * What a function prints on stdout goes to this process's stdout, but for the EMF lines of its
 * metrics, which are kept (`emittedMetrics`) as CloudWatch would read them.
 */

export interface LocalFunctionSpec {
  /** The function's name: its environments are its own. */
  name: string;
  /** Module path from the project root; the module exports `handler`. */
  handler: string;
  access: FunctionAccess;
  timeoutSeconds: number;
  /** Concurrent executions reserved for the function (and the most it may take). */
  reservedConcurrency?: number;
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
  /** The account's concurrent executions: the functions without a reservation share what is not reserved. @default 1000 */
  accountConcurrency?: number;
  /** An environment idle this long is stopped, as Lambda reclaims idle environments. @default 10 minutes */
  idleEnvironmentMs?: number;
}

/** An error a function ended with, as the Lambda service reports it. */
export class FunctionError extends Error {
  constructor(name: string, message: string, stack: string) {
    super(message);
    this.name = name;
    this.stack = stack || `${name}: ${message}`;
  }
}

/**
 * An error of the Lambda service itself, not of the function's code: a throttle. Step Functions
 * names it `Lambda.<name>`; API Gateway answers it as 429.
 */
export class LambdaServiceError extends FunctionError {
  readonly service = true;
}

/** A metric a function published, as the EMF line it printed (CloudWatch's embedded metric format). */
export interface EmittedMetrics {
  functionName: string;
  /** When this process read the line. */
  at: number;
  /** The whole EMF document: `_aws` (timestamp, CloudWatchMetrics), dimension values and metric values. */
  document: Record<string, unknown> & {
    _aws: {
      Timestamp: number;
      CloudWatchMetrics: {
        Namespace: string;
        Dimensions: string[][];
        Metrics: { Name: string; Unit?: string }[];
      }[];
    };
  };
}

interface Invocation {
  id: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

interface Environment {
  worker: Worker;
  /** The invocation it serves, if any: one at a time. */
  current?: Invocation;
  /** Started for an invocation that has not reached it yet: nobody else takes it. */
  claimed: boolean;
  ended: boolean;
  idleTimer?: NodeJS.Timeout;
}

interface FunctionState {
  spec: LocalFunctionSpec;
  environments: Environment[];
  /** Environments being started (their bundle looked up): they count as busy. */
  starting: number;
}

const isBusy = (environment: Environment) => environment.current !== undefined || environment.claimed;
const busyOf = (state: FunctionState) => state.starting + state.environments.filter(isBusy).length;

interface WorkerMessage {
  id: number;
  result?: unknown;
  error?: { name: string; message: string; stack: string };
}

const isMetricsLine = (line: string) => line.startsWith("{") && line.includes('"_aws"');

export class LocalFunctions {
  readonly #functions = new Map<string, FunctionState>();
  readonly #metrics: EmittedMetrics[] = [];
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
    const state = this.#stateOf(spec);
    let environment = state.environments.find((candidate) => !isBusy(candidate) && !candidate.ended);
    if (!environment) {
      this.#throttle(state);
      state.starting++;
      try {
        environment = await this.#start(state);
      } finally {
        state.starting--;
      }
      environment.claimed = false;
    }
    return this.#run(state, environment, event, extra);
  }

  /** Metrics the functions printed since the runtime started (the oldest first). */
  emittedMetrics(): readonly EmittedMetrics[] {
    return this.#metrics;
  }

  /** A function's environments: started (cold starts so far, less those stopped) and busy. */
  environments(name: string): { started: number; busy: number } {
    const environments = this.#functions.get(name)?.environments ?? [];
    return {
      started: environments.length,
      busy: environments.filter(isBusy).length,
    };
  }

  /** Invocations in flight, on every function. */
  inFlight(): number {
    let count = 0;
    for (const state of this.#functions.values()) count += busyOf(state);
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
    for (const state of this.#functions.values())
      for (const environment of [...state.environments])
        this.#end(state, environment, new FunctionError("Local.Stopped", "The local runtime stopped.", ""));
  }

  #stateOf(spec: LocalFunctionSpec): FunctionState {
    let state = this.#functions.get(spec.name);
    if (!state) {
      state = { spec, environments: [], starting: 0 };
      this.#functions.set(spec.name, state);
    }
    return state;
  }

  /** Refuses a new environment past the function's reservation, or past the account's unreserved concurrency. */
  #throttle(state: FunctionState): void {
    const reserved = state.spec.reservedConcurrency;
    if (reserved !== undefined) {
      if (busyOf(state) < reserved) return;
      throw new LambdaServiceError(
        "TooManyRequestsException",
        `Rate Exceeded. (Reason: ReservedFunctionConcurrentInvocationLimitExceeded; the function ${state.spec.name} has ${reserved} reserved)`,
        "",
      );
    }
    const all = [...this.#functions.values()];
    const reservedTotal = all.reduce((sum, each) => sum + (each.spec.reservedConcurrency ?? 0), 0);
    const unreservedBusy = all
      .filter((each) => each.spec.reservedConcurrency === undefined)
      .reduce((sum, each) => sum + busyOf(each), 0);
    if (unreservedBusy < (this.options.accountConcurrency ?? 1000) - reservedTotal) return;
    throw new LambdaServiceError(
      "TooManyRequestsException",
      "Rate Exceeded. (Reason: ConcurrentInvocationLimitExceeded)",
      "",
    );
  }

  #run(
    state: FunctionState,
    environment: Environment,
    event: unknown,
    extra: { invokedFunctionArn?: string },
  ): Promise<unknown> {
    const { spec } = state;
    const id = this.#nextId++;
    clearTimeout(environment.idleTimer);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // Lambda stops the environment of a function past its timeout; the next call starts afresh.
        const seconds = spec.timeoutSeconds.toFixed(2);
        this.#end(
          state,
          environment,
          new FunctionError("Sandbox.Timedout", `Task timed out after ${seconds} seconds`, ""),
        );
      }, spec.timeoutSeconds * 1000);
      environment.current = { id, resolve, reject, timer };
      environment.worker.postMessage({ id, event, timeoutMs: spec.timeoutSeconds * 1000, ...extra });
    });
  }

  /** A new environment of the function: its own worker, environment and grants (a cold start). */
  async #start(state: FunctionState): Promise<Environment> {
    const { options } = this;
    const { spec } = state;
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
    if (this.#stopped) throw new FunctionError("Local.Stopped", "The local runtime stopped.", "");
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
      execArgv: [],
      // Read here: the EMF lines are the function's metrics, the rest its log.
      stdout: true,
    });
    const environment: Environment = { worker, claimed: true, ended: false };
    state.environments.push(environment);
    this.#readStdout(spec.name, worker);
    worker.on("message", (message: WorkerMessage) => {
      const invocation = environment.current;
      if (!invocation || invocation.id !== message.id) return;
      environment.current = undefined;
      clearTimeout(invocation.timer);
      this.#whenIdle(state, environment);
      if (message.error)
        invocation.reject(new FunctionError(message.error.name, message.error.message, message.error.stack));
      else invocation.resolve(message.result);
    });
    // A crash of the environment ends the invocation it serves, as Lambda reports it.
    worker.on("error", (error) =>
      this.#end(state, environment, new FunctionError("Runtime.ExitError", error.message, error.stack ?? "")),
    );
    worker.on("exit", (code) =>
      this.#end(
        state,
        environment,
        new FunctionError("Runtime.ExitError", `The function's environment exited with code ${code}.`, ""),
      ),
    );
    return environment;
  }

  #readStdout(functionName: string, worker: Worker): void {
    let rest = "";
    worker.stdout.setEncoding("utf8");
    worker.stdout.on("data", (chunk: string) => {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) this.#line(functionName, line);
    });
    worker.stdout.on("end", () => {
      if (rest) this.#line(functionName, rest);
    });
  }

  #line(functionName: string, line: string): void {
    if (isMetricsLine(line)) {
      try {
        this.#metrics.push({ functionName, at: Date.now(), document: JSON.parse(line) });
        return;
      } catch {
        // Not a whole JSON document: printed as it is.
      }
    }
    process.stdout.write(`${line}\n`);
  }

  /** Lambda reclaims an environment left idle; the next invocation starts another. */
  #whenIdle(state: FunctionState, environment: Environment): void {
    environment.idleTimer = setTimeout(
      () => {
        if (!environment.current)
          this.#end(
            state,
            environment,
            new FunctionError("Local.Reclaimed", "Idle environment reclaimed.", ""),
          );
      },
      this.options.idleEnvironmentMs ?? 10 * 60_000,
    );
    environment.idleTimer.unref();
  }

  /** Ends one environment and the invocation it serves; the function's others go on. */
  #end(state: FunctionState, environment: Environment, error: FunctionError): void {
    if (environment.ended) return;
    environment.ended = true;
    clearTimeout(environment.idleTimer);
    state.environments = state.environments.filter((candidate) => candidate !== environment);
    const invocation = environment.current;
    environment.current = undefined;
    if (invocation) {
      clearTimeout(invocation.timer);
      invocation.reject(error);
    }
    void environment.worker.terminate();
  }
}
