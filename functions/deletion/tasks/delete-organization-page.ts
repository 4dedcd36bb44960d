import { deleteOrganizationPage } from "#shared/deletion/delete-items";
import { loadDeletion, markStep } from "#shared/deletion/deletion";

/** Deletes one page of the organization's items; the workflow loops while `hasMore`. */
export const handler = async (input: { orgId: string }) => {
  await loadDeletion(input.orgId);
  await markStep(input.orgId, "delete_organization", "running");
  const page = await deleteOrganizationPage(input.orgId);
  if (!page.hasMore) await markStep(input.orgId, "delete_organization", "succeeded");
  return page;
};
