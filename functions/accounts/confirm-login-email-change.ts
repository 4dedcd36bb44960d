import { confirmLoginEmailChangeRoute } from "#functions/accounts/routes";
import { confirmLoginEmailChange } from "#shared/accounts/accounts";
import { httpHandler } from "#shared/http";
import { idempotent } from "#shared/idempotency";
import { enforceRateLimits } from "#shared/rate-limits";

export const handler = httpHandler(
  confirmLoginEmailChangeRoute,
  idempotent(confirmLoginEmailChangeRoute, async (request) => {
    // A public route taking a mailed token: nobody tries tokens at speed (R-A9).
    await enforceRateLimits([{ limit: "confirmationPerClient", subject: request.sourceIp }]);
    return { status: 200, body: await confirmLoginEmailChange(request.body.token, request) };
  }),
);
