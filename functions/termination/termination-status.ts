import { terminationStatusRoute } from "#functions/termination/routes";
import { httpHandler, requireSession } from "#shared/http";
import { terminationStatus } from "#shared/termination/termination";

export const handler = httpHandler(terminationStatusRoute, async (request) => ({
  status: 200,
  body: await terminationStatus(
    requireSession(request).userId,
    request.params.orgId as string,
    request.params.productId as string,
  ),
}));
