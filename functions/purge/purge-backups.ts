import type { Context } from "aws-lambda";
import { purgeDueBackups } from "#shared/backups/purge";

/**
 * The scheduled purge of terminated products' backups (R-T5). Invoked by the EventBridge
 * schedule in AWS, by the timer of `npm start` (local/scheduler.ts) and by
 * `npm run purge-backups`; returns what it did.
 */
export const handler = async (_event?: unknown, context?: Pick<Context, "getRemainingTimeInMillis">) =>
  purgeDueBackups(context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {});
