import { timingSafeEqual } from "node:crypto";
import { openSessionIds, revokeOtherSessions } from "#shared/accounts/sessions";
import { auditAction, type RequestOrigin, userScope } from "#shared/audit";
import { isExpired, nowSeconds } from "#shared/db";
import { normaliseEmail } from "#shared/email-address";
import {
  LoginEmail,
  PasswordReset,
  Session,
  SignInThrottle,
  UnknownAddressReset,
  User,
} from "#shared/entities";
import { getItem } from "#shared/entity/reads";
import { maxTransactionActions, transact } from "#shared/entity/transactions";
import { deleteItem, putItem, updateItem } from "#shared/entity/writes";
import { errors } from "#shared/errors";
import * as texts from "#shared/i18n/error-texts";
import { requestedLanguage } from "#shared/i18n/languages";
import { mailAction, mailsAction } from "#shared/mail/outbox";
import { assertStrongPassword, hashPassword } from "#shared/passwords";
import { hashToken, newId, newToken } from "#shared/tokens";

/** R-A8: a reset link is valid 30 minutes. */
export const passwordResetMinutes = 30;
/** A user id no account has (ids are 16 URL-safe characters): what an unknown address reads. */
const unknownUserId = "-";
const userIdLength = 16;

const tokenExpiredOrUsed = () => errors.of(410, "TOKEN_EXPIRED_OR_USED", texts.resetLinkExpiredOrUsed);

/**
 * A reset link's token: the account's id, then 256 random bits. The id says which reset to
 * read (one item per account, no token item to look up); only the hashes are stored.
 */
const resetToken = (userId: string) => `${userId}${newToken()}`;

/**
 * R-A8: the same answer, and the same work, whether or not an account has the address: two
 * reads, two tokens hashed, one transaction of three writes. For an account: the reset
 * (replacing an older one, and with it its links), its audit entry, and one outbox item of two
 * mails, a link to the login and one to the recovery address. For an unknown address: a record
 * of the request, an audit entry on the address, and one outbox item of one mail telling its
 * owner no account uses it. The mails go later, from the outbox: none in the request.
 */
export async function requestPasswordReset(email: string, origin: RequestOrigin): Promise<void> {
  const address = normaliseEmail(email);
  const guard = await getItem(LoginEmail, { email: address });
  const user = await getItem(User, { userId: guard?.userId ?? unknownUserId });
  const now = new Date().toISOString();
  const expiresAt = nowSeconds() + passwordResetMinutes * 60;
  const requestId = newId();
  const userId = user?.userId ?? unknownUserId;
  const links = { login: resetToken(userId), recovery: resetToken(userId) };
  const hashes = { login: hashToken(links.login), recovery: hashToken(links.recovery) };
  if (!user) {
    await transact([
      putItem(UnknownAddressReset, { email: address, requestId, createdAt: now, expiresAt }),
      auditAction(`SIGNIN#${address}`, "password_reset.requested_unknown", undefined, origin, { requestId }),
      // Nobody's account: the language of the request (R-L2).
      mailAction("password-reset-no-account", address, {}, { language: requestedLanguage(origin) }),
    ]);
    return;
  }
  await transact([
    putItem(PasswordReset, {
      userId,
      requestId,
      loginEmail: user.loginEmail,
      loginTokenHash: hashes.login,
      recoveryEmail: user.recoveryEmail,
      recoveryTokenHash: hashes.recovery,
      createdAt: now,
      expiresAt,
    }),
    auditAction(userScope(userId), "password_reset.requested", undefined, origin, { requestId }),
    mailsAction(
      "password-reset",
      [
        {
          to: user.loginEmail,
          data: { expiresInMinutes: passwordResetMinutes, token: links.login, toRecovery: false },
        },
        {
          to: user.recoveryEmail,
          data: { expiresInMinutes: passwordResetMinutes, token: links.recovery, toRecovery: true },
        },
      ],
      { language: user.language },
    ),
  ]);
}

