import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";
import type { ExecutionStatus, HistoryEventType } from "@aws-sdk/client-sfn";
import type { RunOptions, StateMachine } from "aws-local-stepfunctions";
import type { WorkflowDefinition } from "#functions/workflow-types";
import { LambdaServiceError, type LocalFunctionSpec } from "#local/functions";
import { lambdaContext, loadHandler } from "#local/lambda";
import { close, listen } from "#local/listen";
import {
  isValidName,
  type LoadedWorkflow,
  loadWorkflow,
  machineStartingAt,
  type ResolvedTask,
  topLevelStates,
  unqualifiedFunction,
  waitSeconds,
} from "#local/stepfunctions/definition";
import {
  type EventDetails,
  HistoryRecorder,
  InvocationLog,
  type StoredEvent,
} from "#local/stepfunctions/history";
import { resumePoint } from "#local/stepfunctions/resume";
import {
  type ExecutionRecord,
  ExecutionWriter,
  executionFilePath,
  loadExecutions,
  type ResumeNote,
  toFile,
} from "#local/stepfunctions/store";
import { functionTimeoutSeconds } from "#shared/function-access";

/**
 * The local Step Functions service: an HTTP endpoint speaking the AWS Step Functions JSON
 * protocol (POST, `X-Amz-Target: AWSStepFunctions.<Action>`, `application/x-amz-json-1.0`),
 * so that `@aws-sdk/client-sfn` works against it unchanged. It runs the project's ASL files
 * with aws-local-stepfunctions, each `${Name}` task substitution resolved to the task's own
 * handler module, imported in-process (the process runs under tsx or vitest, which load .ts).
 *
 * Actions: ListStateMachines, DescribeStateMachine, StartExecution, DescribeExecution,
 * DescribeStateMachineForExecution, ListExecutions, GetExecutionHistory, StopExecution.
 * State machines are STANDARD; every execution runs in the background after StartExecution
 * answers, several at once.
 *
 * Errors a task handler throws surface as AWS shows a Lambda's errors: error = the thrown
 * error's `name`, cause = the JSON document Lambda produces (`errorType`, `errorMessage`,
 * `trace`), so Retry/Catch on that name, `States.TaskFailed` and `States.ALL` match. Limits as
 * in AWS: a Task without `TimeoutSeconds` has none (the engine's 60 s default is lifted); a task
 * result over 256 KiB or a history past 25,000 events fails the execution with
 * `States.DataLimitExceeded`, which no Catch takes. A handler module that cannot be
 * imported fails the task with `Runtime.ImportModuleError`, a result that is not JSON with
 * `Runtime.ResponseSerializationError`. The history event mapping is described in
 * `local/stepfunctions/history.ts`, the file format in `local/stepfunctions/store.ts`.
 *
 * Persistence (`dataDir` set): each execution is kept in
 * `<dataDir>/stepfunctions/<stateMachine>/<execution>.json`, rewritten atomically as it
 * progresses, and read back on start. As in AWS, an execution runs on whatever happens to a
 * client or to the process: one that was RUNNING when the process ended (crash, Ctrl-C or
 * `stop()`) resumes at the next start (`local/stepfunctions/resume.ts`). Its history tells
 * the top-level state it was in (the last `*StateEntered` without its `*StateExited`, a
 * state nested in a Map or Parallel state counting as its enclosing top-level state) and the
 * input it entered with; the engine, which cannot start a run elsewhere than at `StartAt`,
 * runs a copy of the definition whose `StartAt` is that state, and that state runs again
 * from its beginning (tasks are idempotent in this project): a Task calls its function again
 * with a fresh Retry count, a Map or Parallel state runs all its iterations or branches
 * again, a Wait waits what is left of it. The execution keeps its ARN, start date and
 * history; the new events follow the old ones, ids continuing. The resumed state's entry is
 * not logged twice: its work starts again as a retried attempt shows it (a Task's new
 * LambdaFunctionScheduled/Started or TaskScheduled/Started, a new MapStateStarted or
 * ParallelStateStarted, a Wait's exit). AWS has no history event for a resume (and
 * ExecutionRedriven would claim a redrive), so the history shows no other trace of it; the
 * execution's file lists its resumes (`resumes`). An execution whose state machine or state
 * is no longer defined fails with `Local.ResumeFailed`. `stop()` pauses: it halts the engine's
 * runs without recording anything, so the executions stay RUNNING on disk; StopExecution still
 * aborts. A handler already running when its run is halted still runs to its end (its
 * result is dropped): in-process code cannot be cancelled. The runtime (local/runtime.ts),
 * whose functions are built after this service starts, can pass `deferResume` and call
 * `resumeExecutions()` once they are.
 *
 * Limitations: in a resumed run, `$$.Execution.Input` and `$$.Execution.StartTime` are the
 * resumed state's input and the resume time (the engine sets both itself); no versions,
 * aliases, redrive, activities, Express machines, task tokens, distributed maps or service
 * integrations other than Lambda.
 */

