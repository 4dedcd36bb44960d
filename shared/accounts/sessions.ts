import { jwtVerify, SignJWT } from "jose";
import { isExpired, nowSeconds } from "#shared/db";
import { Session, sessionsOfUser } from "#shared/entities";
import { getItem, queryAll, queryItems, updateItem, write } from "#shared/entity";
import { signingKey } from "#shared/signing-key";
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
  const token = await new SignJWT({ sid: sessionId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(userId)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(await signingKey());
  return { record, token, sessionId, expiresAt: new Date(expiresAt * 1000).toISOString() };
}

/** Verifies a bearer token's signature and expiry, then that its session is still open. */
export async function verifySessionToken(
  token: string,
): Promise<{ userId: string; sessionId: string } | undefined> {
  try {
    const { payload } = await jwtVerify(token, await signingKey(), {
      issuer,
      audience,
      algorithms: ["HS256"],
    });
    if (typeof payload.sub !== "string" || typeof payload.sid !== "string") return undefined;
    const session = await getItem(Session, { sessionId: payload.sid });
    if (!session || session.revokedAt || session.userId !== payload.sub || isExpired(session))
      return undefined;
    return { userId: session.userId, sessionId: session.sessionId };
  } catch {
    return undefined;
  }
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
