import { requestLoginEmailChangeRoute } from "#functions/accounts/routes";
import { requestLoginEmailChange } from "#shared/accounts/accounts";
import { requireSession } from "#shared/http";
import { freshSessionHandler } from "#shared/http-fresh-session";

export const handler = freshSessionHandler(requestLoginEmailChangeRoute, async (request) => {
  await requestLoginEmailChange(requireSession(request).userId, request.body, request);
  return {
    status: 202,
    body: { status: "confirmation_sent", sentTo: request.body.newLoginEmail.toLowerCase() },
  };
});
