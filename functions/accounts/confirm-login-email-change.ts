import { confirmLoginEmailChangeRoute } from "#functions/accounts/routes";
import { confirmLoginEmailChange } from "#shared/accounts/accounts";
import { httpHandler } from "#shared/http";

export const handler = httpHandler(confirmLoginEmailChangeRoute, async (request) => ({
  status: 200,
  body: await confirmLoginEmailChange(request.body.token, request),
}));
