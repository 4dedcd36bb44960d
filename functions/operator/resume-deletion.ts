import { resumeDeletionRoute } from "#functions/operator/routes";
import { httpHandler } from "#shared/http";
import { idempotent } from "#shared/idempotency";
import { resumeDeletion } from "#shared/operations/resume-deletion";

/** Operators resume a failed organization deletion as its owner's new request would; 202 with its status. */
export const handler = httpHandler(
  resumeDeletionRoute,
  idempotent(resumeDeletionRoute, async (request) => {
    const view = await resumeDeletion(request.params.orgId as string, request);
    return { status: 202, body: view };
  }),
);
