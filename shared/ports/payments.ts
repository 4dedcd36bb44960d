import type { Currency } from "#shared/currency";
import type { Entity } from "#shared/entity";
import { getItem, type ItemRange, queryAll } from "#shared/entity/reads";
import { transact } from "#shared/entity/transactions";
import { createItem, deleteItem, putItem, updateItem, write } from "#shared/entity/writes";
import { isConditionalCheckFailed, newOperationId } from "#shared/idempotency";

/**
 * The port to the payment provider: card charges (top-ups, card orders) and payouts to an IBAN
 * (withdrawals). Payment belongs to another system; the project only talks to it through
 * this interface. Like real providers, both calls take an idempotency key: a second call
 * with the same key returns the first result and moves no money.
 */
export interface ChargeRequest {
  idempotencyKey: string;
  orgId: string;
  amount: number;
  currency: Currency;
  description: string;
}

export interface PayoutRequest {
  idempotencyKey: string;
  orgId: string;
  amount: number;
  currency: Currency;
  iban: string;
  reference: string;
}

/** Gives a card charge back (all of it), e.g. a top-up whose organization no longer takes credits. */
export interface RefundRequest {
  idempotencyKey: string;
  orgId: string;
  paymentId: string;
  amount: number;
  currency: Currency;
  reason: string;
}

export interface PaymentPort {
  charge(request: ChargeRequest): Promise<{ paymentId: string }>;
  payout(request: PayoutRequest): Promise<{ payoutId: string }>;
  refund(request: RefundRequest): Promise<{ refundId: string }>;
  /**
   * What the provider executed for a charge's idempotency key, without charging: how a caller
   * that lost track (a crash between the charge and its record) learns whether money moved.
   */
  findCharge(request: { idempotencyKey: string; orgId: string }): Promise<{ paymentId: string } | undefined>;
}

/**
 * The provider could not be reached or refused for a passing reason: nothing moved, the
 * same call may be retried. Named as the state machines' Retry expects.
 */
export class PaymentProviderUnavailable extends Error {
  override name = "TransientError";
}

type Operation = "charge" | "payout" | "refund";

/** Every call the recording adapter received, with its outcome; per organization, in time order. */
export interface PaymentPortCall {
  orgId: string;
  callId: string;
  operation: Operation;
  idempotencyKey: string;
  amount: number;
  currency: Currency;
  outcome: "executed" | "deduplicated" | "failed";
  resultId?: string;
  at: string;
}
export const PaymentPortCall: Entity<PaymentPortCall, Pick<PaymentPortCall, "orgId" | "callId">> = {
  name: "paymentPortCall",
  key: ({ orgId, callId }) => ({ pk: `PAYMENTS#${orgId}`, sk: `CALL#${callId}` }),
};

/** The provider's own memory of executed operations, by idempotency key: money moves once per key. */
export interface PaymentExecution {
  orgId: string;
  operation: Operation;
  idempotencyKey: string;
  resultId: string;
  amount: number;
  currency: Currency;
  iban?: string;
  at: string;
}
export const PaymentExecution: Entity<
  PaymentExecution,
  Pick<PaymentExecution, "orgId" | "operation" | "idempotencyKey">
> = {
  name: "paymentExecution",
  key: ({ orgId, operation, idempotencyKey }) => ({
    pk: `PAYMENTS#${orgId}`,
    sk: `EXECUTED#${operation}#${idempotencyKey}`,
  }),
};

/**
 * Faults the recording adapter plays, per organization, set by tests or an operator through
 * the adapter's own API (never by production code): the next `n` calls of an operation fail
 * (-1: all of them), and each call may first wait `delayMs`. A crash point (crash tests) stops
 * the next call of `crashOperation` there, once (see `planFaults`).
 */
export interface PaymentFaultPlan {
  orgId: string;
  chargeFailures: number;
  payoutFailures: number;
  delayMs: number;
  crashOperation?: Operation;
  crashPoint?: PaymentCrashPoint;
  /** When a call reached the crash point and stopped there: it is reached once. */
  crashReachedAt?: string;
}

