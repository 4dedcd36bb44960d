import { createAccountRoute } from "#functions/accounts/routes";
import { signUp } from "#shared/accounts/accounts";
import { errors } from "#shared/errors";
import { httpHandler } from "#shared/http";

export const handler = httpHandler(createAccountRoute, async ({ body, requestId, sourceIp }) => {
  if (body.order !== undefined) {
    throw errors.of(422, "ORDER_NOT_AVAILABLE", "Orders are not available yet", {
      detail: "Ordering at sign-up is not available yet; sign up without `order`, then order.",
    });
  }
  const { order: _order, ...input } = body;
  const account = await signUp(input, { requestId, sourceIp });
  return {
    status: 201,
    body: {
      user: account.user,
      organization: account.organization,
      token: account.token,
      expiresAt: account.expiresAt,
    },
    headers: { location: "/v1/me" },
  };
});
