import { type MoneyReconciliation, reconcilePayments } from "#shared/billing/reconcile";
import { reconcileStalledDeletions } from "#shared/deletion/reconcile";
import { logger } from "#shared/logger";
import { reconcileOutbox } from "#shared/mail/reconcile";
import { reconcileStalledRemovals } from "#shared/members/reconcile";
import { reconcileStalledTerminations } from "#shared/termination/reconcile";

/**
 * The reconciler: every half-way state has an owner that finishes it. Run by an EventBridge
 * schedule in AWS (every 5 minutes), by a timer under `npm start`, and by `npm run reconcile`.
 * Each part is idempotent and safe when two runs overlap (every step is conditioned on the state
 * it starts from):
 * - payments (shared/billing/reconcile.ts): charges credited, refunded or closed; withdrawals
 *   paid out or recorded;
 * - workflows whose record says `running` while their execution has ended: marked failed with
 *   the reason, so that their owner (or an operator) can resume them;
 * - outbox items the stream's deliveries left behind (shared/mail/reconcile.ts): asked again.
 */
export interface Reconciliation {
  payments: MoneyReconciliation;
  deletions: { found: number; marked: number; resumed: number };
  terminations: { found: number; marked: number };
  removals: { found: number; marked: number };
  /** Outbox items asked again (shared/mail/reconcile.ts). */
  mails: { requeued: number };
}

/** What a run that did nothing answers (another run held the reconciler's lease). */
export const nothingReconciled: Reconciliation = {
  payments: { settled: 0, refunded: 0, abandoned: 0, paidOut: 0, failed: 0 },
  deletions: { found: 0, marked: 0, resumed: 0 },
  terminations: { found: 0, marked: 0 },
  removals: { found: 0, marked: 0 },
  mails: { requeued: 0 },
};

/** How long a workflow record may show no progress before its execution is looked at. */
export const stalledAfterSeconds = 15 * 60;

export async function reconcile(
  options: { now?: number; stalledAfterSeconds?: number; remainingMs?: () => number } = {},
): Promise<Reconciliation> {
  const olderThanSeconds = options.stalledAfterSeconds ?? stalledAfterSeconds;
  const payments = await reconcilePayments({
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.remainingMs ? { remainingMs: options.remainingMs } : {}),
  });
  const [deletions, terminations, removals, mails] = await Promise.all([
    reconcileStalledDeletions({ olderThanSeconds }),
    reconcileStalledTerminations({ olderThanSeconds }),
    reconcileStalledRemovals({ olderThanSeconds }),
    reconcileOutbox(options.now !== undefined ? { now: options.now * 1000 } : {}),
  ]);
  const result = { payments, deletions, terminations, removals, mails };
  logger.info("reconciliation done", { ...result });
  return result;
}
