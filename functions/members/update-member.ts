import { updateMemberRoute } from "#functions/members/routes";
import { requireSession } from "#shared/http";
import { freshSessionHandler } from "#shared/http-fresh-session";
import { updateMember } from "#shared/members/members";

export const handler = freshSessionHandler(updateMemberRoute, async (request) => ({
  status: 200,
  body: await updateMember(
    requireSession(request).userId,
    request.params.orgId as string,
    request.params.userId as string,
    request.body,
    request,
  ),
}));
