import type { Context } from "aws-lambda";
import { type PurgeResult, purgeDueBackups } from "#shared/backups/purge";
import { functionTimeoutSeconds } from "#shared/function-access";
import { withJobLease } from "#shared/job-lease";
import { publishCounts } from "#shared/metrics";
import { newId } from "#shared/tokens";

/**
 * The scheduled purge of terminated products' backups (R-T5). Invoked by the EventBridge
 * schedule in AWS, by the timer of `npm start` (local/scheduler.ts) and by
 * `npm run purge-backups`; returns what it did, and counts it as metrics (the dashboard's). One
 * run at a time (shared/job-lease.ts); each backup is claimed besides, so even runs that met
 * would purge it once.
 */
export const handler = async (
  _event?: unknown,
  context?: Pick<Context, "getRemainingTimeInMillis">,
): Promise<PurgeResult & { leaseHeld?: true }> => {
  const leased = await withJobLease("purge", functionTimeoutSeconds.job, () =>
    purgeDueBackups(context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {}),
  );
  if (!leased.ran) return { runId: newId(), purged: 0, failed: 0, skipped: 0, leaseHeld: true };
  const result = leased.result;
  publishCounts("purge", {
    BackupsPurged: result.purged,
    BackupsFailed: result.failed,
    BackupsSkipped: result.skipped,
  });
  return result;
};
