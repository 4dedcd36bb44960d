import { acceptInvitationRoute } from "#functions/members/routes";
import { httpHandler, requireSession } from "#shared/http";
import { idempotent } from "#shared/idempotency";
import { acceptInvitation } from "#shared/members/members";
import { enforceRateLimits } from "#shared/rate-limits";

export const handler = httpHandler(
  acceptInvitationRoute,
  idempotent(acceptInvitationRoute, async (request) => {
    await enforceRateLimits([{ limit: "confirmationPerClient", subject: request.sourceIp }]);
    return {
      status: 200,
      body: await acceptInvitation(requireSession(request).userId, request.body.token, request),
    };
  }),
);
