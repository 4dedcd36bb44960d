import {
  DescribeExecutionCommand,
  type ExecutionListItem,
  type ExecutionStatus,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
} from "@aws-sdk/client-sfn";

/**
 * What operators read of the workflows, through the Step Functions API only (ListStateMachines,
 * ListExecutions, DescribeExecution, GetExecutionHistory), as they would in AWS: the state
 * machines with their executions counted by status, a state machine's executions, and one
 * execution's history folded into a timeline of its states. `npm run executions`
 * (scripts/executions.ts) prints it; the operator console (local/console/server.ts) serves it
 * as JSON to its page. Every answer is plain JSON (dates as ISO strings).
 */

/** The statuses an operator filters on (PENDING_REDRIVE needs a redrive, which nothing here does). */
export const executionStatuses = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"] as const;

export const isExecutionStatus = (value: string): value is ExecutionStatus =>
  (executionStatuses as readonly string[]).includes(value) || value === "PENDING_REDRIVE";

/**
 * A client of the local Step Functions service (`npm start`): AWS_ENDPOINT_URL_SFN, or
 * 127.0.0.1 on STEPFUNCTIONS_PORT (8083).
 */
export function localSfnClient(
  endpoint = process.env.AWS_ENDPOINT_URL_SFN ?? `http://127.0.0.1:${process.env.STEPFUNCTIONS_PORT || 8083}`,
  region = process.env.AWS_REGION ?? "eu-central-2",
): SFNClient {
  return new SFNClient({
    endpoint,
    region,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 2,
  });
}

export interface StateMachineSummary {
  name: string;
  stateMachineArn: string;
  /** Executions per status; statuses without any are absent. */
  counts: Partial<Record<ExecutionStatus, number>>;
  total: number;
  /** False when there were more executions than counted (`countLimit`): the counts are lower bounds. */
  complete: boolean;
}

export interface ExecutionSummary {
  name: string;
  executionArn: string;
  stateMachineArn: string;
  /** The state machine's name, from its ARN. */
  stateMachineName: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  /** Milliseconds from start to stop; absent while running. */
  durationMs?: number;
}

export type StepStatus = "running" | "succeeded" | "caught" | "failed" | "aborted" | "timed-out";
export type AttemptStatus = "running" | "succeeded" | "failed" | "timed-out" | "interrupted";

/** One call of a Task state's resource: its first attempt, or a retry. */
export interface TimelineAttempt {
  /** 1 for the first call, 2 for the first retry... */
  number: number;
  status: AttemptStatus;
  scheduledAt: string;
  endedAt?: string;
  durationMs?: number;
  /** The Lambda function or service resource called. */
  resource?: string;
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
  /** The cause made readable: a Lambda error's `errorMessage`, else the cause itself. */
  causeMessage?: string;
}

/** One entry of a state, from its `*StateEntered` event to its `*StateExited` (or the end). */
export interface TimelineStep {
  /** The id of its `*StateEntered` event: unique in the execution. */
  eventId: number;
  name: string;
  /** Task, Pass, Choice, Wait, Map, Parallel, Succeed, Fail. */
  type: string;
  /**
   * `caught`: the state failed and a Catch went on elsewhere; `failed`: the execution failed in
   * it (an uncaught error, or a Fail state).
   */
  status: StepStatus;
  enteredAt: string;
  exitedAt?: string;
  durationMs?: number;
  input?: string;
  output?: string;
  /** A Task's calls, in order; a Map's or Parallel's runs are not listed. */
  attempts: TimelineAttempt[];
  /** Calls after the first (Retry), or runs of a Map/Parallel after the first. */
  retries: number;
  /** Why it failed: its last call's error, or, for a Fail state, the execution's. */
  error?: string;
  cause?: string;
  causeMessage?: string;
}

export interface ExecutionFailure {
  /** The state where it went wrong: the last one that failed, caught or not (a Fail state only when none did). */
  step?: string;
  stepEventId?: number;
  error?: string;
  cause?: string;
  causeMessage?: string;
}

