import { confirmTerminationRoute } from "#functions/termination/routes";
import { httpHandler } from "#shared/http";
import { idempotent } from "#shared/idempotency";
import { confirmTermination } from "#shared/termination/termination";

export const handler = httpHandler(
  confirmTerminationRoute,
  idempotent(confirmTerminationRoute, async (request) => {
    const started = await confirmTermination(request.body.token, request);
    return { status: 202, body: started, headers: { location: started.statusUrl } };
  }),
);
