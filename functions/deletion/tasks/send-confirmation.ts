import { loadDeletion, markStep } from "#shared/deletion/deletion";
import { OrganizationDeletion } from "#shared/deletion/entities";
import { sendEmail } from "#shared/email";
import { organizationDeletedEmail } from "#shared/email-templates/deletion";
import { updateItem, write } from "#shared/entity";

/**
 * R-D5: the final confirmation once the organization is gone; the deletion ends `succeeded`.
 * Everything it needs is on the deletion record (address, name): the organization's items are gone.
 */
export const handler = async (input: { orgId: string }) => {
  const record = await loadDeletion(input.orgId);
  const alreadySent = record.steps.send_confirmation?.status === "succeeded";
  const deletedAt = record.finishedAt ?? new Date().toISOString();
  if (!alreadySent) {
    await markStep(input.orgId, "send_confirmation", "running");
    await sendEmail(record.requesterEmail, organizationDeletedEmail, {
      organizationName: record.organizationName,
      deletedAt,
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
