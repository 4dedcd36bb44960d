import { purgeJob } from "#functions/purge/job";
import { reconcileJob } from "#functions/reconcile/job";
import type { LocalFunctionSpec } from "#local/functions";
import { functionNameOf, lambdaContext, loadHandler } from "#local/lambda";
import { functionTimeoutSeconds } from "#shared/function-access";

/** What one purge run returned (functions/purge/purge-backups.ts). */
export interface PurgeRunResult {
  runId: string;
  purged: number;
  failed: number;
  skipped: number;
}

export interface PurgeTimerOptions {
  /** The project root, against which the purge handler module is resolved. */
  rootDir: string;
  /** @default env PURGE_INTERVAL_SECONDS, else 300 */
  intervalSeconds?: number;
  /** Told after each run (e.g. a log line when something was purged). */
  onRun?: (result: PurgeRunResult) => void;
  /** Told when a run fails; the timer keeps going. @default console.error */
  onError?: (error: unknown) => void;
  /** Invokes the job's function as the Lambda service does (the runtime's isolated functions). */
  invoke?: (spec: LocalFunctionSpec, event: unknown) => Promise<unknown>;
}

export interface PurgeTimer {
  /** Stops the timer; a run in progress finishes on its own. */
  stop(): void;
  /** Runs the purge now (waits for a run in progress instead of starting a second one). */
  runNow(): Promise<PurgeRunResult | undefined>;
}

/**
 * A positive number of seconds from an environment variable, checked once: a wrong value stops
 * the start with the variable's name.
 */
function secondsFrom(variable: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`${variable} must be a positive number of seconds, got "${value}"`);
  }
  return seconds;
}

/**
 * `work` every `intervalMs`, as a schedule runs a job: runs never overlap (`runNow` during a run
 * waits for it instead of starting a second), a failure is told and the timer keeps going, and
 * the timer does not keep the process alive on its own.
 */
function repeatWithoutOverlap<Result>(
  work: () => Promise<Result>,
  intervalMs: number,
  onRun: ((result: Result) => void) | undefined,
  onError: (error: unknown) => void,
): { stop(): void; runNow(): Promise<Result | undefined> } {
  let running: Promise<Result | undefined> | undefined;
  let stopped = false;
  const run = () => {
    running ??= work()
      .then(
        (result) => {
          onRun?.(result);
          return result;
        },
        (error: unknown) => {
          onError(error);
          return undefined;
        },
      )
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void run();
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
    runNow: run,
  };
}

const defaultIntervalSeconds = 300;

/** PURGE_INTERVAL_SECONDS, checked once: a wrong value stops the start with its name. */
export const purgeIntervalSeconds = (value = process.env.PURGE_INTERVAL_SECONDS): number =>
  secondsFrom("PURGE_INTERVAL_SECONDS", value, defaultIntervalSeconds);

/**
 * The local stand-in for the EventBridge schedule of the purge job (R-T5): runs the same
 * handler module, in-process, every `intervalSeconds`. Runs never overlap; the timer does not
 * keep the process alive on its own. Start it after the local runtime (the handler reads the
 * table's endpoint from the environment the runtime sets).
 */
export function startPurgeTimer(options: PurgeTimerOptions): PurgeTimer {
  const spec = {
    name: "purge-backups",
    handler: purgeJob.handler,
    access: purgeJob.access,
    timeoutSeconds: functionTimeoutSeconds.job,
  };
  const purge = async () =>
    (await (options.invoke
      ? options.invoke(spec, {})
      : (
          await loadHandler(options.rootDir, purgeJob.handler)
        )({}, lambdaContext(functionNameOf(purgeJob.handler), functionTimeoutSeconds.job * 1000)))) as
      | PurgeRunResult
      | undefined;
  return repeatWithoutOverlap(
    purge,
    (options.intervalSeconds ?? purgeIntervalSeconds()) * 1000,
    (result) => {
      if (result) options.onRun?.(result);
    },
    options.onError ?? ((error: unknown) => console.error("purge-backups: run failed:", error)),
  );
}

const defaultReconcileIntervalSeconds = 60;

/** RECONCILE_INTERVAL_SECONDS, checked once: a wrong value stops the start with its name. */
export const reconcileIntervalSeconds = (value = process.env.RECONCILE_INTERVAL_SECONDS): number =>
  secondsFrom("RECONCILE_INTERVAL_SECONDS", value, defaultReconcileIntervalSeconds);

/**
 * The local stand-in for the reconciler's EventBridge schedule (shared/reconciler.ts): its
 * function, through the local Lambda service, every `intervalSeconds` (every 5 minutes in AWS;
 * a minute here, so that what a crash left half-way is finished soon after a restart). Runs never
 * overlap; the timer does not keep the process alive on its own.
 */
export function startReconcileTimer(options: {
  invoke: (spec: LocalFunctionSpec, event: unknown) => Promise<unknown>;
  intervalSeconds?: number;
  onRun?: (result: unknown) => void;
  onError?: (error: unknown) => void;
}): { stop(): void; runNow(): Promise<unknown> } {
  const spec = {
    name: "reconcile",
    handler: reconcileJob.handler,
    access: reconcileJob.access,
    timeoutSeconds: functionTimeoutSeconds.job,
  };
  return repeatWithoutOverlap(
    () => options.invoke(spec, {}),
    (options.intervalSeconds ?? reconcileIntervalSeconds()) * 1000,
    options.onRun,
    options.onError ?? ((error: unknown) => console.error("reconcile: run failed:", error)),
  );
}

const defaultTimeToLiveSweepSeconds = 300;

/** TTL_SWEEP_INTERVAL_SECONDS, checked once: a wrong value stops the start with its name. */
export const timeToLiveSweepSeconds = (value = process.env.TTL_SWEEP_INTERVAL_SECONDS): number =>
  secondsFrom("TTL_SWEEP_INTERVAL_SECONDS", value, defaultTimeToLiveSweepSeconds);

/**
 * The local stand-in for DynamoDB's Time to Live, which deletes expired items in the background
 * (within days in AWS): the local DynamoDB's sweep (LocalRuntime.sweepExpiredItems: a scan, then
 * each expired item deleted with its stream record) every `intervalSeconds`. Runs never overlap;
 * the timer does not keep the process alive on its own. `npm start` only: the tests sweep when
 * they choose, a scan on a timer costs CPU the suite does not have.
 */
export function startTimeToLiveTimer(options: {
  sweep: () => Promise<number>;
  intervalSeconds?: number;
  onRun?: (deleted: number) => void;
  onError?: (error: unknown) => void;
}): { stop(): void; runNow(): Promise<number | undefined> } {
  return repeatWithoutOverlap(
    options.sweep,
    (options.intervalSeconds ?? timeToLiveSweepSeconds()) * 1000,
    options.onRun,
    options.onError ?? ((error: unknown) => console.error("time to live: sweep failed:", error)),
  );
}
