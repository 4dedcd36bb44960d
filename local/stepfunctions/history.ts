import type { HistoryEvent, HistoryEventType } from "@aws-sdk/client-sfn";
import type { StateMachine } from "aws-local-stepfunctions";
import { mapItemCount, type StateInfo } from "#local/stepfunctions/definition";

/** One event of the engine's log (the library does not export the type by name). */
export type EngineEvent =
  ReturnType<StateMachine["run"]>["eventLogs"] extends AsyncGenerator<infer Event> ? Event : never;

/** A history event in AWS's shape, with the timestamp kept as epoch milliseconds. */
export type StoredEvent = EventDetails & {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: HistoryEventType;
};

/** The `...EventDetails` members of a history event. */
export type EventDetails = Omit<HistoryEvent, "timestamp" | "type" | "id" | "previousEventId">;

/** One call of a task's handler, recorded by the task override when it runs. */
export interface Invocation {
  /** What the handler was given (for `lambda:invoke`, the processed `Parameters`). */
  input: unknown;
  status: "pending" | "succeeded" | "failed";
  output?: unknown;
}

/**
 * The calls of each Task state, in call order. The engine calls a task override in the same
 * synchronous step as it logs the StateEntered / StateRetried event of that attempt, while its
 * event log is read asynchronously: so the n-th attempt read from the log of a state is the
 * n-th call recorded here. The pairing only serves the raw input and output shown in the
 * Lambda/Task events; the events themselves are derived from the engine's log alone.
 */
export class InvocationLog {
  private readonly byState = new Map<string, Invocation[]>();

  begin(state: string, input: unknown): Invocation {
    const invocation: Invocation = { input, status: "pending" };
    const queue = this.byState.get(state) ?? [];
    queue.push(invocation);
    this.byState.set(state, queue);
    return invocation;
  }

  next(state: string): Invocation | undefined {
    return this.byState.get(state)?.shift();
  }
}

const json = (value: unknown) => JSON.stringify(value ?? null);
const text = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value ?? null));
const notTruncated = { truncated: false };

/**
 * Turns the engine's event log (aws-local-stepfunctions `eventLogs`) into an AWS execution
 * history. Ids count from 1 in order; `previousEventId` is the id before (0 for the first),
 * a linear approximation of AWS's causal links. A resumed execution's recorder starts from the
 * events recorded before the restart, and its ids go on from there (see `continueEntryOf`).
 * The mapping:
 *
 * | engine event                | AWS history events                                                     |
 * |-----------------------------|------------------------------------------------------------------------|
 * | ExecutionStarted            | ExecutionStarted {input, roleArn}                                      |
 * | StateEntered (type T)       | TStateEntered {name, input}; then Map: MapStateStarted {length};      |
 * |                             | Parallel: ParallelStateStarted; Task: see below                        |
 * | StateExited (type T)        | Map: MapStateSucceeded, Parallel: ParallelStateSucceeded (unless the   |
 * |                             | state failed and was caught); Task: see below; then TStateExited       |
 * |                             | {name, output} (a Fail state never exits)                              |
 * | StateFailed                 | Task: see below; Map: MapStateFailed; Parallel: ParallelStateFailed;   |
 * |                             | nothing for the other types (the ExecutionFailed follows)              |
 * | StateRetried                | Task: a new Scheduled/Started pair; Map: MapStateStarted again;        |
 * |                             | Parallel: ParallelStateStarted again                                   |
 * | StateCaught                 | nothing (AWS logs no event either; the Catch target is entered next)   |
 * | MapIterationStarted etc.    | MapIterationStarted/Succeeded/Failed {name: the Map state, index}      |
 * | ParallelBranch*             | nothing (AWS has no branch events)                                     |
 * | ExecutionSucceeded          | ExecutionSucceeded {output}                                            |
 * | ExecutionFailed             | ExecutionFailed {error, cause}                                         |
 * | ExecutionAborted            | TaskStateAborted / WaitStateAborted / MapStateAborted /                |
 * |                             | ParallelStateAborted and MapIterationAborted for what was open, then   |
 * |                             | ExecutionAborted {error, cause} (from StopExecution)                   |
 * | ExecutionTimeout            | ExecutionTimedOut {error: States.Timeout, cause}                       |
 *
 * Task attempts. A Lambda-ARN resource: on entry (and each retry) LambdaFunctionScheduled
 * {resource, input} and LambdaFunctionStarted; on success LambdaFunctionSucceeded {output:
 * the handler's raw result}; on failure LambdaFunctionFailed {error, cause} or, for
 * States.Timeout, LambdaFunctionTimedOut. A `lambda:invoke` (or other service) resource:
 * TaskScheduled {resourceType, resource, region, parameters}, TaskStarted, then TaskSucceeded
 * {output} / TaskFailed {error, cause} / TaskTimedOut. A retried task thus shows, per
 * attempt, Scheduled, Started and Failed, then the next Scheduled.
 */
