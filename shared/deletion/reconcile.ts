import {
  deletionAttempt,
  endedExecutionReason,
  executionStatus,
  failAttempt,
  isLive,
  startDeletionExecution,
} from "#shared/deletion/deletion";
import { deletionsIn, OrganizationDeletion } from "#shared/deletion/entities";
import { Organization } from "#shared/entities";
import { getItem, queryItems } from "#shared/entity/reads";
import { transact } from "#shared/entity/transactions";
import { logger } from "#shared/logger";

/**
 * What a reconciliation run found: deletions whose execution had ended, how many it marked
 * failed, and how many deletions asked for by an account's closing it resumed.
 */
export interface ReconcileResult {
  found: number;
  marked: number;
  resumed: number;
}

/** Attempts the reconciler makes at a deletion nobody is left to resume; past them, operators. */
export const closureDeletionAttempts = 5;

/**
 * R-A7: a deletion asked for by the closing of its last member's account has nobody to ask for
 * it again after a failure (or a crash before its execution started): the reconciler starts its
 * next attempt, up to `closureDeletionAttempts`, then leaves it failed (gsi2 `FAILED#...`, an
 * error in the log) for operators.
 */
async function resumeClosureDeletion(record: OrganizationDeletion): Promise<boolean> {
  if (record.requestedThrough !== "account-closure") return false;
  if (record.attempt >= closureDeletionAttempts) {
    logger.error("deletion after an account's closing failed too often: operators must look", {
      orgId: record.orgId,
      attempt: record.attempt,
      failure: record.failure,
    });
    return false;
  }
  const organization = await getItem(Organization, { orgId: record.orgId }, { consistent: true });
  const started = deletionAttempt({
    orgId: record.orgId,
    existing: record,
    organization,
    organizationName: record.organizationName,
    requester: { userId: record.requestedBy, loginEmail: record.requesterEmail },
    options: record.options,
    origin: {},
    requestedThrough: "account-closure",
  });
  await transact(started.actions);
  await startDeletionExecution(started.record);
  logger.warn("deletion after an account's closing resumed", {
    orgId: record.orgId,
    attempt: started.record.attempt,
  });
  return true;
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
  const result: ReconcileResult = { found: 0, marked: 0, resumed: 0 };
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
  // Failed deletions nobody is left to resume (the ones just marked among them).
  do {
    const page = await queryItems(OrganizationDeletion, deletionsIn("failed", new Date().toISOString()), {
      cursor,
    });
    cursor = page.cursor;
    for (const candidate of page.items) {
      if (candidate.requestedThrough !== "account-closure") continue;
      const record = await getItem(OrganizationDeletion, { orgId: candidate.orgId }, { consistent: true });
      if (record?.status !== "failed") continue;
      try {
        if (await resumeClosureDeletion(record)) result.resumed++;
      } catch (error) {
        // Another run resumed it first (the record's attempt is the condition).
        if ((error as { code?: string }).code !== "CONFLICT") throw error;
      }
    }
  } while (cursor);
  return result;
}
