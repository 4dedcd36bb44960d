import { refundBalance } from "#shared/deletion/steps";

export const handler = async (input: { orgId: string }) => refundBalance(input.orgId);
