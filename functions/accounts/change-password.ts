import { changePasswordRoute } from "#functions/accounts/routes";
import { changePassword } from "#shared/accounts/accounts";
import { httpHandler, requireSession } from "#shared/http";

export const handler = httpHandler(changePasswordRoute, async (request) => {
  const session = requireSession(request);
  await changePassword(session.userId, session.sessionId, request.body, request);
  return { status: 204 };
});