export class HistoryRecorder {
  readonly events: StoredEvent[];
  /** Keys (`state#index`) of states whose StateFailed was seen and that have not exited since. */
  private readonly failed = new Set<string>();
  /** The attempt in progress per state key. */
  private readonly attempts = new Map<string, Invocation | undefined>();
  /** States entered and not exited, and Map iterations started and not ended, for aborts. */
  private readonly open = new Map<string, { type: string; name: string; index?: number }>();
  /** The last Fail state entered, to tell its own error and cause from the engine's defaults. */
  private lastFail: StateInfo | undefined;
  /** A top-level state whose entry is already in the history (a resumed execution). */
  private continued: string | undefined;

  constructor(
    private readonly states: Map<string, StateInfo>,
    private readonly invocations: InvocationLog,
    private readonly region: string,
    events: StoredEvent[] = [],
  ) {
    this.events = events;
  }

  /**
   * A resumed execution runs again the top-level state it was in, whose `*StateEntered` event
   * is already in the history: the next entry of that state records what follows an entry
   * (MapStateStarted, ParallelStateStarted, a task's Scheduled and Started events, as for a
   * retried attempt) but not a second `*StateEntered`, so that the history reads as one entry
   * of the state whose work was started again.
   */
  continueEntryOf(name: string): void {
    this.continued = name;
  }

  add(type: HistoryEventType, timestamp: number, details: EventDetails = {}): StoredEvent {
    const id = this.events.length + 1;
    const event: StoredEvent = { timestamp, type, id, previousEventId: id - 1, ...details };
    this.events.push(event);
    return event;
  }

