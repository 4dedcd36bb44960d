import { acceptInvitationRoute } from "#functions/members/routes";
import { httpHandler, requireSession } from "#shared/http";
import { idempotent } from "#shared/idempotency";
import { acceptInvitation } from "#shared/members/members";

export const handler = httpHandler(
  acceptInvitationRoute,
  idempotent(acceptInvitationRoute, async (request) => ({
    status: 200,
    body: await acceptInvitation(requireSession(request).userId, request.body.token, request),
  })),
);
