import { updateMemberRoute } from "#functions/members/routes";
import { httpHandler, requireSession } from "#shared/http";
import { updateMember } from "#shared/members/members";

export const handler = httpHandler(updateMemberRoute, async (request) => ({
  status: 200,
  body: await updateMember(
    requireSession(request).userId,
    request.params.orgId as string,
    request.params.userId as string,
    request.body,
    request,
  ),
}));