  /** Records one engine event. `stop` carries StopExecution's error and cause for an abort. */
  record(event: EngineEvent, stop: { error?: string; cause?: string; fatal?: boolean } = {}): void {
    const at = event.timestamp;
    switch (event.type) {
      case "ExecutionStarted":
        // The service records ExecutionStarted itself, with the input string as given.
        return;
      case "ExecutionSucceeded":
        this.add("ExecutionSucceeded", at, {
          executionSucceededEventDetails: { output: json(event.output), outputDetails: notTruncated },
        });
        return;
      case "ExecutionFailed": {
        // A Fail state without Error/Cause fails the execution without them on AWS; the
        // engine fills in "FailStateError" and a sentence instead.
        const fail = this.lastFail?.definition;
        const ownError = !fail || event.Error !== "FailStateError" || "Error" in fail || "ErrorPath" in fail;
        const ownCause =
          !fail ||
          event.Cause !== "Execution failed because of a Fail state" ||
          "Cause" in fail ||
          "CausePath" in fail;
        this.add("ExecutionFailed", at, {
          executionFailedEventDetails: {
            ...(ownError ? { error: event.Error } : {}),
            ...(ownCause ? { cause: text(event.Cause) } : {}),
          },
        });
        return;
      }
      case "ExecutionAborted":
        this.abortOpen(at);
        if (stop.fatal) {
          // Stopped by the service for a limit (States.DataLimitExceeded): the execution fails.
          this.add("ExecutionFailed", at, {
            executionFailedEventDetails: { error: stop.error, cause: stop.cause },
          });
          return;
        }
        this.add("ExecutionAborted", at, {
          executionAbortedEventDetails: {
            ...(stop.error !== undefined ? { error: stop.error } : {}),
            ...(stop.cause !== undefined ? { cause: stop.cause } : {}),
          },
        });
        return;
      case "ExecutionTimeout":
        this.add("ExecutionTimedOut", at, {
          executionTimedOutEventDetails: {
            error: "States.Timeout",
            cause: "The execution ran longer than the state machine's TimeoutSeconds.",
          },
        });
        return;
      case "MapIterationStarted":
        this.open.set(`iteration:${event.parentState.name}#${event.index}`, {
          type: "MapIteration",
          name: event.parentState.name,
          index: event.index,
        });
        this.add("MapIterationStarted", at, {
          mapIterationStartedEventDetails: { name: event.parentState.name, index: event.index },
        });
        return;
      case "MapIterationSucceeded":
        this.open.delete(`iteration:${event.parentState.name}#${event.index}`);
        this.add("MapIterationSucceeded", at, {
          mapIterationSucceededEventDetails: { name: event.parentState.name, index: event.index },
        });
        return;
      case "MapIterationFailed":
        this.open.delete(`iteration:${event.parentState.name}#${event.index}`);
        this.add("MapIterationFailed", at, {
          mapIterationFailedEventDetails: { name: event.parentState.name, index: event.index },
        });
        return;
      case "ParallelBranchStarted":
      case "ParallelBranchSucceeded":
      case "ParallelBranchFailed":
        return;
      case "StateEntered":
      case "StateExited":
      case "StateFailed":
      case "StateRetried":
      case "StateCaught":
        this.recordState(event, at);
        return;
    }
  }

  private recordState(
    event: Extract<
      EngineEvent,
      { type: "StateEntered" | "StateExited" | "StateFailed" | "StateRetried" | "StateCaught" }
    >,
    at: number,
  ) {
    const { name, type } = event.state;
    const key = `${name}#${event.index ?? ""}`;
    const info = this.states.get(name);
    switch (event.type) {
      case "StateEntered":
        this.failed.delete(key);
        this.open.set(key, { type, name });
        if (type === "Fail") this.lastFail = info;
        if (this.continued === name && event.index === undefined) this.continued = undefined;
        else {
          this.add(`${type}StateEntered` as HistoryEventType, at, {
            stateEnteredEventDetails: { name, input: json(event.state.input), inputDetails: notTruncated },
          });
        }
        if (type === "Map") this.mapStarted(info, event.state.input, at);
        if (type === "Parallel") this.add("ParallelStateStarted", at);
        if (type === "Task") this.taskAttempt(key, info, event.state.input, at);
        return;
      case "StateRetried":
        this.failed.delete(key);
        if (type === "Map") this.mapStarted(info, event.state.input, at);
        if (type === "Parallel") this.add("ParallelStateStarted", at);
        if (type === "Task") this.taskAttempt(key, info, event.state.input, at);
        return;
      case "StateFailed": {
        this.failed.add(key);
        const error = event.Error;
        const cause = text(event.Cause);
        if (type === "Task") this.taskFailed(key, info, error, cause, at);
        if (type === "Map") this.add("MapStateFailed", at);
        if (type === "Parallel") this.add("ParallelStateFailed", at);
        return;
      }
      case "StateCaught":
        return;
      case "StateExited": {
        this.open.delete(key);
        const caught = this.failed.delete(key);
        if (type === "Task") this.taskSucceeded(key, info, event.state.output, at);
        if (type === "Map" && !caught) this.add("MapStateSucceeded", at);
        if (type === "Parallel" && !caught) this.add("ParallelStateSucceeded", at);
        if (type !== "Fail") {
          this.add(`${type}StateExited` as HistoryEventType, at, {
            stateExitedEventDetails: { name, output: json(event.state.output), outputDetails: notTruncated },
          });
        }
        return;
      }
    }
  }

