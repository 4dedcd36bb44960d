import { confirmTerminationRoute } from "#functions/termination/routes";
import { httpHandler } from "#shared/http";
import { idempotent } from "#shared/idempotency";
import { enforceRateLimits } from "#shared/rate-limits";
import { confirmTermination } from "#shared/termination/termination";

export const handler = httpHandler(
  confirmTerminationRoute,
  idempotent(confirmTerminationRoute, async (request) => {
    // A public route taking a mailed token: nobody tries tokens at speed (R-A9).
    await enforceRateLimits([{ limit: "confirmationPerClient", subject: request.sourceIp }]);
    const started = await confirmTermination(request.body.token, request);
    return { status: 202, body: started, headers: { location: started.statusUrl } };
  }),
);
