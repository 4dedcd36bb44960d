import { auditAction, type RequestOrigin } from "#shared/audit";
import { PaymentIntent } from "#shared/billing/entities";
import type { Currency } from "#shared/currency";
import { nowSeconds } from "#shared/db";
import { getItem } from "#shared/entity/reads";
import { transact } from "#shared/entity/transactions";
import { createItem, isConditionalCheckFailed, updateItem, write } from "#shared/entity/writes";
import { errors } from "#shared/errors";
import * as texts from "#shared/i18n/error-texts";
import { logger } from "#shared/logger";
import { PaymentProviderUnavailable, payments } from "#shared/ports/payments";

/**
 * Card charges as write, call, write: the intent is recorded before the payment port is
 * called, the money lands (or goes back) in the same transaction that closes it, and the
 * reconciler finishes any intent whose request died in between (shared/reconciler.ts). So every
 * charge is credited or refunded, whatever stops where.
 */

/** How long the request that opened an intent owns it: longer than a request may run. */
export const intentLeaseSeconds = 120;
/** Closed intents are kept this long (the table's TTL), for operators and audits. */
const closedRetentionSeconds = 400 * 24 * 60 * 60;

export const organizationNotAccepting = () =>
  errors.of(409, "ORGANIZATION_NOT_ACTIVE", texts.organizationGone);

export const paymentUnavailable = () =>
  errors.of(503, "PAYMENT_UNAVAILABLE", texts.paymentUnavailable, {
    headers: { "retry-after": "5" },
  });

export type IntentInput = Pick<
  PaymentIntent,
  "intentId" | "kind" | "orgId" | "amount" | "currency" | "idempotencyKey" | "reference" | "description"
> & { actorUserId?: string | undefined };

/**
 * The intent of a charge, opened (or found: a retried request meets its own) and owned by this
 * request for the lease. An intent the reconciler found never charged (`abandoned`) is opened
 * again: nothing moved, the retry may charge.
 */
export async function openIntent(input: IntentInput): Promise<PaymentIntent> {
  const now = new Date().toISOString();
  const intent: PaymentIntent = {
    ...input,
    ...(input.actorUserId ? { actorUserId: input.actorUserId } : {}),
    status: "pending",
    leaseUntil: nowSeconds() + intentLeaseSeconds,
    createdAt: now,
    updatedAt: now,
  };
  if (!input.actorUserId) delete intent.actorUserId;
  try {
    await write(createItem(PaymentIntent, intent));
    return intent;
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
  const existing = (await getItem(
    PaymentIntent,
    { intentId: input.intentId },
    { consistent: true },
  )) as PaymentIntent;
  if (existing.amount !== input.amount || existing.currency !== input.currency)
    throw errors.conflict(texts.paymentAmountDiffers);
  if (existing.status !== "abandoned") return existing;
  const reopened = {
    status: "pending" as const,
    leaseUntil: nowSeconds() + intentLeaseSeconds,
    updatedAt: now,
  };
  await write(
    updateItem(
      PaymentIntent,
      { intentId: existing.intentId },
      { set: { ...reopened, intentId: existing.intentId }, remove: ["outcome", "expiresAt"] },
      {
        condition: { status: "abandoned" },
        fails: () => errors.conflict(texts.paymentChangedMeanwhile),
      },
    ),
  );
  return { ...existing, ...reopened };
}

/** Charges the intent's card payment; a provider that did not take it is a 503 (nothing moved). */
export async function chargeIntent(intent: PaymentIntent): Promise<string> {
  try {
    const { paymentId } = await payments.charge({
      idempotencyKey: intent.idempotencyKey,
      orgId: intent.orgId,
      amount: intent.amount,
      currency: intent.currency,
      description: intent.description,
    });
    return paymentId;
  } catch (error) {
    if (!(error instanceof PaymentProviderUnavailable)) throw error;
    throw paymentUnavailable();
  }
}

/** The write that closes an intent, for the transaction that lands (or returns) its money. */
export function closeIntentAction(
  intent: Pick<PaymentIntent, "intentId">,
  status: "settled" | "refunded" | "abandoned",
  outcome: string,
  extra: Partial<Pick<PaymentIntent, "paymentId" | "refundId">>,
  fails: () => Error,
) {
  return updateItem(
    PaymentIntent,
    { intentId: intent.intentId },
    {
      set: {
        intentId: intent.intentId,
        status,
        outcome,
        ...extra,
        updatedAt: new Date().toISOString(),
        expiresAt: nowSeconds() + closedRetentionSeconds,
      },
    },
    { condition: { status: "pending" }, fails },
  );
}

/**
 * Gives a charge back through the payment port (idempotent: `refund:<charge key>`) and closes its
 * intent `refunded`, with an audit entry beside the organization's payments (they outlive it).
 */
export async function refundIntent(
  intent: PaymentIntent,
  paymentId: string,
  reason: string,
  origin: RequestOrigin = {},
) {
  const { refundId } = await payments.refund({
    idempotencyKey: `refund:${intent.idempotencyKey}`,
    orgId: intent.orgId,
    paymentId,
    amount: intent.amount,
    currency: intent.currency,
    reason,
  });
  logger.warn("card charge refunded", { intentId: intent.intentId, reason });
  await transact([
    closeIntentAction(intent, "refunded", reason, { paymentId, refundId }, () => new IntentClosed()),
    auditAction(`PAYMENTS#${intent.orgId}`, "payment.refunded", intent.actorUserId, origin, {
      intentId: intent.intentId,
      amount: intent.amount,
      currency: intent.currency as Currency,
      paymentId,
      refundId,
      reason,
    }),
  ]).catch((error: unknown) => {
    // Closed meanwhile by a concurrent run: the refund's key made it the same refund.
    if (!(error instanceof IntentClosed)) throw error;
  });
}

/** The intent was closed by another run (the request and the reconciler raced). */
export class IntentClosed extends Error {}

export async function readIntent(intentId: string) {
  return getItem(PaymentIntent, { intentId }, { consistent: true });
}
