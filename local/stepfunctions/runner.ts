import type { ExecutionStatus, HistoryEventType } from "@aws-sdk/client-sfn";
import type { StateMachine } from "aws-local-stepfunctions";
import {
  type LoadedWorkflow,
  machineStartingAt,
  topLevelStates,
  waitSeconds,
} from "#local/stepfunctions/definition";
import {
  type EventDetails,
  HistoryRecorder,
  InvocationLog,
  type StoredEvent,
} from "#local/stepfunctions/history";
import { DataLimitExceeded, maxHistoryEvents } from "#local/stepfunctions/limits";
import { defined } from "#local/stepfunctions/protocol";
import { resumePoint } from "#local/stepfunctions/resume";
import type { Execution, ServiceState } from "#local/stepfunctions/service";
import {
  type ExecutionRecord,
  ExecutionWriter,
  executionFilePath,
  loadExecutions,
  toFile,
} from "#local/stepfunctions/store";
import { type JsonValue, type Overrides, runOverrides } from "#local/stepfunctions/tasks";

/** The error of an execution that cannot continue after a restart (its state machine or state is gone). */
const RESUME_FAILED_ERROR = "Local.ResumeFailed";

/** Runs executions on the engine and records them: new ones, and those a restart resumes. */
export interface ExecutionRunner {
  /** Starts a new execution in the background, from `StartAt`. */
  start(machine: LoadedWorkflow, name: string, inputText: string, input: JsonValue): Execution;
  /** Ends an execution with an event the service adds itself (not one the engine logged). */
  closeWith(execution: Execution, type: HistoryEventType, details: EventDetails, at?: number): void;
  /** Resumes the executions found RUNNING on disk (once; nothing after stop()). */
  resumeExecutions(): void;
}

/** Loads the executions kept in the service's directory, and runs executions from then on. */
export async function createExecutionRunner(state: ServiceState): Promise<ExecutionRunner> {
  const { options, region, accountId, directory, machines, executions } = state;
  const historyEventLimit = options.historyEventLimit ?? maxHistoryEvents;
  let seq = 0;

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
    const overrides = runOverrides(options, machine, invocations, failExecution);
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
          if (state.stopped && !execution.stopRequest && event.type === "ExecutionAborted") break;
          history.record(event, execution.stopRequest);
          settle(record, execution.events.at(-1));
          execution.writer?.schedule();
          if (execution.events.length >= historyEventLimit && record.status === "RUNNING")
            failExecution(new DataLimitExceeded("history"));
        }
      } catch (error) {
        console.error(`stepfunctions: execution ${record.executionArn} failed to record its history:`, error);
      }
      if (!state.stopped && record.status === "RUNNING") {
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
    if (resumed || state.stopped) return;
    resumed = true;
    for (const execution of executions.values()) resume(execution);
  };

  return { start, closeWith, resumeExecutions };
}