export interface LocalStepFunctionsOptions {
  /** 0 picks a free port. */
  port: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Where executions and their history are kept; undefined keeps them in memory only. */
  dataDir?: string;
  workflows: WorkflowDefinition[];
  /** The project root, against which ASL files and handler modules are resolved. */
  rootDir: string;
  /** Defaults to eu-central-2. */
  region?: string;
  /** Defaults to 000000000000. */
  accountId?: string;
  /**
   * When set, every Retry pause lasts this many milliseconds instead of what IntervalSeconds,
   * BackoffRate, MaxDelaySeconds and JitterStrategy give (tests; ASL requires whole seconds).
   */
  retryIntervalMs?: number;
  /** When set, every Wait state pauses this many milliseconds instead of its Seconds/Timestamp. */
  waitMs?: number;
  /**
   * Leaves the executions found RUNNING in `dataDir` paused until `resumeExecutions()` is
   * called, for a caller whose `invoke` cannot run functions yet when this service has
   * started. By default they resume as soon as the service listens.
   */
  deferResume?: boolean;
  /** Test configuration: the history limit (AWS's 25,000 otherwise), so a test can reach it quickly. */
  historyEventLimit?: number;
  /**
   * Invokes a task's function as the Lambda service does (the runtime's isolated functions,
   * local/functions.ts); without it, handlers run in this process (the service's own tests).
   */
  invoke?: (
    spec: LocalFunctionSpec,
    event: unknown,
    extra: { invokedFunctionArn: string },
  ) => Promise<unknown>;
}

export interface LocalStepFunctions {
  /** `http://host:port`, for `new SFNClient({ endpoint })` or AWS_ENDPOINT_URL_SFN. */
  endpoint: string;
  stateMachineArn(name: string): string;
  /**
   * Resumes the executions found RUNNING in `dataDir` (once; nothing after `stop()`). Called by
   * the service itself when it has started, unless `deferResume` is set.
   */
  resumeExecutions(): void;
  /**
   * Stops the service. Running executions are paused, not aborted: they stay RUNNING in their
   * files and the next start resumes them.
   */
  stop(): Promise<void>;
}

type Overrides = NonNullable<RunOptions["overrides"]>;
type TaskOverrides = NonNullable<Overrides["taskResourceLocalHandlers"]>;
type JsonValue = Awaited<ReturnType<TaskOverrides[string]>>;

/** An error answered as AWS does: status 400 and `{"__type": "...#<type>", "message"}`. */
class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** An error a task fails with; the engine reports `name` as the error and `message` as the cause. */
function taskError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * A handler's error as the Lambda service reports it to Step Functions: the error is the
 * thrown error's type, the cause the JSON document Lambda produces (`errorType`,
 * `errorMessage`, `trace`: the stack lines), so Catch sees what it sees in AWS.
 */
function asTaskError(thrown: unknown): Error {
  // The Lambda service refused the invocation (a throttle): Step Functions names it Lambda.<error>.
  if (thrown instanceof LambdaServiceError)
    return taskError(`Lambda.${thrown.name}`, `${thrown.message} (Service: Lambda, Status Code: 429)`);
  const errorType = thrown instanceof Error ? thrown.name || "Error" : "Error";
  const errorMessage =
    thrown instanceof Error ? thrown.message : typeof thrown === "string" ? thrown : JSON.stringify(thrown);
  const trace = thrown instanceof Error ? (thrown.stack ?? "").split("\n") : [];
  return taskError(errorType, JSON.stringify({ errorType, errorMessage, trace }));
}

/**
 * Step Functions' payload and history limits: the execution fails with States.DataLimitExceeded,
 * which no Catch (not even States.ALL) takes.
 */
class DataLimitExceeded extends Error {
  constructor(readonly what: string) {
    super(
      what === "history"
        ? `The execution reached the limit of ${maxHistoryEvents} history events.`
        : `The state/task returned a result with a size exceeding the maximum number of bytes service limit (${what}).`,
    );
    this.name = "States.DataLimitExceeded";
  }
}

/** Step Functions' limits: a state's input or output, and an execution's history. */
export const maxPayloadBytes = 256 * 1024;
export const maxHistoryEvents = 25_000;

interface Execution {
  record: ExecutionRecord;
  events: StoredEvent[];
  /** The restarts that resumed it, kept in its file. */
  resumes: ResumeNote[];
  /** Start order, to sort executions started in the same millisecond. */
  seq: number;
  abort?: () => void;
  finished?: Promise<void>;
  stopRequest?: { error?: string; cause?: string; fatal?: boolean };
  writer?: ExecutionWriter;
}

