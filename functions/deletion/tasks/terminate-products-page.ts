import { terminateProductsPage } from "#shared/deletion/steps";

export const handler = async (input: { orgId: string }) => terminateProductsPage(input.orgId);
