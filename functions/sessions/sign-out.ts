import { signOutRoute } from "#functions/accounts/routes";
import { revokeSession } from "#shared/accounts/sessions";
import { httpHandler, requireSession } from "#shared/http";

export const handler = httpHandler(signOutRoute, async (request) => {
  await revokeSession(requireSession(request).sessionId);
  return { status: 204 };
});
