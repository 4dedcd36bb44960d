import { unlessConditionFailed } from "#shared/termination/conditions";
import { PortCall, PortFault } from "#shared/termination/entities";
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
  error?: string | undefined;
}

export function recordingPort(port: string) {
  /** Uses up one planned failure of this call, if any, atomically (two calls never take the same one). */
  async function plannedFailure(operation: string, subject: string): Promise<PortError | undefined> {
    const { data: plan } = await PortFault.get({ port, operation, subject }).go({ consistent: true });
    if (!plan || plan.remaining === 0) return undefined;
    if (plan.remaining > 0) {
      const taken = await PortFault.patch({ port, operation, subject })
        .subtract({ remaining: 1 })
        .where((attribute, op) => op.gt(attribute.remaining, 0))
        .go()
        .then(() => true, unlessConditionFailed);
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
      const record = {
        port,
        operation,
        subject,
        at: new Date().toISOString(),
        callId: newId(),
        ...(idempotencyKey ? { idempotencyKey } : {}),
      };
      if (failure) {
        await PortCall.create({
          ...record,
          outcome: "failed",
          error: `${failure.name}: ${failure.message}`,
        }).go();
        throw failure;
      }
      const result = await perform();
      await PortCall.create({ ...record, outcome: "succeeded" }).go();
      return result;
    },

    /** Plans failures of `operation` on `subject` (tests, drills). */
    async failNext(operation: string, subject: string, plan: FaultPlan = {}) {
      const times = plan.times ?? 1;
      await PortFault.put({
        port,
        operation,
        subject,
        remaining: times === "always" ? -1 : times,
        errorName: plan.errorName ?? transientErrorName,
        message: plan.message ?? `${port} ${operation} failed (planned fault)`,
      }).go();
    },

    async clearFaults(operation: string, subject: string) {
      await PortFault.delete({ port, operation, subject }).go();
    },

    /** The recorded calls about one subject, oldest first. */
    async calls(subject: string, operation?: string): Promise<PortCallRecord[]> {
      const { data } = await PortCall.query.bySubject({ port, subject }).go({ pages: "all" });
      return data
        .filter((call) => operation === undefined || call.operation === operation)
        .map((call) => ({
          operation: call.operation,
          subject: call.subject,
          at: call.at,
          idempotencyKey: call.idempotencyKey,
          outcome: call.outcome,
          error: call.error,
        }));
    },
  };
}

export type RecordingPort = ReturnType<typeof recordingPort>;
