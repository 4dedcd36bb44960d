import { signInRoute } from "#functions/accounts/routes";
import { signIn } from "#shared/accounts/accounts";
import { httpHandler } from "#shared/http";

export const handler = httpHandler(signInRoute, async ({ body, requestId, sourceIp }) => ({
  status: 201,
  body: await signIn(body, { requestId, sourceIp }),
}));