const sameHash = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export interface PasswordResetConfirmation {
  token: string;
  newPassword: string;
  /**
   * Taking an account back (a mailbox's owner whose address someone else signed up with): the
   * link mailed to the login address may also set a new recovery address, so that the one who
   * opened the account cannot reset it again through theirs.
   */
  recoveryEmail?: string | undefined;
}

/**
 * R-A8: the newest request's link, once, within 30 minutes; the new password meets the policy
 * of R-A4. One transaction: the password, the reset gone (both its links with it), the
 * sign-in lock lifted, a pending login change ended (R-A10), every session revoked, the audit
 * entry. Then a notice to the login and the recovery address.
 */
export async function confirmPasswordReset(input: PasswordResetConfirmation, origin: RequestOrigin) {
  const userId = input.token.slice(0, userIdLength);
  const tokenHash = hashToken(input.token);
  const [user, reset] = await Promise.all([getItem(User, { userId }), getItem(PasswordReset, { userId })]);
  if (!user || !reset || isExpired(reset)) throw tokenExpiredOrUsed();
  const link = sameHash(tokenHash, reset.loginTokenHash)
    ? "login"
    : sameHash(tokenHash, reset.recoveryTokenHash)
      ? "recovery"
      : undefined;
  if (!link) throw tokenExpiredOrUsed();
  assertStrongPassword(input.newPassword, user.loginEmail);
  const recoveryEmail = input.recoveryEmail === undefined ? undefined : normaliseEmail(input.recoveryEmail);
  if (recoveryEmail !== undefined) {
    // Only the login address's owner may move the recovery address: the recovery link proves
    // the recovery mailbox, and that is what someone who opened an account with another's
    // address holds.
    if (link !== "login" || reset.loginEmail !== user.loginEmail) {
      throw errors.of(403, "RECOVERY_EMAIL_NEEDS_LOGIN_LINK", texts.recoveryNeedsLoginLink);
    }
    if (recoveryEmail === user.loginEmail) {
      throw errors.of(422, "SAME_AS_LOGIN_EMAIL", texts.recoveryEqualsLoginEmail);
    }
  }
  const passwordHash = await hashPassword(input.newPassword);
  const now = new Date().toISOString();
  const newRecoveryEmail = recoveryEmail ?? user.recoveryEmail;
  const sessions = await openSessionIds(userId);
  const revokedNow = sessions.slice(0, maxTransactionActions - 7);
  await transact([
    deleteItem(
      PasswordReset,
      { userId },
      { condition: { requestId: reset.requestId }, fails: tokenExpiredOrUsed },
    ),
    updateItem(
      User,
      { userId },
      {
        set: { passwordHash, updatedAt: now, ...(recoveryEmail ? { recoveryEmail } : {}) },
        remove: ["pendingLoginEmailTokenHash"],
      },
      {
        condition: { loginEmail: user.loginEmail },
        fails: () => errors.conflict(texts.accountChangedAskNewLink),
      },
    ),
    deleteItem(SignInThrottle, { email: user.loginEmail }),
    ...revokedNow.map((sessionId) => updateItem(Session, { sessionId }, { set: { revokedAt: now } })),
    auditAction(userScope(userId), "password.reset", undefined, origin, {
      requestId: reset.requestId,
      link,
      ...(recoveryEmail && recoveryEmail !== user.recoveryEmail
        ? { recoveryEmail: { from: user.recoveryEmail, to: recoveryEmail } }
        : {}),
    }),
    mailsAction(
      "password-reset-done",
      [
        { to: user.loginEmail, data: { firstName: user.firstName } },
        { to: newRecoveryEmail, data: { firstName: user.firstName } },
      ],
      { language: user.language },
    ),
    newRecoveryEmail !== user.recoveryEmail &&
      mailAction(
        "recovery-email-changed",
        user.recoveryEmail,
        { newRecoveryEmail },
        { language: user.language },
      ),
  ]);
  if (sessions.length > revokedNow.length) await revokeOtherSessions(userId);
}
