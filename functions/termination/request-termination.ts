import { requestTerminationRoute } from "#functions/termination/routes";
import { httpHandler, requireSession } from "#shared/http";
import { idempotent } from "#shared/idempotency";
import { enforceRateLimits } from "#shared/rate-limits";
import { requestTermination } from "#shared/termination/termination";

export const handler = httpHandler(
  requestTerminationRoute,
  // With an Idempotency-Key, a retried request answers the first link's 202 and mails nothing more.
  idempotent(requestTerminationRoute, async (request) => {
    const { userId } = requireSession(request);
    await enforceRateLimits([
      { limit: "mailPerAccount", subject: userId },
      { limit: "mailPerClient", subject: request.sourceIp },
    ]);
    return {
      status: 202,
      body: await requestTermination(
        userId,
        request.params.orgId as string,
        request.params.productId as string,
        request,
      ),
    };
  }),
);
