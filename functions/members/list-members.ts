import { listMembersRoute } from "#functions/members/routes";
import { httpHandler, requireSession } from "#shared/http";
import { listMembers } from "#shared/members/members";

export const handler = httpHandler(listMembersRoute, async (request) => ({
  status: 200,
  body: { members: await listMembers(requireSession(request).userId, request.params.orgId as string) },
}));
