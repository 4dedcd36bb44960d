import { inviteRoute } from "#functions/members/routes";
import { requireSession } from "#shared/http";
import { freshSessionHandler } from "#shared/http-fresh-session";
import { idempotent } from "#shared/idempotency";
import { invite } from "#shared/members/members";

export const handler = freshSessionHandler(
  inviteRoute,
  idempotent(inviteRoute, async (request) => ({
    status: 201,
    body: await invite(requireSession(request).userId, request.params.orgId as string, request.body, request),
  })),
);
