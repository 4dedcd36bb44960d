import { mailPaidInvoices } from "#shared/deletion/steps";

export const handler = async (input: { orgId: string }) => mailPaidInvoices(input.orgId);
