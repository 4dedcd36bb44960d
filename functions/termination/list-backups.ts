import { listBackupsRoute } from "#functions/termination/routes";
import { listBackups } from "#shared/backups/backups";
import { httpHandler, requireSession } from "#shared/http";

export const handler = httpHandler(listBackupsRoute, async (request) => ({
  status: 200,
  body: await listBackups(
    requireSession(request).userId,
    request.params.orgId as string,
    request.params.productId as string,
  ),
}));
