import { archiveRecords } from "#shared/deletion/steps";

/** R-D7: the invoices and ledger entries archived before the organization's items are deleted. */
export const handler = async (input: { orgId: string }) => archiveRecords(input.orgId);
