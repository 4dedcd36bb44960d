import { confirmTerminationRoute } from "#functions/termination/routes";
import { httpHandler } from "#shared/http";
import { confirmTermination } from "#shared/termination/termination";

export const handler = httpHandler(confirmTerminationRoute, async (request) => {
  const started = await confirmTermination(request.body.token, request);
  return { status: 202, body: started, headers: { location: started.statusUrl } };
});