export interface ExecutionDetail extends ExecutionSummary {
  input?: string;
  output?: string;
  /** The execution's own error and cause (for a Fail state, the ones it declares). */
  error?: string;
  cause?: string;
  causeMessage?: string;
  steps: TimelineStep[];
  /** For an execution that failed, timed out or was aborted. */
  failure?: ExecutionFailure;
  eventCount: number;
}

const iso = (date: Date | undefined) => date?.toISOString();
const millis = (from: Date | undefined, to: Date | undefined) =>
  from && to ? Math.max(0, to.getTime() - from.getTime()) : undefined;

/** Drops undefined members, so the JSON carries only what is known. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}

/**
 * A cause as a person reads it: Lambda reports a function's error as a JSON document
 * (`errorType`, `errorMessage`, `trace`), whose message is what matters.
 */
export function causeMessage(cause: string | undefined): string | undefined {
  if (cause === undefined) return undefined;
  try {
    const parsed = JSON.parse(cause) as unknown;
    if (parsed && typeof parsed === "object" && "errorMessage" in parsed) {
      const message = (parsed as { errorMessage: unknown }).errorMessage;
      if (typeof message === "string") return message;
    }
  } catch {}
  return cause;
}

/** The state machine's name in an execution ARN (`...:execution:<machine>:<name>`). */
const machineNameOf = (executionArn: string) => executionArn.split(":").at(-2) ?? "";

function summaryOf(
  item: Pick<ExecutionListItem, "stateMachineArn" | "status" | "startDate" | "stopDate"> & {
    name?: string;
    executionArn?: string;
  },
): ExecutionSummary {
  const executionArn = item.executionArn ?? "";
  return defined({
    name: item.name ?? "",
    executionArn,
    stateMachineArn: item.stateMachineArn ?? "",
    stateMachineName: machineNameOf(executionArn),
    status: item.status ?? "RUNNING",
    startDate: iso(item.startDate) ?? "",
    stopDate: iso(item.stopDate),
    durationMs: millis(item.startDate, item.stopDate),
  });
}

/** Every state machine, by name. */
export async function listStateMachines(
  client: SFNClient,
): Promise<{ name: string; stateMachineArn: string }[]> {
  const machines: { name: string; stateMachineArn: string }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListStateMachinesCommand({ nextToken, maxResults: 1000 }));
    for (const machine of page.stateMachines ?? []) {
      machines.push({ name: machine.name ?? "", stateMachineArn: machine.stateMachineArn ?? "" });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return machines.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A state machine's executions counted by status: one pass of ListExecutions, at most
 * `countLimit` executions (AWS keeps 90 days of them; a console need not read them all).
 */
export async function countExecutions(
  client: SFNClient,
  stateMachineArn: string,
  countLimit = 10_000,
): Promise<Pick<StateMachineSummary, "counts" | "total" | "complete">> {
  const counts: Partial<Record<ExecutionStatus, number>> = {};
  let total = 0;
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListExecutionsCommand({
        stateMachineArn,
        nextToken,
        maxResults: Math.min(1000, countLimit - total),
      }),
    );
    for (const execution of page.executions ?? []) {
      const status = execution.status ?? "RUNNING";
      counts[status] = (counts[status] ?? 0) + 1;
      total++;
    }
    nextToken = page.nextToken;
  } while (nextToken && total < countLimit);
  return { counts, total, complete: !nextToken };
}

/** Every state machine with its executions counted by status. */
export async function stateMachineSummaries(
  client: SFNClient,
  options: { countLimit?: number } = {},
): Promise<StateMachineSummary[]> {
  const machines = await listStateMachines(client);
  return Promise.all(
    machines.map(async (machine) => ({
      ...machine,
      ...(await countExecutions(client, machine.stateMachineArn, options.countLimit)),
    })),
  );
}

/**
 * The newest executions of one state machine (or of all when `stateMachineArn` is absent),
 * newest first, with that status only if `status` is given. `more` says there are older ones.
 */