const STATUSES: ExecutionStatus[] = [
  "RUNNING",
  "SUCCEEDED",
  "FAILED",
  "TIMED_OUT",
  "ABORTED",
  "PENDING_REDRIVE",
];
const STATE_MACHINE_ARN = /^arn:aws:states:[^:]+:\d{12}:stateMachine:[^:]+$/;
const EXECUTION_ARN = /^arn:aws:states:[^:]+:\d{12}:execution:[^:]+:[^:]+$/;
const MAX_INPUT_BYTES = 256 * 1024;
/** The state types whose abort AWS records (`TaskStateAborted`...). */
const ABORTABLE = ["Task", "Wait", "Map", "Parallel"];
/** The error of an execution that cannot continue after a restart (its state machine or state is gone). */
const RESUME_FAILED_ERROR = "Local.ResumeFailed";

const seconds = (epochMs: number | undefined) => (epochMs === undefined ? undefined : epochMs / 1000);

/** Drops undefined members, so answers carry only what is set. */
const defined = <T extends Record<string, unknown>>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as Partial<T>;

const encodeToken = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
function decodeToken<T>(token: string, check: (value: T) => boolean): T {
  try {
    const value = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as T;
    if (value !== null && typeof value === "object" && check(value)) return value;
  } catch {}
  throw new ServiceError("InvalidToken", `Invalid Token: '${token}'`);
}

/** Reads request members, answering ValidationException for a member of the wrong type. */
class Members {
  constructor(private readonly body: Record<string, unknown>) {}

