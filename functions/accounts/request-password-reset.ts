import { requestPasswordResetRoute } from "#functions/accounts/routes";
import { requestPasswordReset } from "#shared/accounts/password-reset";
import { normaliseEmail } from "#shared/email-address";
import { httpHandler } from "#shared/http";
import { idempotent } from "#shared/idempotency";
import { enforceRateLimits } from "#shared/rate-limits";

export const handler = httpHandler(
  requestPasswordResetRoute,
  idempotent(requestPasswordResetRoute, async (request) => {
    // Limited by the address asked for (its own count, not the address's other mail) and by the
    // client, never by anything that tells whether an account has it (R-A8, R-A9).
    await enforceRateLimits([
      { limit: "passwordResetPerAddress", subject: normaliseEmail(request.body.email) },
      { limit: "mailPerClient", subject: request.sourceIp },
    ]);
    await requestPasswordReset(request.body.email, request);
    return { status: 202, body: { status: "reset_requested" } };
  }),
);
