import { meRoute } from "#functions/accounts/routes";
import { profile } from "#shared/accounts/accounts";
import { httpHandler, requireSession } from "#shared/http";

export const handler = httpHandler(meRoute, async (request) => ({
  status: 200,
  body: await profile(requireSession(request).userId),
}));
