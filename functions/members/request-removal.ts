import { requestRemovalRoute } from "#functions/members/routes";
import { requireSession } from "#shared/http";
import { freshSessionHandler } from "#shared/http-fresh-session";
import { idempotent } from "#shared/idempotency";
import { requestRemoval } from "#shared/members/removals";

/** 204 when the member held no data and is gone; 202 with the status URL while the workflow runs. */
export const handler = freshSessionHandler(requestRemovalRoute, async (request) => {
  // The Idempotency-Key record keeps a hash of the body it guards: never one of the password.
  const { password: _password, ...keyedBody } = request.body;
  const remove = idempotent(requestRemovalRoute, async () => {
    const removal = await requestRemoval(
      requireSession(request).userId,
      request.params.orgId as string,
      request.params.userId as string,
      request.body,
      request,
    );
    if (!removal) return { status: 204 };
    return { status: 202, body: removal, headers: { location: removal.statusUrl } };
  });
  return remove({ ...request, body: keyedBody });
});