  string(name: string, required: true): string;
  string(name: string, required?: false): string | undefined;
  string(name: string, required = false): string | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) {
      if (required)
        throw new ServiceError("ValidationException", `1 validation error detected: '${name}' is required`);
      return undefined;
    }
    if (typeof value !== "string") {
      throw new ServiceError(
        "ValidationException",
        `1 validation error detected: '${name}' must be a string`,
      );
    }
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "boolean") {
      throw new ServiceError(
        "ValidationException",
        `1 validation error detected: '${name}' must be a boolean`,
      );
    }
    return value;
  }

  /** maxResults: 0 or absent means the default (100), at most 1000. */
  pageSize(): number {
    const value = this.body.maxResults;
    if (value === undefined || value === null || value === 0) return 100;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 1000) {
      throw new ServiceError(
        "ValidationException",
        "1 validation error detected: 'maxResults' must be an integer from 0 to 1000",
      );
    }
    return value;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > 4 * MAX_INPUT_BYTES) {
        reject(new ServiceError("ValidationException", "The request is too large."));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

export async function startLocalStepFunctions(
  options: LocalStepFunctionsOptions,
): Promise<LocalStepFunctions> {
  const host = options.host ?? "127.0.0.1";
  const region = options.region ?? "eu-central-2";
  const accountId = options.accountId ?? "000000000000";
  const directory = options.dataDir ? join(options.dataDir, "stepfunctions") : undefined;

  const stateMachineArn = (name: string) => `arn:aws:states:${region}:${accountId}:stateMachine:${name}`;
  const machines = new Map<string, LoadedWorkflow>();
  for (const workflow of options.workflows) {
    const machine = loadWorkflow(workflow, options.rootDir, region, accountId);
    if (machines.has(machine.arn)) throw new Error(`workflow "${workflow.name}" is declared twice`);
    machines.set(machine.arn, machine);
  }

  const executions = new Map<string, Execution>();
  const historyEventLimit = options.historyEventLimit ?? maxHistoryEvents;
  let seq = 0;
  let stopped = false;

  // ---- task handlers --------------------------------------------------------------------

  const invokeTask = async (
    task: ResolvedTask,
    payload: unknown,
    timeoutSeconds: number,
  ): Promise<JsonValue> => {
    let result: unknown;
    // Serialized like a Lambda payload: the handler cannot change the engine's copy.
    const event = JSON.parse(JSON.stringify(payload ?? null));
    if (options.invoke) {
      try {
        result = await options.invoke(
          {
            name: task.substitution,
            handler: task.handler,
            access: task.access,
            timeoutSeconds: functionTimeoutSeconds.task,
          },
          event,
          { invokedFunctionArn: task.arn },
        );
      } catch (error) {
        throw asTaskError(error);
      }
    } else {
      let handler: Awaited<ReturnType<typeof loadHandler>>;
      try {
        handler = await loadHandler(options.rootDir, task.handler);
      } catch (error) {
        throw taskError("Runtime.ImportModuleError", error instanceof Error ? error.message : String(error));
      }
      const context = {
        ...lambdaContext(task.substitution, timeoutSeconds * 1000),
        invokedFunctionArn: task.arn,
      };
      try {
        result = await handler(event, context);
      } catch (error) {
        throw asTaskError(error);
      }
    }
    let text: string;
    try {
      text = JSON.stringify(result ?? null);
    } catch (error) {
      throw taskError("Runtime.ResponseSerializationError", String(error));
    }
    if (Buffer.byteLength(text) > maxPayloadBytes) throw new DataLimitExceeded("task result");
    return JSON.parse(text) as JsonValue;
  };

  /** The engine's task overrides (keyed by state name) for one execution, recording each call. */
  const taskOverrides = (
    machine: LoadedWorkflow,
    invocations: InvocationLog,
    failExecution: (error: DataLimitExceeded) => void,
  ): TaskOverrides => {
    const overrides: TaskOverrides = {};
    for (const [name, state] of machine.states) {
      const task = state.task;
      if (!task) continue;
      const timeout = state.definition.TimeoutSeconds;
      const timeoutSeconds =
        typeof timeout === "number"
          ? Math.min(timeout, functionTimeoutSeconds.task)
          : functionTimeoutSeconds.task;
      const run = async (input: JsonValue): Promise<JsonValue> => {
        if (task.kind === "lambda") {
          if (!task.task) {
            throw taskError(
              "Local.UnsupportedResource",
              `No local handler for the Lambda function ${task.resource}.`,
            );
          }
          return invokeTask(task.task, input, timeoutSeconds);
        }
        if (task.kind === "lambdaInvoke") {
          const parameters = (input ?? {}) as { FunctionName?: unknown; Payload?: unknown };
          const functionName = typeof parameters.FunctionName === "string" ? parameters.FunctionName : "";
          const target = machine.functions.get(unqualifiedFunction(functionName));
          if (!target) {
            throw taskError("Lambda.ResourceNotFoundException", `Function not found: ${functionName}`);
          }
          const payload = await invokeTask(target, parameters.Payload ?? {}, timeoutSeconds);
          // The shape of AWS's optimized Lambda integration result.
          return {
            ExecutedVersion: "$LATEST",
            Payload: payload,
            SdkHttpMetadata: { HttpStatusCode: 200 },
            SdkResponseMetadata: { RequestId: randomUUID() },
            StatusCode: 200,
          };
        }
        throw taskError(
          "Local.UnsupportedResource",
          `The local Step Functions service runs Lambda tasks only; ${task.arn} is not supported.`,
        );
      };
      overrides[name] = async (input) => {
        const invocation = invocations.begin(name, input);
        try {
          const output = await run(input);
          invocation.status = "succeeded";
          invocation.output = output;
          return output;
        } catch (error) {
          invocation.status = "failed";
          if (error instanceof DataLimitExceeded) failExecution(error);
          throw error;
        }
      };
    }
    return overrides;
  };

  const runOverrides = (
    machine: LoadedWorkflow,
    invocations: InvocationLog,
    failExecution: (error: DataLimitExceeded) => void,
  ): Overrides => {
    const overrides: Overrides = {
      taskResourceLocalHandlers: taskOverrides(machine, invocations, failExecution),
    };
    const { retryIntervalMs, waitMs } = options;
    if (retryIntervalMs !== undefined) {
      overrides.retryIntervalOverrides = Object.fromEntries(
        [...machine.states.values()]
          .filter((state) => Array.isArray(state.definition.Retry))
          .map((state) => [state.name, retryIntervalMs]),
      );
    }
    if (waitMs !== undefined) {
      overrides.waitTimeOverrides = Object.fromEntries(
        [...machine.states.values()]
          .filter((state) => state.definition.Type === "Wait")
          .map((state) => [state.name, waitMs]),
      );
    }
    return overrides;
  };

  // ---- executions -----------------------------------------------------------------------

  /** Sets the execution's outcome from the history's closing event, once recorded. */
  const settle = (record: ExecutionRecord, event: StoredEvent | undefined) => {
    if (!event || record.status !== "RUNNING") return;
    const outcome: Partial<Record<StoredEvent["type"], ExecutionStatus>> = {
      ExecutionSucceeded: "SUCCEEDED",
      ExecutionFailed: "FAILED",
      ExecutionAborted: "ABORTED",
      ExecutionTimedOut: "TIMED_OUT",
    };
    const status = outcome[event.type];
    if (!status) return;
    const details =
      event.executionFailedEventDetails ??
      event.executionAbortedEventDetails ??
      event.executionTimedOutEventDetails;
    Object.assign(
      record,
      defined({
        status,
        stopDate: event.timestamp,
        output: event.executionSucceededEventDetails?.output,
        error: details?.error,
        cause: details?.cause,
      }),
    );
  };

  const writerFor = (execution: Execution) =>
    directory
      ? new ExecutionWriter(executionFilePath(directory, execution.record), () =>
          toFile(execution.record, execution.events, execution.resumes),
        )
      : undefined;

  /**
   * Runs an execution on the engine in the background and records its history: a new one from
   * `StartAt`, or a resumed one on a machine derived to start where it was.
   */
  const launch = (
    execution: Execution,
    machine: LoadedWorkflow,
    runner: StateMachine,
    input: JsonValue,
    history: HistoryRecorder,
    invocations: InvocationLog,
    adjust?: (overrides: Overrides) => void,
  ) => {
    const { record } = execution;
    // A limit the service enforces ends the execution as failed, past any Catch.
    let abortRun = () => {};
    const failExecution = (error: DataLimitExceeded) => {
      execution.stopRequest ??= { error: error.name, cause: error.message, fatal: true };
      abortRun();
    };
    const overrides = runOverrides(machine, invocations, failExecution);
    adjust?.(overrides);
    const run = runner.run(input, {
      noThrowOnAbort: true,
      overrides,
      context: {
        Execution: { Id: record.executionArn, Name: record.name, RoleArn: machine.roleArn },
        StateMachine: { Id: machine.arn, Name: machine.name },
      },
    });
    // Outcomes are read from the event log; this only keeps rejections handled.
    run.result.catch(() => undefined);
    execution.abort = run.abort;
    abortRun = () => run.abort();
    execution.finished = (async () => {
      try {
        for await (const event of run.eventLogs) {
          // stop() halts the engine without recording it: the execution stays RUNNING.
          if (stopped && !execution.stopRequest && event.type === "ExecutionAborted") break;
          history.record(event, execution.stopRequest);
          settle(record, execution.events.at(-1));
          execution.writer?.schedule();
          if (execution.events.length >= historyEventLimit && record.status === "RUNNING")
            failExecution(new DataLimitExceeded("history"));
        }
      } catch (error) {
        console.error(`stepfunctions: execution ${record.executionArn} failed to record its history:`, error);
      }
      if (!stopped && record.status === "RUNNING") {
        // Not expected: the engine always logs a closing event. Close the execution anyway.
        history.add("ExecutionFailed", Date.now(), {
          executionFailedEventDetails: {
            error: "Local.EngineError",
            cause: "The engine ended without an outcome.",
          },
        });
        settle(record, execution.events.at(-1));
        execution.writer?.schedule();
      }
      execution.abort = undefined;
    })();
  };

  const start = (machine: LoadedWorkflow, name: string, inputText: string, input: JsonValue): Execution => {
    const startDate = Date.now();
    const record: ExecutionRecord = {
      executionArn: `arn:aws:states:${region}:${accountId}:execution:${machine.name}:${name}`,
      stateMachineArn: machine.arn,
      stateMachineName: machine.name,
      name,
      status: "RUNNING",
      startDate,
      input: inputText,
    };
    const execution: Execution = { record, events: [], resumes: [], seq: seq++ };
    executions.set(record.executionArn, execution);
    const invocations = new InvocationLog();
    const history = new HistoryRecorder(machine.states, invocations, region, execution.events);
    history.add("ExecutionStarted", startDate, {
      executionStartedEventDetails: {
        input: inputText,
        inputDetails: { truncated: false },
        roleArn: machine.roleArn,
      },
    });
    execution.writer = writerFor(execution);
    execution.writer?.schedule();
    launch(execution, machine, machine.stateMachine, input, history, invocations);
    return execution;
  };

  /**
   * A Wait state's override for a resumed Wait: the engine reads a Wait state's override each
   * time the state runs, so the remaining time is given to this first run only (the state
   * entered again later, in a loop, waits as usual).
   */
  const continueWait = (name: string, remainingMs: number) => (overrides: Overrides) => {
    overrides.waitTimeOverrides ??= {};
    const waits = overrides.waitTimeOverrides;
    const usual = waits[name];
    let first = true;
    Object.defineProperty(waits, name, {
      enumerable: true,
      configurable: true,
      get: () => {
        if (!first) return usual;
        first = false;
        return remainingMs;
      },
    });
  };

  /** Ends an execution with an event the service adds itself (not one the engine logged). */
  const closeWith = (
    execution: Execution,
    type: HistoryEventType,
    details: EventDetails,
    at = Date.now(),
  ) => {
    new HistoryRecorder(new Map(), new InvocationLog(), region, execution.events).add(type, at, details);
    settle(execution.record, execution.events.at(-1));
    execution.writer?.schedule();
  };

  /**
   * Continues an execution that was RUNNING when the service stopped, where its history says
   * it was (local/stepfunctions/resume.ts): the engine runs a copy of the definition starting
   * at that top-level state, with the input it was entered with; the events it logs are
   * appended to the history so far.
   */
  const resume = (execution: Execution) => {
    const { record } = execution;
    if (record.status !== "RUNNING" || execution.finished) return;
    const now = Date.now();
    const cannotResume = (reason: string) =>
      closeWith(execution, "ExecutionFailed", {
        executionFailedEventDetails: {
          error: RESUME_FAILED_ERROR,
          cause: `The execution could not continue after a restart of the local Step Functions service: ${reason}.`,
        },
      });
    const machine = machines.get(record.stateMachineArn);
    if (!machine) return cannotResume(`the state machine ${record.stateMachineName} is not defined any more`);
    const states = topLevelStates(machine);
    const point = resumePoint(execution.events, states, machine.states);
    if (point.kind === "unresumable") return cannotResume(point.reason);
    if (point.kind === "succeed") {
      return closeWith(execution, "ExecutionSucceeded", {
        executionSucceededEventDetails: { output: point.output, outputDetails: { truncated: false } },
      });
    }
    let input: JsonValue;
    if (point.kind === "state") input = point.input as JsonValue;
    else {
      try {
        input = JSON.parse(record.input) as JsonValue;
      } catch {
        return cannotResume("its input is not JSON");
      }
    }
    const startAt = point.kind === "state" ? point.state : machine.engine.StartAt;
    const timeout = machine.engine.TimeoutSeconds;
    const runner =
      startAt === machine.engine.StartAt && timeout === undefined
        ? machine.stateMachine
        : machineStartingAt(
            machine,
            startAt,
            // What is left of the execution's own timeout, which counts from its start.
            timeout === undefined ? undefined : Math.max(0.001, timeout - (now - record.startDate) / 1000),
          );
    const invocations = new InvocationLog();
    const history = new HistoryRecorder(machine.states, invocations, region, execution.events);
    let adjust: ((overrides: Overrides) => void) | undefined;
    if (point.kind === "state" && point.reentered) {
      history.continueEntryOf(point.state);
      const definition = states[point.state];
      if (definition?.Type === "Wait") {
        // A Wait goes on with what is left of it, as AWS's timer does.
        const seconds =
          options.waitMs !== undefined ? options.waitMs / 1000 : waitSeconds(definition, point.input);
        if (seconds !== undefined)
          adjust = continueWait(point.state, Math.max(0, seconds * 1000 - (now - point.enteredAt)));
      }
    }
    execution.resumes.push(
      point.kind === "state"
        ? { timestamp: now, afterEventId: execution.events.length, state: point.state }
        : { timestamp: now, afterEventId: execution.events.length },
    );
    execution.writer?.schedule();
    launch(execution, machine, runner, input, history, invocations, adjust);
  };

  if (directory) {
    const loaded = await loadExecutions(directory);
    loaded.sort((a, b) => a.record.startDate - b.record.startDate);
    for (const { record, events, resumes } of loaded) {
      const execution: Execution = { record, events, resumes, seq: seq++ };
      if (record.status === "RUNNING") {
        execution.writer = writerFor(execution);
        // A history that already ends the execution is not resumed (not expected: the status
        // and the events are written together).
        settle(record, events.at(-1));
        if (record.status !== "RUNNING") execution.writer?.schedule();
      }
      executions.set(record.executionArn, execution);
    }
  }

  let resumed = false;
  const resumeExecutions = () => {
    if (resumed || stopped) return;
    resumed = true;
    for (const execution of executions.values()) resume(execution);
  };

  // ---- actions --------------------------------------------------------------------------

  const machineOf = (arn: string): LoadedWorkflow => {
    if (!STATE_MACHINE_ARN.test(arn)) throw new ServiceError("InvalidArn", `Invalid Arn: '${arn}'`);
    const machine = machines.get(arn);
    if (!machine)
      throw new ServiceError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${arn}'`);
    return machine;
  };

  const executionOf = (arn: string): Execution => {
    if (!EXECUTION_ARN.test(arn)) throw new ServiceError("InvalidArn", `Invalid Arn: '${arn}'`);
    const execution = executions.get(arn);
    if (!execution) throw new ServiceError("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);
    return execution;
  };

  /** What DescribeExecution and ListExecutions both say of an execution. */
  const executionSummary = (record: Execution["record"]) => ({
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: seconds(record.startDate),
    stopDate: seconds(record.stopDate),
  });

  const describeExecution = ({ record }: Execution) =>
    defined({
      ...executionSummary(record),
      input: record.input,
      inputDetails: { included: true },
      output: record.output,
      outputDetails: record.output === undefined ? undefined : { included: true },
      error: record.error,
      cause: record.cause,
      redriveCount: 0,
      redriveStatus: "NOT_REDRIVABLE",
    });

  const actions: Record<string, (members: Members) => Promise<unknown> | unknown> = {
    ListStateMachines(members) {
      const size = members.pageSize();
      const token = members.string("nextToken");
      const offset = token
        ? decodeToken<{ offset: number }>(token, (value) => Number.isInteger(value.offset)).offset
        : 0;
      const all = [...machines.values()].sort((a, b) => a.name.localeCompare(b.name));
      const page = all.slice(offset, offset + size);
      return defined({
        stateMachines: page.map((machine) => ({
          stateMachineArn: machine.arn,
          name: machine.name,
          type: "STANDARD",
          creationDate: seconds(machine.creationDate),
        })),
        nextToken: offset + size < all.length ? encodeToken({ offset: offset + size }) : undefined,
      });
    },

    DescribeStateMachine(members) {
      const machine = machineOf(members.string("stateMachineArn", true));
      return {
        stateMachineArn: machine.arn,
        name: machine.name,
        status: "ACTIVE",
        definition: machine.definitionText,
        roleArn: machine.roleArn,
        type: "STANDARD",
        creationDate: seconds(machine.creationDate),
        loggingConfiguration: { level: "OFF", includeExecutionData: false },
        tracingConfiguration: { enabled: false },
      };
    },

    DescribeStateMachineForExecution(members) {
      const execution = executionOf(members.string("executionArn", true));
      const machine = machineOf(execution.record.stateMachineArn);
      return {
        stateMachineArn: machine.arn,
        name: machine.name,
        definition: machine.definitionText,
        roleArn: machine.roleArn,
        updateDate: seconds(machine.creationDate),
        loggingConfiguration: { level: "OFF", includeExecutionData: false },
        tracingConfiguration: { enabled: false },
      };
    },

    StartExecution(members) {
      if (stopped) throw new ServiceError("ServiceUnavailable", "The service is stopping.", 503);
      const machine = machineOf(members.string("stateMachineArn", true));
      const name = members.string("name") ?? randomUUID();
      if (!isValidName(name)) throw new ServiceError("InvalidName", `Invalid Name: '${name}'`);
      const inputText = members.string("input") ?? "{}";
      if (Buffer.byteLength(inputText) > MAX_INPUT_BYTES) {
        throw new ServiceError("InvalidExecutionInput", "The input is larger than 256 KiB.");
      }
      let input: JsonValue;
      try {
        input = JSON.parse(inputText) as JsonValue;
      } catch (error) {
        throw new ServiceError("InvalidExecutionInput", `Invalid State Machine Execution Input: '${error}'`);
      }
      const arn = `arn:aws:states:${region}:${accountId}:execution:${machine.name}:${name}`;
      const existing = executions.get(arn);
      if (existing) {
        const { record } = existing;
        let sameInput = record.input === inputText;
        if (!sameInput) {
          try {
            sameInput = JSON.stringify(JSON.parse(record.input)) === JSON.stringify(input);
          } catch {}
        }
        // As AWS: a repeated start (same name and input) of a RUNNING execution gets the first
        // start's answer; the name of an execution that has ended, or another input, is refused.
        if (!sameInput || record.status !== "RUNNING")
          throw new ServiceError("ExecutionAlreadyExists", `Execution Already Exists: '${arn}'`);
        return { executionArn: arn, startDate: seconds(record.startDate) };
      }
      const { record } = start(machine, name, inputText, input);
      return { executionArn: record.executionArn, startDate: seconds(record.startDate) };
    },

    DescribeExecution(members) {
      return describeExecution(executionOf(members.string("executionArn", true)));
    },

    ListExecutions(members) {
      if (members.string("mapRunArn") !== undefined) {
        throw new ServiceError(
          "ValidationException",
          "Map runs (distributed maps) are not supported locally.",
        );
      }
      const machine = machineOf(members.string("stateMachineArn", true));
      const statusFilter = members.string("statusFilter");
      if (statusFilter !== undefined && !STATUSES.includes(statusFilter as ExecutionStatus)) {
        throw new ServiceError(
          "ValidationException",
          `1 validation error detected: 'statusFilter' must be one of ${STATUSES.join(", ")}`,
        );
      }
      const size = members.pageSize();
      const token = members.string("nextToken");
      const after = token
        ? decodeToken<{ startDate: number; seq: number }>(
            token,
            (value) => typeof value.startDate === "number" && typeof value.seq === "number",
          )
        : undefined;
      // Newest first, like AWS.
      const matching = [...executions.values()]
        .filter((execution) => execution.record.stateMachineArn === machine.arn)
        .filter((execution) => !statusFilter || execution.record.status === statusFilter)
        .sort((a, b) => b.record.startDate - a.record.startDate || b.seq - a.seq)
        .filter(
          (execution) =>
            !after ||
            execution.record.startDate < after.startDate ||
            (execution.record.startDate === after.startDate && execution.seq < after.seq),
        );
      const page = matching.slice(0, size);
      const last = page.at(-1);
      return defined({
        executions: page.map(({ record }) => defined({ ...executionSummary(record), redriveCount: 0 })),
        nextToken:
          matching.length > size && last
            ? encodeToken({ startDate: last.record.startDate, seq: last.seq })
            : undefined,
      });
    },

    GetExecutionHistory(members) {
      const execution = executionOf(members.string("executionArn", true));
      const reverse = members.boolean("reverseOrder") ?? false;
      const includeData = members.boolean("includeExecutionData") ?? true;
      const size = members.pageSize();
      const token = members.string("nextToken");
      const after = token
        ? decodeToken<{ id: number; reverse: boolean }>(
            token,
            (value) => Number.isInteger(value.id) && value.reverse === reverse,
          ).id
        : undefined;
      const ordered = reverse ? [...execution.events].reverse() : execution.events;
      const remaining = ordered.filter(
        (event) => after === undefined || (reverse ? event.id < after : event.id > after),
      );
      const page = remaining.slice(0, size);
      const last = page.at(-1);
      return defined({
        events: page.map((event) => {
          const shown: Record<string, unknown> = { ...event, timestamp: event.timestamp / 1000 };
          if (!includeData) {
            for (const [key, value] of Object.entries(shown)) {
              if (key.endsWith("EventDetails") && value && typeof value === "object") {
                const {
                  input: _input,
                  output: _output,
                  parameters: _parameters,
                  ...rest
                } = value as Record<string, unknown>;
                shown[key] = rest;
              }
            }
          }
          return shown;
        }),
        nextToken: remaining.length > size && last ? encodeToken({ id: last.id, reverse }) : undefined,
      });
    },

    async StopExecution(members) {
      const execution = executionOf(members.string("executionArn", true));
      const error = members.string("error");
      const cause = members.string("cause");
      const { record } = execution;
      if (record.status === "RUNNING" && execution.abort) {
        execution.stopRequest = defined({ error, cause });
        execution.abort();
        await execution.finished;
      } else if (record.status === "RUNNING" && !execution.finished && !stopped) {
        // Not resumed yet (deferResume): nothing runs; close the state it was in, then abort.
        const machine = machines.get(record.stateMachineArn);
        const point = machine
          ? resumePoint(execution.events, topLevelStates(machine), machine.states)
          : undefined;
        const now = Date.now();
        if (point?.kind === "state" && point.reentered && ABORTABLE.includes(point.type)) {
          closeWith(execution, `${point.type}StateAborted` as HistoryEventType, {}, now);
        }
        closeWith(
          execution,
          "ExecutionAborted",
          { executionAbortedEventDetails: defined({ error, cause }) },
          now,
        );
      }
      return { stopDate: seconds(record.stopDate ?? Date.now()) };
    },
  };

  // ---- HTTP -----------------------------------------------------------------------------

  const answer = (response: ServerResponse, status: number, body: unknown, requestId: string) => {
    const payload = JSON.stringify(body);
    response.writeHead(status, {
      "content-type": "application/x-amz-json-1.0",
      "content-length": Buffer.byteLength(payload),
      "x-amzn-requestid": requestId,
    });
    response.end(payload);
  };

  const server: Server = createServer(async (request, response) => {
    const requestId = randomUUID();
    try {
      if ((request.method ?? "GET").toUpperCase() !== "POST") {
        throw new ServiceError("UnknownOperationException", "Send a POST with an X-Amz-Target header.", 404);
      }
      const target = String(request.headers["x-amz-target"] ?? "");
      const action = target.startsWith("AWSStepFunctions.") ? target.slice("AWSStepFunctions.".length) : "";
      const run = Object.hasOwn(actions, action) ? actions[action] : undefined;
      if (!run) throw new ServiceError("UnknownOperationException", `Unknown operation: '${target}'`);
      const text = await readBody(request);
      let body: unknown;
      try {
        body = text.trim() === "" ? {} : JSON.parse(text);
      } catch {
        throw new ServiceError("ValidationException", "The request body is not valid JSON.");
      }
      if (body === null || typeof body !== "object" || Array.isArray(body)) {
        throw new ServiceError("ValidationException", "The request body must be a JSON object.");
      }
      answer(response, 200, await run(new Members(body as Record<string, unknown>)), requestId);
    } catch (error) {
      if (error instanceof ServiceError) {
        answer(
          response,
          error.status,
          { __type: `com.amazonaws.swf.service.v2.model#${error.type}`, message: error.message },
          requestId,
        );
      } else {
        console.error("stepfunctions: request failed", error);
        answer(
          response,
          500,
          { __type: "com.amazonaws.swf.service.v2.model#InternalFailure", message: String(error) },
          requestId,
        );
      }
    }
  });

  const port = await listen(server, options.port, host, "STEPFUNCTIONS_PORT");
  const endpointHost = host.includes(":") ? `[${host}]` : host;
  if (!options.deferResume) resumeExecutions();

  return {
    endpoint: `http://${endpointHost}:${port}`,
    stateMachineArn,
    resumeExecutions,
    async stop() {
      if (stopped) return;
      stopped = true;
      const all = [...executions.values()];
      // A pause, not an abort: the engine's runs are halted, which the history does not record,
      // so the executions stay RUNNING in their files and the next start resumes them.
      for (const execution of all) execution.abort?.();
      await Promise.all(all.map((execution) => execution.finished));
      await Promise.all(all.map((execution) => execution.writer?.flush()));
      await close(server);
    },
  };
}