/** Where a call stops: before the provider executes it, or after (executed, never answered). */
export type PaymentCrashPoint = "before" | "after";
export const PaymentFaultPlan: Entity<PaymentFaultPlan, Pick<PaymentFaultPlan, "orgId">> = {
  name: "paymentFaultPlan",
  key: ({ orgId }) => ({ pk: `PAYMENTS#${orgId}`, sk: "FAULTS" }),
};

/** The calls recorded for an organization, in time order (call ids start with their time). */
const paymentCallsOf = (orgId: string): ItemRange => ({
  partition: `PAYMENTS#${orgId}`,
  beginsWith: "CALL#",
});

const failuresField = {
  charge: "chargeFailures",
  payout: "payoutFailures",
  refund: "payoutFailures",
} as const;

/** Consumes one planned failure of the operation, if any; true when this call must fail. */
async function plannedFailure(plan: PaymentFaultPlan | undefined, operation: Operation): Promise<boolean> {
  if (!plan) return false;
  const { orgId } = plan;
  if (plan.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.delayMs));
  const field = failuresField[operation];
  if (plan[field] < 0) return true;
  if (plan[field] === 0) return false;
  try {
    await write(
      updateItem(
        PaymentFaultPlan,
        { orgId },
        { add: { [field]: -1 } },
        { condition: { [field]: { gt: 0 } } },
      ),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

/**
 * Stops this call at the plan's crash point when it is the first to reach it (the point is taken
 * with a conditional write, so one call stops there, in whatever process): it never answers, and
 * the crash test kills the process while it waits. Nothing kills it otherwise: its function's
 * timeout ends it.
 */
async function stopAtCrashPoint(plan: PaymentFaultPlan | undefined, operation: Operation) {
  if (plan?.crashOperation !== operation || plan.crashReachedAt !== undefined) return;
  try {
    await write(
      updateItem(
        PaymentFaultPlan,
        { orgId: plan.orgId },
        { set: { crashReachedAt: new Date().toISOString() } },
        { condition: { crashOperation: operation, crashReachedAt: { exists: false } } },
      ),
    );
  } catch (error) {
    if (isConditionalCheckFailed(error)) return;
    throw error;
  }
  await new Promise<never>(() => {});
}

/** The operation's idempotency key was executed before. */
class AlreadyExecuted extends Error {}

async function record(
  operation: Operation,
  request: { idempotencyKey: string; orgId: string; amount: number; currency: Currency; iban?: string },
): Promise<string> {
  const call = {
    orgId: request.orgId,
    callId: newOperationId(),
    operation,
    idempotencyKey: request.idempotencyKey,
    amount: request.amount,
    currency: request.currency,
    at: new Date().toISOString(),
  };
  const plan = await getItem(PaymentFaultPlan, { orgId: request.orgId }, { consistent: true });
  // A crash test's crash point (planFaults' `crash`): without one planned, both checks pass by.
  const crashAt = plan?.crashPoint;
  if (crashAt === "before") await stopAtCrashPoint(plan, operation);
  if (await plannedFailure(plan, operation)) {
    await write(createItem(PaymentPortCall, { ...call, outcome: "failed" }));
    throw new PaymentProviderUnavailable(`the payment provider did not answer the ${operation}`);
  }
  const resultId = await execute(operation, request, call);
  if (crashAt === "after") await stopAtCrashPoint(plan, operation);
  return resultId;
}

/** Executes the operation once per idempotency key, as a provider does; a repeated key answers the first result. */
async function execute(
  operation: Operation,
  request: { idempotencyKey: string; orgId: string; amount: number; currency: Currency; iban?: string },
  call: Omit<PaymentPortCall, "outcome" | "resultId">,
): Promise<string> {
  const resultId = `${{ charge: "pay", payout: "po", refund: "re" }[operation]}_${newOperationId()}`;
  try {
    await transact([
      createItem(
        PaymentExecution,
        {
          orgId: request.orgId,
          operation,
          idempotencyKey: request.idempotencyKey,
          resultId,
          amount: request.amount,
          currency: request.currency,
          ...(request.iban ? { iban: request.iban } : {}),
          at: call.at,
        },
        { fails: () => new AlreadyExecuted() },
      ),
      createItem(PaymentPortCall, { ...call, outcome: "executed", resultId }),
    ]);
    return resultId;
  } catch (error) {
    // Canceled: the key was executed before, or a concurrent call with it is being recorded.
    const canceled = error instanceof AlreadyExecuted || (error as { code?: string }).code === "CONFLICT";
    if (!canceled) throw error;
  }
  // Seen before: answer the first result, move nothing.
  const first = await getItem(
    PaymentExecution,
    { orgId: request.orgId, operation, idempotencyKey: request.idempotencyKey },
    { consistent: true },
  );
  if (!first) throw new PaymentProviderUnavailable("the payment provider lost track of an operation");
  if (first.amount !== request.amount || first.currency !== request.currency) {
    throw new Error(`idempotency key ${request.idempotencyKey} was used for another ${operation}`);
  }
  await write(createItem(PaymentPortCall, { ...call, outcome: "deduplicated", resultId: first.resultId }));
  return first.resultId;
}

/**
 * The adapter used locally and in tests (and, until a provider is contracted, the only one):
 * it moves no money, records each call as an item so tests and operators can see and count
 * them, dedupes by idempotency key as a provider does, and plays the fault plan.
 */
export const recordingPayments = {
  async charge(request: ChargeRequest) {
    return { paymentId: await record("charge", request) };
  },
  async payout(request: PayoutRequest) {
    return { payoutId: await record("payout", request) };
  },
  async refund(request: RefundRequest) {
    return { refundId: await record("refund", request) };
  },
  async findCharge(request: { idempotencyKey: string; orgId: string }) {
    const executed = await getItem(
      PaymentExecution,
      { orgId: request.orgId, operation: "charge", idempotencyKey: request.idempotencyKey },
      { consistent: true },
    );
    return executed ? { paymentId: executed.resultId } : undefined;
  },
  /**
   * Plans faults for an organization's next calls (replaces any earlier plan). `crash` is a
   * crash point for crash tests: the next call of the operation stops `before` the provider
   * executes it, or `after` (executed, its answer never returned), and never answers, so that
   * the process is killed with the call there (`crashReached` tells when a call got there).
   */
  async planFaults(
    orgId: string,
    plan: {
      charge?: number | "always";
      payout?: number | "always";
      delayMs?: number;
      crash?: { operation: Operation; point: PaymentCrashPoint };
    },
  ) {
    const count = (value: number | "always" | undefined) => (value === "always" ? -1 : (value ?? 0));
    await write(
      putItem(PaymentFaultPlan, {
        orgId,
        chargeFailures: count(plan.charge),
        payoutFailures: count(plan.payout),
        delayMs: plan.delayMs ?? 0,
        ...(plan.crash ? { crashOperation: plan.crash.operation, crashPoint: plan.crash.point } : {}),
      }),
    );
  },
  /** When a call stopped at the organization's crash point; undefined while none has. */
  async crashReached(orgId: string) {
    return (await getItem(PaymentFaultPlan, { orgId }, { consistent: true }))?.crashReachedAt;
  },
  async clearFaults(orgId: string) {
    await write(deleteItem(PaymentFaultPlan, { orgId }));
  },
  /** The calls received for an organization, oldest first. */
  async calls(orgId: string) {
    return queryAll(PaymentPortCall, paymentCallsOf(orgId));
  },
} satisfies PaymentPort & Record<string, unknown>;

/** The port the domain uses. A real provider's adapter plugs in here, chosen by configuration. */
export const payments: PaymentPort = recordingPayments;
