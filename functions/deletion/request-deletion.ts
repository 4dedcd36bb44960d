import { requestDeletionRoute } from "#functions/deletion/routes";
import { requestDeletion } from "#shared/deletion/deletion";
import { requireSession } from "#shared/http";
import { freshSessionHandler } from "#shared/http-fresh-session";
import { idempotent } from "#shared/idempotency";

export const handler = freshSessionHandler(
  requestDeletionRoute,
  // A request while the deletion runs answers its status anyway; with a key, a retry answers the first 202.
  idempotent(requestDeletionRoute, async (request) => {
    const orgId = request.params.orgId as string;
    const { view } = await requestDeletion(requireSession(request).userId, orgId, request.body, request);
    return { status: 202, body: view, headers: { location: `/v1/organizations/${orgId}/deletion` } };
  }),
);
