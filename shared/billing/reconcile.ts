import { auditAction } from "#shared/audit";
import { intentsDue, PaymentIntent, Withdrawal, withdrawalsIn } from "#shared/billing/entities";
import { settleInvoiceCharge } from "#shared/billing/invoices";
import { closeIntentAction, IntentClosed } from "#shared/billing/payment-intents";
import { settleTopUp } from "#shared/billing/prepaid";
import { payOutWithdrawal } from "#shared/billing/withdrawals";
import { nowSeconds } from "#shared/db";
import { type Page, queryItems } from "#shared/entity/reads";
import { transact } from "#shared/entity/transactions";
import { logger } from "#shared/logger";
import { payments } from "#shared/ports/payments";

/** What one pass over the payments left half-way did. */
export interface MoneyReconciliation {
  /** Charged, then credited or paid (the request died before). */
  settled: number;
  /** Charged, and given back: the organization or the invoice no longer takes it. */
  refunded: number;
  /** Never charged: closed, nothing moved. */
  abandoned: number;
  /** Withdrawals debited and now paid out (or found paid out and recorded). */
  paidOut: number;
  /** Left for the next pass (the provider unavailable...). */
  failed: number;
}

const pageSize = 25;

/**
 * Finds every payment left half-way longer than its lease and drives it to its end,
 * idempotently (two passes at once do each thing once: every step is conditioned on the state
 * it starts from, and the provider dedupes by key):
 * - a card charge whose intent is still `pending` past its lease: the provider is asked what it
 *   executed for the key; never charged → closed `abandoned`; charged → credited or paid (or
 *   refunded when its organization or invoice no longer takes it);
 * - a withdrawal `requested` for longer than `withdrawalGraceSeconds`: paid out with its key (a
 *   payout already done is recorded from the provider's first answer), never without its debit.
 */
export async function reconcilePayments(options: {
  now?: number;
  withdrawalGraceSeconds?: number;
  remainingMs?: () => number;
}): Promise<MoneyReconciliation> {
  const now = options.now ?? nowSeconds();
  const result: MoneyReconciliation = { settled: 0, refunded: 0, abandoned: 0, paidOut: 0, failed: 0 };
  const outOfTime = () => (options.remainingMs ? options.remainingMs() < 20_000 : false);

  let cursor: string | undefined;
  do {
    const page: Page<PaymentIntent> = await queryItems(PaymentIntent, intentsDue("pending", now), {
      limit: pageSize,
      cursor,
    });
    for (const intent of page.items) {
      if (outOfTime()) return result;
      try {
        result[await finishIntent(intent)]++;
      } catch (error) {
        result.failed++;
        logger.warn("payment intent left for the next pass", {
          intentId: intent.intentId,
          error: (error as Error).name,
        });
      }
    }
    cursor = page.cursor;
  } while (cursor);

  const requestedBy = new Date((now - (options.withdrawalGraceSeconds ?? 120)) * 1000).toISOString();
  cursor = undefined;
  do {
    const page: Page<Withdrawal> = await queryItems(Withdrawal, withdrawalsIn("requested", requestedBy), {
      limit: pageSize,
      cursor,
    });
    for (const withdrawal of page.items) {
      if (outOfTime()) return result;
      try {
        await payOutWithdrawal(withdrawal.orgId, withdrawal.withdrawalId);
        result.paidOut++;
      } catch (error) {
        result.failed++;
        logger.warn("withdrawal left for the next pass", {
          withdrawalId: withdrawal.withdrawalId,
          error: (error as Error).name,
        });
      }
    }
    cursor = page.cursor;
  } while (cursor);
  return result;
}

async function finishIntent(intent: PaymentIntent): Promise<"settled" | "refunded" | "abandoned"> {
  const charged = intent.paymentId
    ? { paymentId: intent.paymentId }
    : await payments.findCharge({ idempotencyKey: intent.idempotencyKey, orgId: intent.orgId });
  if (!charged) {
    await transact([
      closeIntentAction(intent, "abandoned", "never charged", {}, () => new IntentClosed()),
      auditAction(
        `PAYMENTS#${intent.orgId}`,
        "payment.abandoned",
        undefined,
        {},
        { intentId: intent.intentId },
      ),
    ]).catch((error: unknown) => {
      if (!(error instanceof IntentClosed)) throw error;
    });
    return "abandoned";
  }
  try {
    if (intent.kind !== "top_up") return await settleInvoiceCharge(intent, charged.paymentId);
    await settleTopUp(intent, charged.paymentId);
  } catch (error) {
    // settleTopUp refunds what cannot land and says so.
    if ((error as { code?: string }).code === "ORGANIZATION_NOT_ACTIVE") return "refunded";
    throw error;
  }
  return "settled";
}
