import { readArchiveRoute } from "#functions/operator/routes";
import { readArchive } from "#shared/archive/archive";
import { httpHandler } from "#shared/http";

/** R-D7: operators read a deleted organization's archived invoices and ledger; 404 when none. */
export const handler = httpHandler(readArchiveRoute, async (request) => ({
  status: 200,
  body: { archive: await readArchive(request.params.orgId as string) },
}));
