import { changeRecoveryEmailRoute } from "#functions/accounts/routes";
import { changeRecoveryEmail } from "#shared/accounts/accounts";
import { requireSession } from "#shared/http";
import { freshSessionHandler } from "#shared/http-fresh-session";

export const handler = freshSessionHandler(changeRecoveryEmailRoute, async (request) => {
  await changeRecoveryEmail(requireSession(request).userId, request.body, request);
  return { status: 204 };
});
