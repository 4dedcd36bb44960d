import { requestLoginEmailChangeRoute } from "#functions/accounts/routes";
import { requestLoginEmailChange } from "#shared/accounts/accounts";
import { httpHandler, requireSession } from "#shared/http";

export const handler = httpHandler(requestLoginEmailChangeRoute, async (request) => {
  await requestLoginEmailChange(requireSession(request).userId, request.body, request);
  return {
    status: 202,
    body: { status: "confirmation_sent", sentTo: request.body.newLoginEmail.toLowerCase() },
  };
});
