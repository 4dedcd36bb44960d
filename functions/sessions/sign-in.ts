import { signInRoute } from "#functions/accounts/routes";
import { signIn } from "#shared/accounts/accounts";
import { httpHandler } from "#shared/http";
import { enforceRateLimits } from "#shared/rate-limits";

/**
 * Sign-in. Each one hashes a password, known address or not: limited per client address (R-A9),
 * beside the lock per address (R-A6). No Idempotency-Key: a repeated sign-in only opens another
 * session, which a retry may as well do.
 */
export const handler = httpHandler(signInRoute, async ({ body, requestId, sourceIp }) => {
  await enforceRateLimits([{ limit: "signInPerClient", subject: sourceIp }]);
  return { status: 201, body: await signIn(body, { requestId, sourceIp }) };
});
