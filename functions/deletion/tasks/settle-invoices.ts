import { settleInvoices } from "#shared/deletion/steps";

export const handler = async (input: { orgId: string }) => settleInvoices(input.orgId);
