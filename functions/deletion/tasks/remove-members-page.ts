import { removeMembersPage } from "#shared/deletion/steps";

export const handler = async (input: { orgId: string }) => removeMembersPage(input.orgId);
