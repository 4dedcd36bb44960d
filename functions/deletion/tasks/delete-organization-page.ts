import { deleteOrganizationPage } from "#shared/deletion/delete-items";
import { loadDeletion, markStep } from "#shared/deletion/deletion";

/**
 * Deletes one page of the organization's items; the workflow loops while `hasMore`. The
 * requester's membership goes last, with the profile (one transaction).
 */
export const handler = async (input: { orgId: string }) => {
  const record = await loadDeletion(input.orgId);
  await markStep(input.orgId, "delete_organization", "running");
  const page = await deleteOrganizationPage(input.orgId, { requesterId: record.requestedBy });
  if (!page.hasMore) {
    await markStep(
      input.orgId,
      "delete_organization",
      "succeeded",
      page.alreadyGone ? "The organization was already gone; nothing was left to delete." : undefined,
    );
  }
  return page;
};
