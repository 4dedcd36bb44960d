import { requestTerminationRoute } from "#functions/termination/routes";
import { httpHandler, requireSession } from "#shared/http";
import { idempotent } from "#shared/idempotency";
import { requestTermination } from "#shared/termination/termination";

export const handler = httpHandler(
  requestTerminationRoute,
  // With an Idempotency-Key, a retried request answers the first link's 202 and mails nothing more.
  idempotent(requestTerminationRoute, async (request) => ({
    status: 202,
    body: await requestTermination(
      requireSession(request).userId,
      request.params.orgId as string,
      request.params.productId as string,
      request,
    ),
  })),
);
