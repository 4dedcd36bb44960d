import { inviteRoute } from "#functions/members/routes";
import { normaliseEmail } from "#shared/email-address";
import { requireSession } from "#shared/http";
import { freshSessionHandler } from "#shared/http-fresh-session";
import { idempotent } from "#shared/idempotency";
import { invite } from "#shared/members/members";
import { enforceRateLimits } from "#shared/rate-limits";

export const handler = freshSessionHandler(
  inviteRoute,
  idempotent(inviteRoute, async (request) => {
    const { userId } = requireSession(request);
    await enforceRateLimits([
      { limit: "mailPerAccount", subject: userId },
      { limit: "mailPerTarget", subject: normaliseEmail(request.body.email) },
      { limit: "mailPerClient", subject: request.sourceIp },
    ]);
    return { status: 201, body: await invite(userId, request.params.orgId as string, request.body, request) };
  }),
);
