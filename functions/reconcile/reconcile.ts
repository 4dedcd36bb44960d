import type { Context } from "aws-lambda";
import { publishCounts } from "#shared/metrics";
import { reconcile } from "#shared/reconciler";

/**
 * The scheduled reconciler (shared/reconciler.ts): invoked by the EventBridge schedule in AWS,
 * by the timer of `npm start` and by `npm run reconcile`; returns what it did.
 */
export const handler = async (_event?: unknown, context?: Pick<Context, "getRemainingTimeInMillis">) => {
  const result = await reconcile(context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {});
  const counts: Record<string, number> = {
    ChargesSettled: result.payments.settled,
    ChargesRefunded: result.payments.refunded,
    ChargesAbandoned: result.payments.abandoned,
    WithdrawalsPaidOut: result.payments.paidOut,
    PaymentsLeftForNextRun: result.payments.failed,
    DeletionsMarkedFailed: result.deletions.marked,
    DeletionsResumed: result.deletions.resumed,
    TerminationsMarkedFailed: result.terminations.marked,
    RemovalsMarkedFailed: result.removals.marked,
  };
  // Each run's counts, as CloudWatch metrics (EMF): operators see what the reconciler had to finish.
  publishCounts("reconciler", counts);
  return result;
};
