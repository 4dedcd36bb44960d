import { getItem, queryItems } from "#shared/entity/reads";
import { logger } from "#shared/logger";
import { recordRemovalFailure } from "#shared/members/removal-steps";
import { endedExecutionReason, executionStatus, isLive } from "#shared/members/removals";
import { MemberRemoval, removalsIn } from "#shared/organizations/entities";

/** What a reconciliation run found: removals whose execution had ended, and how many it marked failed. */
export interface ReconcileResult {
  found: number;
  marked: number;
}

/**
 * Member removals whose workflow ended without its Catch running (the execution was stopped, or
 * never started) would hold their member (the active-removal guard, the legal representative
 * count) for ever. Finds the removals still `running` whose last progress (`updatedAt`) is older
 * than `olderThanSeconds` (gsi2 `RUNNING#member-removal`, no scan) and whose execution is no
 * longer RUNNING (DescribeExecution; one that does not exist counts as ended), and records each
 * as failed as the Catch would have: the step it stopped at failed with a readable reason, the
 * member stays and is released, the legal representative count given back, an audit entry
 * (`member.removal_failed`). Asking for the removal again takes it up.
 * Needs the table (read and write) and DescribeExecution on member-removal.
 */
export async function reconcileStalledRemovals(options: {
  olderThanSeconds: number;
}): Promise<ReconcileResult> {
  const updatedBy = new Date(Date.now() - options.olderThanSeconds * 1000).toISOString();
  const result: ReconcileResult = { found: 0, marked: 0 };
  let cursor: string | undefined;
  do {
    const page = await queryItems(MemberRemoval, removalsIn("running", updatedBy), { cursor });
    cursor = page.cursor;
    for (const candidate of page.items) {
      const ref = { orgId: candidate.orgId, removalId: candidate.removalId };
      // The index is eventually consistent: the record itself decides.
      const removal = await getItem(MemberRemoval, ref, { consistent: true });
      if (removal?.status !== "running" || removal.updatedAt > updatedBy) continue;
      const status = await executionStatus(removal.executionArn);
      if (isLive(status)) continue;
      result.found++;
      const marked = await recordRemovalFailure(ref, undefined, endedExecutionReason(status));
      if (marked) result.marked++;
      logger.warn("stalled member removal", { ...ref, status, marked });
    }
  } while (cursor);
  return result;
}
