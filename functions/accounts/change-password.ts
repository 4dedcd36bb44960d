import { changePasswordRoute } from "#functions/accounts/routes";
import { changePassword } from "#shared/accounts/accounts";
import { requireSession } from "#shared/http";
import { freshSessionHandler } from "#shared/http-fresh-session";

export const handler = freshSessionHandler(changePasswordRoute, async (request) => {
  const session = requireSession(request);
  await changePassword(session.userId, session.sessionId, request.body, request);
  return { status: 204 };
});
