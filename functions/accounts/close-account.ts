import { closeAccountRoute } from "#functions/accounts/routes";
import { closeAccount } from "#shared/accounts/accounts";
import { httpHandler, requireSession } from "#shared/http";

export const handler = httpHandler(closeAccountRoute, async (request) => {
  await closeAccount(requireSession(request).userId, request);
  return { status: 204 };
});
