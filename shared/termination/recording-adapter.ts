import { getItem, queryAll } from "#shared/entity/reads";
import { createItem, deleteItem, putItem, updateItem, write } from "#shared/entity/writes";
import { unlessConditionFailed } from "#shared/termination/conditions";
import { PortCall, PortFault, portCallsAbout } from "#shared/termination/entities";
import { newId } from "#shared/tokens";

/**
 * What the recording adapters of the provisioning and backup-store ports share: every call is
 * written as a PortCall item (tests and operators count them), and a fault plan kept in the
 * table (PortFault, set through the adapter's own `failNext`) makes chosen calls fail. Nothing
 * in a handler knows about faults: they live in the data the adapter reads.
 */

/** An outside system's failure; `name` is what the state machines' Retry and Catch match. */
export class PortError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** The error name of a failure worth retrying (the state machines retry it). */
export const transientErrorName = "TransientError";

export interface FaultPlan {
  /** How many calls fail; "always" until cleared. @default 1 */
  times?: number | "always";
  /** @default "TransientError" */
  errorName?: string;
  message?: string;
}

export interface PortCallRecord {
  operation: string;
  subject: string;
  at: string;
  idempotencyKey?: string | undefined;
  outcome: "succeeded" | "failed";
  /** The key had succeeded before: recorded, and marked, so a duplicate call is never invisible. */
  repeat?: boolean | undefined;
  error?: string | undefined;
}

/** The longest a held call waits. */
const maxHoldMs = 30_000;

export function recordingPort(port: string) {
  /** Uses up one planned failure of this call, if any, atomically (two calls never take the same one). */
  async function plannedFailure(operation: string, subject: string): Promise<PortError | undefined> {
    let plan = await getItem(PortFault, { port, operation, subject }, { consistent: true });
    // A hold: the call waits until it is lifted (a slow provider), at most `maxHoldMs`.
    for (const deadline = Date.now() + maxHoldMs; plan?.hold && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      plan = await getItem(PortFault, { port, operation, subject }, { consistent: true });
    }
    if (!plan || plan.hold || plan.remaining === 0) return undefined;
    if (plan.remaining > 0) {
      const taken = await write(
        updateItem(
          PortFault,
          { port, operation, subject },
          { add: { remaining: -1 } },
          { condition: { remaining: { gt: 0 } } },
        ),
      ).then(() => true, unlessConditionFailed);
      if (!taken) return undefined;
    }
    return new PortError(plan.errorName, plan.message);
  }

  return {
    /**
     * Runs one call of the outside system: a planned failure, or `perform`; either way the
     * call is recorded.
     */
    async call<T>(
      operation: string,
      subject: string,
      idempotencyKey: string | undefined,
      perform: () => Promise<T> | T,
    ): Promise<T> {
      const failure = await plannedFailure(operation, subject);
      const record: Omit<PortCall, "outcome"> = {
        port,
        operation,
        subject,
        at: new Date().toISOString(),
        callId: newId(),
        ...(idempotencyKey ? { idempotencyKey } : {}),
      };
      if (failure) {
        await write(
          createItem(PortCall, {
            ...record,
            outcome: "failed",
            error: `${failure.name}: ${failure.message}`,
          }),
        );
        throw failure;
      }
      // A provider dedupes by key: a key that succeeded before does nothing again, and the call
      // is recorded as a repeat, so tests see every call the domain made.
      const repeat =
        idempotencyKey !== undefined &&
        (await queryAll(PortCall, portCallsAbout(port, subject), { consistent: true })).some(
          (earlier) => earlier.idempotencyKey === idempotencyKey && earlier.outcome === "succeeded",
        );
      const result = await perform();
      await write(createItem(PortCall, { ...record, outcome: "succeeded", ...(repeat ? { repeat } : {}) }));
      return result;
    },

    /** Plans failures of `operation` on `subject` (tests, drills). */
    async failNext(operation: string, subject: string, plan: FaultPlan = {}) {
      const times = plan.times ?? 1;
      await write(
        putItem(PortFault, {
          port,
          operation,
          subject,
          remaining: times === "always" ? -1 : times,
          errorName: plan.errorName ?? transientErrorName,
          message: plan.message ?? `${port} ${operation} failed (planned fault)`,
        }),
      );
    },

    /**
     * Holds the calls of `operation` on `subject`: they wait (at most 30 s) until `clearFaults`,
     * then go on; a test can stop a workflow while one of its tasks waits.
     */
    async hold(operation: string, subject: string) {
      await write(
        putItem(PortFault, {
          port,
          operation,
          subject,
          remaining: 0,
          hold: true,
          errorName: transientErrorName,
          message: `${port} ${operation} held`,
        }),
      );
    },

    async clearFaults(operation: string, subject: string) {
      await write(deleteItem(PortFault, { port, operation, subject }));
    },

    /** The recorded calls about one subject, oldest first. */
    async calls(subject: string, operation?: string): Promise<PortCallRecord[]> {
      const calls = await queryAll(PortCall, portCallsAbout(port, subject));
      return calls
        .filter((call) => operation === undefined || call.operation === operation)
        .map((call) => ({
          operation: call.operation,
          subject: call.subject,
          at: call.at,
          idempotencyKey: call.idempotencyKey,
          outcome: call.outcome,
          repeat: call.repeat,
          error: call.error,
        }));
    },
  };
}

export type RecordingPort = ReturnType<typeof recordingPort>;
