import { inviteRoute } from "#functions/members/routes";
import { httpHandler, requireSession } from "#shared/http";
import { idempotent } from "#shared/idempotency";
import { invite } from "#shared/members/members";

export const handler = httpHandler(
  inviteRoute,
  idempotent(inviteRoute, async (request) => ({
    status: 201,
    body: await invite(requireSession(request).userId, request.params.orgId as string, request.body, request),
  })),
);