  private mapStarted(info: StateInfo | undefined, input: unknown, at: number) {
    const length = info ? mapItemCount(info.definition, input) : undefined;
    this.add("MapStateStarted", at, { mapStateStartedEventDetails: length === undefined ? {} : { length } });
  }

  private taskAttempt(key: string, info: StateInfo | undefined, stateInput: unknown, at: number) {
    const name = info?.name ?? key.split("#")[0] ?? "";
    const invocation = this.invocations.next(name);
    this.attempts.set(key, invocation);
    const input = json(invocation ? invocation.input : stateInput);
    const timeout = info?.definition.TimeoutSeconds;
    const timeoutInSeconds = typeof timeout === "number" ? { timeoutInSeconds: timeout } : {};
    const task = info?.task;
    if (!task || task.kind === "lambda") {
      this.add("LambdaFunctionScheduled", at, {
        lambdaFunctionScheduledEventDetails: {
          resource: task?.resource ?? "",
          input,
          inputDetails: notTruncated,
          ...timeoutInSeconds,
        },
      });
      this.add("LambdaFunctionStarted", at);
    } else {
      const { resourceType, resource } = task;
      this.add("TaskScheduled", at, {
        taskScheduledEventDetails: {
          resourceType,
          resource,
          region: this.region,
          parameters: input,
          ...timeoutInSeconds,
        },
      });
      this.add("TaskStarted", at, { taskStartedEventDetails: { resourceType, resource } });
    }
  }

  private taskSucceeded(key: string, info: StateInfo | undefined, stateOutput: unknown, at: number) {
    if (!this.attempts.has(key)) return; // already ended (failed and caught)
    const invocation = this.attempts.get(key);
    this.attempts.delete(key);
    this.taskSucceededWith(info, invocation?.status === "succeeded" ? invocation.output : stateOutput, at);
  }

  private taskFailed(key: string, info: StateInfo | undefined, error: string, cause: string, at: number) {
    if (!this.attempts.has(key)) return; // the input could not be prepared: no call was made
    const invocation = this.attempts.get(key);
    this.attempts.delete(key);
    if (invocation?.status === "succeeded" && error !== "States.Timeout") {
      // The function succeeded; the state failed afterwards (ResultSelector, ResultPath...).
      this.taskSucceededWith(info, invocation.output, at);
      return;
    }
    const timedOut = error === "States.Timeout";
    const task = info?.task;
    if (!task || task.kind === "lambda") {
      if (timedOut)
        this.add("LambdaFunctionTimedOut", at, { lambdaFunctionTimedOutEventDetails: { error, cause } });
      else this.add("LambdaFunctionFailed", at, { lambdaFunctionFailedEventDetails: { error, cause } });
    } else {
      const { resourceType, resource } = task;
      if (timedOut) {
        this.add("TaskTimedOut", at, { taskTimedOutEventDetails: { resourceType, resource, error, cause } });
      } else {
        this.add("TaskFailed", at, { taskFailedEventDetails: { resourceType, resource, error, cause } });
      }
    }
  }

  private taskSucceededWith(info: StateInfo | undefined, output: unknown, at: number) {
    const task = info?.task;
    if (!task || task.kind === "lambda") {
      this.add("LambdaFunctionSucceeded", at, {
        lambdaFunctionSucceededEventDetails: { output: json(output), outputDetails: notTruncated },
      });
    } else {
      const { resourceType, resource } = task;
      this.add("TaskSucceeded", at, {
        taskSucceededEventDetails: {
          resourceType,
          resource,
          output: json(output),
          outputDetails: notTruncated,
        },
      });
    }
  }

  /** On abort, AWS closes what was running: innermost (latest) first. */
  private abortOpen(at: number) {
    for (const open of [...this.open.values()].reverse()) {
      if (open.type === "MapIteration") {
        this.add("MapIterationAborted", at, {
          mapIterationAbortedEventDetails: { name: open.name, index: open.index ?? 0 },
        });
      } else if (["Task", "Wait", "Map", "Parallel"].includes(open.type)) {
        this.add(`${open.type}StateAborted` as HistoryEventType, at);
      }
    }
    this.open.clear();
  }
}
