import type { Context } from "aws-lambda";
import { purgeDueBackups } from "#shared/backups/purge";
import { publishCounts } from "#shared/metrics";

/**
 * The scheduled purge of terminated products' backups (R-T5). Invoked by the EventBridge
 * schedule in AWS, by the timer of `npm start` (local/scheduler.ts) and by
 * `npm run purge-backups`; returns what it did, and counts it as metrics (the dashboard's).
 */
export const handler = async (_event?: unknown, context?: Pick<Context, "getRemainingTimeInMillis">) => {
  const result = await purgeDueBackups(
    context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {},
  );
  publishCounts("purge", {
    BackupsPurged: result.purged,
    BackupsFailed: result.failed,
    BackupsSkipped: result.skipped,
  });
  return result;
};
