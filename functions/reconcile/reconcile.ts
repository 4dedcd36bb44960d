import type { Context } from "aws-lambda";
import { functionTimeoutSeconds } from "#shared/function-access";
import { withJobLease } from "#shared/job-lease";
import { publishCounts } from "#shared/metrics";
import { nothingReconciled, type Reconciliation, reconcile } from "#shared/reconciler";

/**
 * The scheduled reconciler (shared/reconciler.ts): invoked by the EventBridge schedule in AWS,
 * by the timer of `npm start` and by `npm run reconcile`; returns what it did. One run at a time
 * (shared/job-lease.ts): a run that finds another under way does nothing and says so.
 */
export const handler = async (
  _event?: unknown,
  context?: Pick<Context, "getRemainingTimeInMillis">,
): Promise<Reconciliation & { leaseHeld?: true }> => {
  const leased = await withJobLease("reconciler", functionTimeoutSeconds.job, () =>
    reconcile(context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {}),
  );
  if (!leased.ran) return { ...nothingReconciled, leaseHeld: true };
  const result = leased.result;
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
    MailsRequeued: result.mails.requeued,
  };
  // Each run's counts, as CloudWatch metrics (EMF): operators see what the reconciler had to finish.
  publishCounts("reconciler", counts);
  return result;
};
