import { getItem, queryItems } from "#shared/entity/reads";
import { logger } from "#shared/logger";
import { deletionRequestPrefix, Termination, terminationsIn } from "#shared/termination/entities";
import { executionStatus, isLive } from "#shared/termination/execution";
import { recordEndedExecution } from "#shared/termination/failure";

/** What a reconciliation run found: terminations whose execution had ended, and how many it marked failed. */
export interface ReconcileResult {
  found: number;
  marked: number;
}

/**
 * Terminations whose workflow ended without its Catch running (the execution was stopped, or
 * never started) would leave their product `terminating` for ever. Finds the terminations still
 * `running` whose last progress (`updatedAt`) is older than `olderThanSeconds` (gsi2
 * `RUNNING#product-termination`, no scan) and whose execution is no longer RUNNING
 * (DescribeExecution; one that does not exist counts as ended), and records each as failed as
 * the Catch would have: the product `termination_failed`, the Termination `failed` at the step
 * it stopped at with a readable reason, an audit entry. A new request takes the product up
 * again. The terminations an organization's deletion runs itself are its reconciler's.
 * Needs the table (read and write) and DescribeExecution on product-termination.
 */
export async function reconcileStalledTerminations(options: {
  olderThanSeconds: number;
}): Promise<ReconcileResult> {
  const updatedBy = new Date(Date.now() - options.olderThanSeconds * 1000).toISOString();
  const result: ReconcileResult = { found: 0, marked: 0 };
  let cursor: string | undefined;
  do {
    const page = await queryItems(Termination, terminationsIn("running", updatedBy), { cursor });
    cursor = page.cursor;
    for (const candidate of page.items) {
      // The index is eventually consistent: the item itself decides.
      const termination = await getItem(
        Termination,
        { orgId: candidate.orgId, productId: candidate.productId },
        { consistent: true },
      );
      if (
        termination?.status !== "running" ||
        termination.updatedAt > updatedBy ||
        termination.requestId.startsWith(deletionRequestPrefix)
      )
        continue;
      const status = await executionStatus(termination.executionName);
      if (isLive(status)) continue;
      result.found++;
      const marked = await recordEndedExecution(termination, status);
      if (marked) result.marked++;
      logger.warn("stalled product termination", {
        orgId: termination.orgId,
        productId: termination.productId,
        status,
        marked,
      });
    }
  } while (cursor);
  return result;
}
