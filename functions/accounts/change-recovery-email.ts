import { changeRecoveryEmailRoute } from "#functions/accounts/routes";
import { changeRecoveryEmail } from "#shared/accounts/accounts";
import { httpHandler, requireSession } from "#shared/http";

export const handler = httpHandler(changeRecoveryEmailRoute, async (request) => {
  await changeRecoveryEmail(requireSession(request).userId, request.body, request);
  return { status: 204 };
});
