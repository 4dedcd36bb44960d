import type { WorkflowDefinition } from "#functions/workflow-types";
import type { LocalFunctionSpec } from "#local/functions";
import type { LoadedWorkflow } from "#local/stepfunctions/definition";
import type { StoredEvent } from "#local/stepfunctions/history";
import type { ExecutionRecord, ExecutionWriter, ResumeNote } from "#local/stepfunctions/store";

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

export interface Execution {
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

/** What the service's parts share: its configuration, its state machines and its executions. */
export interface ServiceState {
  readonly options: LocalStepFunctionsOptions;
  readonly region: string;
  readonly accountId: string;
  /** `<dataDir>/stepfunctions`; undefined keeps executions in memory only. */
  readonly directory: string | undefined;
  /** By state machine ARN. */
  readonly machines: Map<string, LoadedWorkflow>;
  /** By execution ARN. */
  readonly executions: Map<string, Execution>;
  /** Set by stop(): nothing starts any more, and the runs it halts are not recorded. */
  stopped: boolean;
}
