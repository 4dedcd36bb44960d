import { auditAction, orgScope, type RequestOrigin, userScope } from "#shared/audit";
import {
  deletionAttempt,
  deletionView,
  endedExecutionReason,
  executionStatus,
  failAttempt,
  findPrerequisites,
  isLive,
  prerequisiteNames,
  startDeletionExecution,
  unmetPrerequisites,
} from "#shared/deletion/deletion";
import { OrganizationDeletion } from "#shared/deletion/entities";
import { Organization, User } from "#shared/entities";
import { getItem } from "#shared/entity/reads";
import { transact } from "#shared/entity/transactions";
import { errors } from "#shared/errors";
import { message } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import { logger } from "#shared/logger";

const noDeletion = () => errors.of(404, "DELETION_NOT_FOUND", texts.deletionNotFound);

const notFailed = (status: string) =>
  errors.of(
    409,
    "DELETION_NOT_FAILED",
    status === "running" ? texts.deletionRunning : texts.deletionSucceeded,
    {
      extensions: { deletionStatus: status },
    },
  );

/**
 * An operator resumes a failed organization deletion (issue 15, item 8) as its owner's new
 * request would (R-D6): a new attempt under its own execution, the steps finished before kept
 * (their tasks are idempotent anyway), the same options (R-D2), the same requester, who gets the
 * confirmation at their login address (the one the record keeps once their account is gone), and
 * the prerequisites the options leave unmet refused the same way (409 PREREQUISITES_NOT_MET) while
 * the organization exists. A deletion asked for by an account's closing (R-A7) stays one: the
 * reconciler's attempts and this one count alike. An attempt whose record says `running` while its
 * execution has ended (stopped, never started) is recorded failed first, as the owner's request
 * does; a live one, or a deletion that succeeded, is 409 DELETION_NOT_FAILED; none, 404. The
 * audit log says an operator did it, beside the attempt's own entry.
 */
export async function resumeDeletion(orgId: string, origin: RequestOrigin) {
  let record = await getItem(OrganizationDeletion, { orgId }, { consistent: true });
  if (!record) throw noDeletion();
  if (record.status === "running") {
    const status = await executionStatus(record.executionArn);
    if (isLive(status)) throw notFailed("running");
    await failAttempt(record, endedExecutionReason(status), { audit: true });
    record = await getItem(OrganizationDeletion, { orgId }, { consistent: true });
    if (!record) throw noDeletion();
  }
  if (record.status !== "failed") throw notFailed(record.status);
  const [organization, requester] = await Promise.all([
    getItem(Organization, { orgId }, { consistent: true }),
    getItem(User, { userId: record.requestedBy }),
  ]);
  if (organization) {
    const unmet = unmetPrerequisites(await findPrerequisites(orgId, record.requestedBy), record.options);
    if (unmet.length) {
      const prerequisites = unmet.map((item) => prerequisiteNames[item.prerequisite]);
      throw errors.of(
        409,
        "PREREQUISITES_NOT_MET",
        message(texts.deletionPrerequisitesForResume, { prerequisites }),
        {
          extensions: { unmet },
        },
      );
    }
  }
  const started = deletionAttempt({
    orgId,
    existing: record,
    organization,
    organizationName: record.organizationName,
    requester: { userId: record.requestedBy, loginEmail: requester?.loginEmail ?? record.requesterEmail },
    options: record.options,
    origin,
    ...(record.requestedThrough ? { requestedThrough: record.requestedThrough } : {}),
  });
  await transact([
    ...started.actions,
    auditAction(
      organization ? orgScope(orgId) : userScope(record.requestedBy),
      "organization.deletion_resumed_by_operator",
      undefined,
      origin,
      {
        orgId,
        attempt: started.record.attempt,
        ...(record.failure
          ? { previousFailure: { step: record.failure.step, reason: record.failure.reason } }
          : {}),
      },
    ),
  ]);
  await startDeletionExecution(started.record);
  logger.warn("failed organization deletion resumed by an operator", {
    orgId,
    attempt: started.record.attempt,
  });
  return deletionView(started.record);
}
