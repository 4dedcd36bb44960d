import { requestLoginEmailChangeRoute } from "#functions/accounts/routes";
import { requestLoginEmailChange } from "#shared/accounts/accounts";
import { normaliseEmail } from "#shared/email-address";
import { requireSession } from "#shared/http";
import { freshSessionHandler } from "#shared/http-fresh-session";
import { idempotent } from "#shared/idempotency";
import { enforceRateLimits } from "#shared/rate-limits";

export const handler = freshSessionHandler(
  requestLoginEmailChangeRoute,
  // With an Idempotency-Key, a retried request answers the first 202 and mails nothing more.
  idempotent(requestLoginEmailChangeRoute, async (request) => {
    const { userId } = requireSession(request);
    const target = normaliseEmail(request.body.newLoginEmail);
    await enforceRateLimits([
      { limit: "mailPerAccount", subject: userId },
      { limit: "mailPerTarget", subject: target },
      { limit: "mailPerClient", subject: request.sourceIp },
    ]);
    await requestLoginEmailChange(userId, request.body, request);
    return { status: 202, body: { status: "confirmation_sent", sentTo: target } };
  }),
);
