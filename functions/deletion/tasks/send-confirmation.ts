import { loadDeletion, markStep } from "#shared/deletion/deletion";
import { OrganizationDeletion } from "#shared/deletion/entities";
import { sendEmail } from "#shared/email";
import { organizationDeletedEmail } from "#shared/email-templates/deletion";
import { updateItem, write } from "#shared/entity";

/** R-D5: the final confirmation once the organization is gone; the deletion ends `succeeded`. */
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
      { set: { status: "succeeded", finishedAt: deletedAt } },
    ),
  );
  return { sent: !alreadySent };
};
