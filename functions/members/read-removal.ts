import { readRemovalRoute } from "#functions/members/routes";
import { httpHandler, requireSession } from "#shared/http";
import { readRemoval } from "#shared/members/removals";

export const handler = httpHandler(readRemovalRoute, async (request) => ({
  status: 200,
  body: await readRemoval(
    requireSession(request).userId,
    request.params.orgId as string,
    request.params.userId as string,
    request.params.removalId as string,
  ),
}));
