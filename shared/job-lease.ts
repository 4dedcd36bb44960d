import { randomUUID } from "node:crypto";
import type { Entity } from "#shared/entity";
import { deleteItem, isConditionalCheckFailed, putItem, write } from "#shared/entity/writes";

/**
 * One run of a scheduled job at a time. EventBridge Scheduler delivers at least once and retries
 * a failed run; `npm run reconcile` can start a run beside the timer's: every run takes the job's
 * lease first (a conditional write) and a run that finds it held by another does nothing. The
 * lease expires on its own when a run dies holding it, at the latest when the job's function
 * would have timed out.
 */
export interface JobLease {
  job: string;
  runId: string;
  /** Epoch seconds: free again from then on, whatever became of the run. */
  leasedUntil: number;
  /** Epoch seconds: the table's TTL removes a lease nobody released. */
  expiresAt: number;
}
export const JobLease: Entity<JobLease, Pick<JobLease, "job">> = {
  name: "jobLease",
  key: ({ job }) => ({ pk: `JOB#${job}`, sk: "LEASE" }),
};

export type LeasedRun<T> = { ran: true; result: T } | { ran: false; heldBy: string };

/**
 * Runs `run` under the job's lease of `leaseSeconds`, or not at all when another run holds it.
 * The lease is released when `run` ends, whether it succeeded or threw.
 */
export async function withJobLease<T>(
  job: string,
  leaseSeconds: number,
  run: () => Promise<T>,
  now = () => Math.floor(Date.now() / 1000),
): Promise<LeasedRun<T>> {
  const runId = randomUUID();
  const start = now();
  try {
    await write(
      putItem(
        JobLease,
        { job, runId, leasedUntil: start + leaseSeconds, expiresAt: start + leaseSeconds + 86_400 },
        { condition: { $or: [{ $exists: false }, { leasedUntil: { lte: start } }] } },
      ),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    return { ran: false, heldBy: "another run" };
  }
  try {
    return { ran: true, result: await run() };
  } finally {
    await write(deleteItem(JobLease, { job }, { condition: { runId } })).catch((error: unknown) => {
      // Taken over after it expired: the other run's lease stays.
      if (!isConditionalCheckFailed(error)) throw error;
    });
  }
}
