import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from "aws-lambda";
import { verifySessionToken } from "#shared/accounts/sessions";

type Claims = { userId: string; sessionId: string } | Record<string, never>;

/**
 * The HTTP API's Lambda authorizer (simple responses) for every `user` route. A valid token
 * of an open session passes its claims; any other token passes none, and the route's handler
 * answers 401 UNAUTHENTICATED as problem+json (API Gateway cannot shape a denial's body).
 * API Gateway caches the answer per token for at most `userAuthorizer.resultsCacheTtlSeconds`.
 *
 * A signing key (or session) that cannot be read is no verdict on the token: the error is
 * thrown, so API Gateway answers 500 (and caches nothing) and the function's Errors alarm
 * fires, instead of every caller being told to sign in again.
 */
export const handler = async (
  event: APIGatewayRequestAuthorizerEventV2,
): Promise<APIGatewaySimpleAuthorizerWithContextResult<Claims>> => {
  const header = event.identitySource?.[0] ?? event.headers?.authorization ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const claims = match?.[1] ? await verifySessionToken(match[1]) : undefined;
  return { isAuthorized: true, context: claims ?? {} };
};
