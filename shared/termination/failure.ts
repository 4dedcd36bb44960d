import { orgScope, writeAudit } from "#shared/audit";
import { isConditionalCheckFailed, updateItem, write } from "#shared/entity/writes";
import { logger } from "#shared/logger";
import { Product } from "#shared/products/entities";
import { Termination, type TerminationStep, terminationSteps } from "#shared/termination/entities";
import { type TerminationInput, terminationExecution } from "#shared/termination/execution";

/**
 * A termination's failure, recorded the one way whoever finds it: the workflow's Catch
 * (RecordFailure), a new request that finds the execution ended without its Catch running, or
 * the reconciler. The product becomes `termination_failed` (when it was `terminating`), the
 * Termination `failed` with the step and the reason, and an audit entry says so; a new request
 * takes it up again, its tasks skipping what is done.
 */
export async function recordTerminationFailure(
  input: TerminationInput,
  failedStep: TerminationStep,
  reason: string,
  options: { onlyWhileRunning?: boolean } = {},
): Promise<{ failure: { step: string; reason: string; at: string }; marked: boolean }> {
  const now = new Date().toISOString();
  const failure = { step: failedStep, reason, at: now };
  const keyOf = { orgId: input.orgId, productId: input.productId };
  logger.error("termination failed", { productId: input.productId, step: failedStep, reason });
  const unlessConditionFailed = (error: unknown) => {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  };
  // The Termination first when only a running one may be marked: it decides, the product follows.
  const markTermination = () =>
    write(
      updateItem(
        Termination,
        keyOf,
        // `updatedAt` with `status`: the index keys (gsi2) follow both.
        { set: { status: "failed", failure, updatedAt: now } },
        {
          condition: {
            requestId: input.requestId,
            ...(options.onlyWhileRunning ? { status: "running" as const } : {}),
          },
        },
      ),
    ).then(() => true, unlessConditionFailed);
  const markProduct = () =>
    write(
      updateItem(
        Product,
        keyOf,
        { set: { status: "termination_failed", failure, updatedAt: now } },
        { condition: { status: "terminating" } },
      ),
    ).then(() => true, unlessConditionFailed);
  let marked: boolean;
  if (options.onlyWhileRunning) {
    marked = await markTermination();
    if (!marked) return { failure, marked };
    await markProduct();
  } else {
    await markProduct();
    marked = await markTermination();
  }
  await writeAudit(
    orgScope(input.orgId),
    "product.termination_failed",
    undefined,
    { requestId: terminationExecution(input).name },
    { productId: input.productId, ...failure },
  );
  return { failure, marked };
}

/** The step a termination stopped at: the first one not done. */
export function stoppedStep(termination: Termination): TerminationStep {
  const doneAt: Record<TerminationStep, string | undefined> = {
    MarkTerminating: termination.confirmedAt,
    Deprovision: termination.deprovisionedAt,
    ScheduleBackupPurge: termination.backupsScheduledAt,
    MarkTerminated: termination.terminatedAt,
    NotifyAdministrators: termination.notifiedAt,
  };
  return terminationSteps.find((step) => !doneAt[step]) ?? "NotifyAdministrators";
}

/** The readable reason of a termination whose execution ended without its Catch running. */
export const endedExecutionReason = (status: string) =>
  status === "NOT_STARTED"
    ? "WorkflowNotStarted: The termination's workflow never started; ask for the termination again."
    : `WorkflowEnded: The termination's workflow ended (${status}) before the termination finished, without recording why; ask for the termination again.`;

/**
 * A running termination whose execution ended (`executionStatus` says how) without its Catch:
 * recorded as failed at the step it stopped at, as the Catch would have. Only while it still
 * runs this request: answers whether it marked it.
 */
export async function recordEndedExecution(termination: Termination, executionStatus: string) {
  const { marked } = await recordTerminationFailure(
    {
      orgId: termination.orgId,
      productId: termination.productId,
      requestId: termination.requestId,
      requestedBy: termination.requestedBy,
    },
    stoppedStep(termination),
    endedExecutionReason(executionStatus),
    { onlyWhileRunning: true },
  );
  return marked;
}
