import { requestTerminationRoute } from "#functions/termination/routes";
import { httpHandler, requireSession } from "#shared/http";
import { requestTermination } from "#shared/termination/termination";

export const handler = httpHandler(requestTerminationRoute, async (request) => ({
  status: 202,
  body: await requestTermination(
    requireSession(request).userId,
    request.params.orgId as string,
    request.params.productId as string,
    request,
  ),
}));
