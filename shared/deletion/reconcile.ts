import { endedExecutionReason, executionStatus, failAttempt, isLive } from "#shared/deletion/deletion";
import { deletionsIn, OrganizationDeletion } from "#shared/deletion/entities";
import { getItem, queryItems } from "#shared/entity";
import { logger } from "#shared/logger";

/** What a reconciliation run found: deletions whose execution had ended, and how many it marked failed. */
export interface ReconcileResult {
  found: number;
  marked: number;
}

/**
 * R-D6 for deletions whose workflow ended without its Catch running (the execution was stopped,
 * timed out past any Catch, or never started): they would say `running` for ever. Finds the
 * deletions still `running` whose last progress (`updatedAt`) is older than `olderThanSeconds`
 * (gsi2 `RUNNING#organization-deletion`, no scan) and whose execution is no longer RUNNING
 * (DescribeExecution; one that does not exist counts as ended), and records each as failed as
 * the Catch would have: the step it stopped at failed with a readable reason, the organization
 * (if it still exists) `deletion_failed`, an audit entry. A new request by the requester
 * resumes it. Needs the table (read and write) and DescribeExecution on organization-deletion.
 */
export async function reconcileStalledDeletions(options: {
  olderThanSeconds: number;
}): Promise<ReconcileResult> {
  const updatedBy = new Date(Date.now() - options.olderThanSeconds * 1000).toISOString();
  const result: ReconcileResult = { found: 0, marked: 0 };
  let cursor: string | undefined;
  do {
    const page = await queryItems(OrganizationDeletion, deletionsIn("running", updatedBy), { cursor });
    cursor = page.cursor;
    for (const candidate of page.items) {
      // The index is eventually consistent: the record itself decides.
      const record = await getItem(OrganizationDeletion, { orgId: candidate.orgId }, { consistent: true });
      if (record?.status !== "running" || record.updatedAt > updatedBy) continue;
      const status = await executionStatus(record.executionArn);
      if (isLive(status)) continue;
      result.found++;
      const marked = await failAttempt(record, endedExecutionReason(status), { audit: true });
      if (marked) result.marked++;
      logger.warn("stalled organization deletion", {
        orgId: record.orgId,
        attempt: record.attempt,
        status,
        marked,
      });
    }
  } while (cursor);
  return result;
}
