import { listInvitationsRoute } from "#functions/members/routes";
import { httpHandler, requireSession } from "#shared/http";
import { listInvitations } from "#shared/members/members";

export const handler = httpHandler(listInvitationsRoute, async (request) => ({
  status: 200,
  body: {
    invitations: await listInvitations(requireSession(request).userId, request.params.orgId as string),
  },
}));
