import { confirmPasswordResetRoute } from "#functions/accounts/routes";
import { confirmPasswordReset } from "#shared/accounts/password-reset";
import { httpHandler } from "#shared/http";
import { idempotent } from "#shared/idempotency";
import { enforceRateLimits } from "#shared/rate-limits";

export const handler = httpHandler(
  confirmPasswordResetRoute,
  idempotent(confirmPasswordResetRoute, async (request) => {
    // A public route taking a mailed token: nobody tries tokens at speed (R-A9).
    await enforceRateLimits([{ limit: "confirmationPerClient", subject: request.sourceIp }]);
    await confirmPasswordReset(request.body, request);
    return { status: 204 };
  }),
);