export async function listExecutions(
  client: SFNClient,
  options: { stateMachineArn?: string; status?: ExecutionStatus; limit?: number } = {},
): Promise<{ executions: ExecutionSummary[]; more: boolean }> {
  const limit = Math.max(1, Math.min(options.limit ?? 50, 1000));
  const arns = options.stateMachineArn
    ? [options.stateMachineArn]
    : (await listStateMachines(client)).map((machine) => machine.stateMachineArn);
  const pages = await Promise.all(
    arns.map(async (stateMachineArn) => {
      const items: ExecutionListItem[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(
          new ListExecutionsCommand({
            stateMachineArn,
            statusFilter: options.status,
            nextToken,
            maxResults: Math.min(1000, limit + 1 - items.length),
          }),
        );
        items.push(...(page.executions ?? []));
        nextToken = page.nextToken;
      } while (nextToken && items.length <= limit);
      return { items, more: Boolean(nextToken) };
    }),
  );
  const all = pages
    .flatMap((page) => page.items)
    .map(summaryOf)
    .sort((a, b) => b.startDate.localeCompare(a.startDate));
  return {
    executions: all.slice(0, limit),
    more: all.length > limit || pages.some((page) => page.more),
  };
}

/** An execution's whole history, oldest event first. */
export async function readHistory(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** The `...EventDetails` member of an event, whichever it is. */
export function eventDetails(event: HistoryEvent): Record<string, unknown> {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith("EventDetails") && value && typeof value === "object") {
      return value as Record<string, unknown>;
    }
  }
  return {};
}

const stringOf = (value: unknown) => (typeof value === "string" ? value : undefined);

const SCHEDULED = new Set(["LambdaFunctionScheduled", "TaskScheduled", "ActivityScheduled"]);
const STARTED = new Set(["LambdaFunctionStarted", "TaskStarted", "TaskSubmitted", "ActivityStarted"]);
const SUCCEEDED = new Set(["LambdaFunctionSucceeded", "TaskSucceeded", "ActivitySucceeded"]);
const FAILED = new Set([
  "LambdaFunctionFailed",
  "LambdaFunctionScheduleFailed",
  "LambdaFunctionStartFailed",
  "TaskFailed",
  "TaskStartFailed",
  "TaskSubmitFailed",
  "ActivityFailed",
  "ActivityScheduleFailed",
]);
const TIMED_OUT = new Set(["LambdaFunctionTimedOut", "TaskTimedOut", "ActivityTimedOut"]);

interface ExecutionEnd {
  status: "failed" | "aborted" | "timed-out";
  error?: string;
  cause?: string;
}

interface StepDraft {
  step: TimelineStep;
  entered?: Date;
  open: boolean;
  /** The attempt in progress. */
  current?: { attempt: TimelineAttempt; scheduled?: Date };
  /** A Map or Parallel state that reported its failure. */
  branchFailed?: boolean;
  /** A Map's or Parallel's runs (MapStateStarted, ParallelStateStarted). */
  runs?: number;
}

/**
 * Folds an execution's history into the states it went through, in the order they were
 * entered: each with its input and output, its calls (a Retry shows as a failed call followed
 * by a new Scheduled event for the same state), and its error and cause. Events of a Task's
 * calls go to the state their `previousEventId` leads to (AWS links them so), or else to the
 * open Task state they fit (the local service numbers its events in order).
 */
