import { type JWTPayload, type JWTVerifyGetKey, jwtVerify, SignJWT } from "jose";
import { isExpired, nowSeconds } from "#shared/db";
import { Session, sessionsOfUser } from "#shared/entities";
import { getItem, queryAll, queryItems } from "#shared/entity/reads";
import { updateItem, write } from "#shared/entity/writes";
import { SigningKeyUnavailable, signingKeys, verificationKey } from "#shared/signing-key";
import { newId } from "#shared/tokens";

/** Session tokens live one hour; the session item can be revoked at any time before. */
export const sessionLifetimeSeconds = 60 * 60;
const issuer = "account-workflows";
const audience = "account-workflows-api";

/**
 * A new session: the item to create (in the caller's own write, so that a sign-up or a sign-in
 * stays one transaction) and its signed token.
 */
export async function newSession(userId: string, sourceIp: string | undefined) {
  const sessionId = newId();
  const issuedAt = nowSeconds();
  const expiresAt = issuedAt + sessionLifetimeSeconds;
  const record: Session = {
    sessionId,
    userId,
    createdAt: new Date(issuedAt * 1000).toISOString(),
    expiresAt,
    ...(sourceIp ? { sourceIp } : {}),
  };
  const { current } = await signingKeys();
  const token = await new SignJWT({ sid: sessionId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: current.kid })
    .setSubject(userId)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(current.key);
  return { record, token, sessionId, expiresAt: new Date(expiresAt * 1000).toISOString() };
}

/** A token's key id names no key we hold (or is not a string): the token is not ours. */
class UnknownKeyId extends Error {}

/** Picks the key by the token's `kid` (none: a token signed before key ids); nothing is verified yet. */
const keyOfToken: JWTVerifyGetKey<Uint8Array> = async ({ kid }) => {
  if (kid !== undefined && typeof kid !== "string") throw new UnknownKeyId();
  const key = await verificationKey(kid);
  if (!key) throw new UnknownKeyId();
  return key;
};

/**
 * The claims of a token whose signature (with the key its `kid` names: current or previous),
 * issuer, audience and expiry hold; undefined for any other token. Throws `SigningKeyUnavailable`
 * when the keys cannot be read: that says nothing about the token, and must not look like a bad one.
 */
export async function sessionTokenClaims(
  token: string,
): Promise<{ userId: string; sessionId: string } | undefined> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keyOfToken, { issuer, audience, algorithms: ["HS256"] }));
  } catch (error) {
    if (error instanceof SigningKeyUnavailable) throw error;
    return undefined;
  }
  if (typeof payload.sub !== "string" || typeof payload.sid !== "string") return undefined;
  return { userId: payload.sub, sessionId: payload.sid };
}

/**
 * Verifies a bearer token (`sessionTokenClaims`), then that its session is still open: undefined
 * for a token that is not valid or a session that has ended. A failure to read the keys or the
 * session is thrown, never taken for a bad token.
 */
export async function verifySessionToken(
  token: string,
): Promise<{ userId: string; sessionId: string } | undefined> {
  const claims = await sessionTokenClaims(token);
  if (!claims) return undefined;
  const session = await getItem(Session, { sessionId: claims.sessionId });
  if (!session || session.revokedAt || session.userId !== claims.userId || isExpired(session))
    return undefined;
  return { userId: session.userId, sessionId: session.sessionId };
}

export async function revokeSession(sessionId: string) {
  await write(updateItem(Session, { sessionId }, { set: { revokedAt: new Date().toISOString() } }));
}

/** The user's sessions still open (not revoked, not expired), except one. */
export async function openSessionIds(userId: string, exceptSessionId?: string): Promise<string[]> {
  const sessions = await queryAll(Session, sessionsOfUser(userId));
  return sessions
    .filter((session) => session.sessionId !== exceptSessionId && !session.revokedAt && !isExpired(session))
    .map((session) => session.sessionId);
}

/** Revokes every open session of a user except one (R-A4: other sessions stop working). */
export async function revokeOtherSessions(userId: string, keepSessionId?: string) {
  const revokedAt = new Date().toISOString();
  let cursor: string | undefined;
  do {
    const page = await queryItems(Session, sessionsOfUser(userId), { cursor, limit: 100 });
    await Promise.all(
      page.items
        .filter((session) => session.sessionId !== keepSessionId && !session.revokedAt)
        .map((session) =>
          write(updateItem(Session, { sessionId: session.sessionId }, { set: { revokedAt } })),
        ),
    );
    cursor = page.cursor;
  } while (cursor);
}
