import { isExpired } from "#shared/db";
import { Session } from "#shared/entities";
import { getItem } from "#shared/entity/reads";
import { errors } from "#shared/errors";
import * as texts from "#shared/i18n/error-texts";

/**
 * For the sensitive writes (`freshSession` routes): the session the authorizer vouched for is
 * still open now, read from the table rather than from the authorizer's cached answer.
 */
export async function assertSessionOpen(claims: { userId: string; sessionId: string }): Promise<void> {
  const session = await getItem(Session, { sessionId: claims.sessionId }, { consistent: true });
  if (!session || session.revokedAt || session.userId !== claims.userId || isExpired(session)) {
    throw errors.unauthenticated(texts.sessionEnded);
  }
}