export function foldTimeline(events: HistoryEvent[]): {
  steps: TimelineStep[];
  failure?: ExecutionFailure;
} {
  const drafts: StepDraft[] = [];
  const byEventId = new Map<number, StepDraft>();
  const open = () => drafts.filter((draft) => draft.open);
  let executionEnd: ExecutionEnd | undefined;

  const owner = (event: HistoryEvent, fits: (draft: StepDraft) => boolean): StepDraft | undefined => {
    const linked = event.previousEventId === undefined ? undefined : byEventId.get(event.previousEventId);
    if (linked?.open && fits(linked)) return linked;
    return open()
      .filter(fits)
      .sort((a, b) => (b.entered?.getTime() ?? 0) - (a.entered?.getTime() ?? 0))[0];
  };
  const endAttempt = (
    draft: StepDraft,
    at: Date | undefined,
    status: AttemptStatus,
    details: { output?: string; error?: string; cause?: string },
  ) => {
    const current = draft.current;
    if (!current) return;
    Object.assign(
      current.attempt,
      defined({
        status,
        endedAt: iso(at),
        durationMs: millis(current.scheduled, at),
        output: details.output,
        error: details.error,
        cause: details.cause,
        causeMessage: causeMessage(details.cause),
      }),
    );
    draft.current = undefined;
  };

  for (const event of events) {
    const type = event.type ?? "";
    const details = eventDetails(event);
    const at = event.timestamp;
    let draft: StepDraft | undefined;
    if (type.endsWith("StateEntered")) {
      draft = {
        step: defined({
          eventId: event.id ?? drafts.length,
          name: stringOf(details.name) ?? "",
          type: type.slice(0, -"StateEntered".length),
          status: "running" as StepStatus,
          enteredAt: iso(at) ?? "",
          input: stringOf(details.input),
          attempts: [],
          retries: 0,
        }),
        ...(at ? { entered: at } : {}),
        open: true,
      };
      drafts.push(draft);
    } else if (type.endsWith("StateExited")) {
      const name = stringOf(details.name);
      draft = open().find((candidate) => candidate.step.name === name);
      if (draft) {
        draft.open = false;
        const failed = draft.branchFailed || draft.step.error !== undefined;
        Object.assign(
          draft.step,
          defined({
            status: failed ? "caught" : "succeeded",
            exitedAt: iso(at),
            durationMs: millis(draft.entered, at),
            output: stringOf(details.output),
          }),
        );
      }
    } else if (type.endsWith("StateAborted")) {
      const stateType = type.slice(0, -"StateAborted".length);
      draft = owner(event, (candidate) => candidate.step.type === stateType);
      if (draft) {
        draft.open = false;
        if (draft.current) endAttempt(draft, at, "interrupted", {});
        Object.assign(
          draft.step,
          defined({ status: "aborted", exitedAt: iso(at), durationMs: millis(draft.entered, at) }),
        );
      }
    } else if (SCHEDULED.has(type)) {
      draft = owner(event, (candidate) => candidate.step.type === "Task" && !candidate.current);
      // A call scheduled while another was in progress: the service restarted and called again.
      draft ??= owner(event, (candidate) => candidate.step.type === "Task");
      if (draft) {
        if (draft.current) endAttempt(draft, at, "interrupted", {});
        const attempt: TimelineAttempt = defined({
          number: draft.step.attempts.length + 1,
          status: "running" as AttemptStatus,
          scheduledAt: iso(at) ?? "",
          resource: stringOf(details.resource),
          input: stringOf(details.input) ?? stringOf(details.parameters),
        });
        draft.step.attempts.push(attempt);
        draft.step.retries = draft.step.attempts.length - 1;
        draft.current = { attempt, ...(at ? { scheduled: at } : {}) };
        // A new call: what the last one failed with no longer says how the state ends.
        delete draft.step.error;
        delete draft.step.cause;
        delete draft.step.causeMessage;
      }
    } else if (STARTED.has(type)) {
      draft = owner(event, (candidate) => candidate.step.type === "Task" && Boolean(candidate.current));
    } else if (SUCCEEDED.has(type) || FAILED.has(type) || TIMED_OUT.has(type)) {
      draft = owner(event, (candidate) => candidate.step.type === "Task" && Boolean(candidate.current));
      if (!SUCCEEDED.has(type)) draft ??= owner(event, (candidate) => candidate.step.type === "Task");
      if (draft) {
        const error = stringOf(details.error);
        const cause = stringOf(details.cause);
        if (SUCCEEDED.has(type)) endAttempt(draft, at, "succeeded", { output: stringOf(details.output) });
        else {
          if (!draft.current) {
            // Failed before it was scheduled (ScheduleFailed): an attempt all the same.
            const attempt: TimelineAttempt = {
              number: draft.step.attempts.length + 1,
              status: "running",
              scheduledAt: iso(at) ?? "",
            };
            draft.step.attempts.push(attempt);
            draft.step.retries = draft.step.attempts.length - 1;
            draft.current = { attempt, ...(at ? { scheduled: at } : {}) };
          }
          endAttempt(draft, at, TIMED_OUT.has(type) ? "timed-out" : "failed", defined({ error, cause }));
          Object.assign(draft.step, defined({ error, cause, causeMessage: causeMessage(cause) }));
        }
      }
    } else if (type === "MapStateStarted" || type === "ParallelStateStarted") {
      const stateType = type.slice(0, -"StateStarted".length);
      draft = owner(event, (candidate) => candidate.step.type === stateType);
      if (draft) {
        // Runs of a Map or Parallel are counted, not listed: the attempts list is a Task's calls.
        draft.branchFailed = false;
        draft.runs = (draft.runs ?? 0) + 1;
        draft.step.retries = draft.runs - 1;
      }
    } else if (type === "MapStateFailed" || type === "ParallelStateFailed") {
      const stateType = type.slice(0, -"StateFailed".length);
      draft = owner(event, (candidate) => candidate.step.type === stateType);
      if (draft) draft.branchFailed = true;
    } else if (type === "ExecutionFailed" || type === "ExecutionAborted" || type === "ExecutionTimedOut") {
      const status: ExecutionEnd["status"] =
        type === "ExecutionFailed" ? "failed" : type === "ExecutionAborted" ? "aborted" : "timed-out";
      const end: ExecutionEnd = defined({
        status,
        error: stringOf(details.error),
        cause: stringOf(details.cause),
      });
      executionEnd = end;
      const stillOpen = open();
      for (const [index, candidate] of stillOpen.entries()) {
        candidate.open = false;
        if (candidate.current) endAttempt(candidate, at, "interrupted", {});
        const innermost = index === stillOpen.length - 1;
        const own = candidate.step.error !== undefined || candidate.branchFailed;
        Object.assign(
          candidate.step,
          defined({
            status: status === "failed" && !own && !innermost ? "aborted" : status,
            exitedAt: iso(at),
            durationMs: millis(candidate.entered, at),
          }),
        );
        // The state the execution ended in carries its error when it has none of its own (a Fail state).
        if (innermost && !own && end.error !== undefined) {
          Object.assign(
            candidate.step,
            defined({ error: end.error, cause: end.cause, causeMessage: causeMessage(end.cause) }),
          );
        }
      }
    }
    if (draft && event.id !== undefined) byEventId.set(event.id, draft);
  }

  const steps = drafts.map((draft) => draft.step);
  const end = executionEnd;
  if (!end) return { steps };
  // Where it went wrong: the last state that failed (a Catch may have led on to a Fail state,
  // which only names the outcome), else the state it ended in.
  const latestFirst = [...steps].reverse();
  const failing =
    latestFirst.find(
      (step) => step.type !== "Fail" && ["caught", "failed", "timed-out"].includes(step.status),
    ) ?? latestFirst.find((step) => step.status === end.status);
  const reason = failing?.error !== undefined ? failing : end;
  const failure: ExecutionFailure = defined({
    step: failing?.name,
    stepEventId: failing?.eventId,
    error: reason.error,
    cause: reason.cause,
    causeMessage: causeMessage(reason.cause),
  });
  return { steps, failure };
}

/** One execution: what DescribeExecution says, and its history as a timeline. */
export async function executionDetail(client: SFNClient, executionArn: string): Promise<ExecutionDetail> {
  const [execution, events] = await Promise.all([
    client.send(new DescribeExecutionCommand({ executionArn })),
    readHistory(client, executionArn),
  ]);
  const { steps, failure } = foldTimeline(events);
  const ended = execution.status !== "RUNNING" && execution.status !== "SUCCEEDED";
  return defined({
    ...summaryOf(execution),
    input: execution.input,
    output: execution.output,
    error: execution.error,
    cause: execution.cause,
    causeMessage: causeMessage(execution.cause),
    steps,
    failure: ended ? failure : undefined,
    eventCount: events.length,
  });
}
