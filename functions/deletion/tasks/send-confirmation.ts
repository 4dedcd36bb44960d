import { loadDeletion, markStep } from "#shared/deletion/deletion";
import { OrganizationDeletion } from "#shared/deletion/entities";
import { User } from "#shared/entities";
import { getItem } from "#shared/entity/reads";
import { isConditionalCheckFailed, updateItem, write } from "#shared/entity/writes";
import { mailAction } from "#shared/mail/outbox";

/**
 * R-D5: the final confirmation once the organization is gone; the deletion ends `succeeded`.
 * Everything it needs is on the deletion record (address, name): the organization's items are gone.
 * The mail goes into the outbox under an id of the organization's: a retried step writes it once.
 */
export const handler = async (input: { orgId: string }) => {
  const record = await loadDeletion(input.orgId);
  const alreadySent = record.steps.send_confirmation?.status === "succeeded";
  const deletedAt = record.finishedAt ?? new Date().toISOString();
  if (!alreadySent) {
    await markStep(input.orgId, "send_confirmation", "running");
    // R-L2: the requester's language of now; the record's when their account is gone (R-A7).
    const requester = await getItem(User, { userId: record.requestedBy });
    await write(
      mailAction(
        "organization-deleted",
        record.requesterEmail,
        { organizationName: record.organizationName, deletedAt },
        {
          mailId: `organization-deleted-${input.orgId}`,
          language: requester?.language ?? record.requesterLanguage,
        },
      ),
    ).catch((error: unknown) => {
      // Written by an earlier try of this step.
      if (!isConditionalCheckFailed(error)) throw error;
    });
    await markStep(input.orgId, "send_confirmation", "succeeded");
  }
  await write(
    updateItem(
      OrganizationDeletion,
      { orgId: input.orgId },
      // `updatedAt` with `status`: the record's index keys (gsi2) follow both.
      { set: { status: "succeeded", finishedAt: deletedAt, updatedAt: new Date().toISOString() } },
    ),
  );
  return { sent: !alreadySent };
};
