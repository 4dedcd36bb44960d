import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { newSession, openSessionIds, revokeOtherSessions } from "#shared/accounts/sessions";
import { auditAction, type RequestOrigin, userScope, writeAudit } from "#shared/audit";
import { dynamo, isExpired, nowSeconds, tableName } from "#shared/db";
import { normaliseEmail } from "#shared/email-address";
import {
  EmailToken,
  type EmailTokenPurpose,
  LoginEmail,
  Membership,
  membershipsOfUser,
  Organization,
  Session,
  SignInThrottle,
  User,
} from "#shared/entities";
import { withConflictRetry } from "#shared/entity/conflicts";
import { getBatch, getItem, queryAll, read } from "#shared/entity/reads";
import { maxTransactionActions, transact } from "#shared/entity/transactions";
import { createItem, deleteItem, updateItem, write } from "#shared/entity/writes";
import { errors } from "#shared/errors";
import type { Detail } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import { defaultLanguage, type Language } from "#shared/i18n/languages";
import { mailAction } from "#shared/mail/outbox";
import { newOrganization, organizationView } from "#shared/organizations/organizations";
import type { OrganizationInput } from "#shared/organizations/schemas";
import { assertStrongPassword, hashPassword, verifyAgainstNothing, verifyPassword } from "#shared/passwords";
import { hashToken, newId, newToken } from "#shared/tokens";

export const maxFailedSignIns = 5;
/** A user id no account has (ids are 16 URL-safe characters): what an unknown address reads. */
const unknownUserId = "-";
const maxActions = maxTransactionActions;
export const lockoutSeconds = 15 * 60;
export const loginEmailTokenMinutes = 60;

const loginEmailTaken = () => errors.of(409, "LOGIN_EMAIL_TAKEN", texts.loginEmailTaken);
const invalidPassword = () => errors.of(403, "INVALID_PASSWORD", texts.passwordWrong);
const tokenExpiredOrUsed = () => errors.of(410, "TOKEN_EXPIRED_OR_USED", texts.linkExpiredOrUsed);

export interface SignUpInput {
  firstName: string;
  lastName: string;
  loginEmail: string;
  recoveryEmail: string;
  password: string;
  organization: OrganizationInput;
  /** R-L1: the body's `language`, else the request's Accept-Language, else English. */
  language: Language;
}

export const userView = (user: {
  userId: string;
  firstName: string;
  lastName: string;
  phone?: string | undefined;
  loginEmail: string;
  recoveryEmail: string;
  language?: Language | undefined;
  createdAt: string;
}) => ({
  userId: user.userId,
  firstName: user.firstName,
  lastName: user.lastName,
  ...(user.phone !== undefined ? { phone: user.phone } : {}),
  loginEmail: user.loginEmail,
  recoveryEmail: user.recoveryEmail,
  // R-L1: an account older than languages reads English.
  language: user.language ?? defaultLanguage,
  createdAt: user.createdAt,
});

async function loadUser(userId: string) {
  const user = await getItem(User, { userId });
  if (!user) throw errors.unauthenticated(texts.accountGone);
  return user;
}

/**
 * A new account's user (R-A2, R-A3, R-A4): the recovery address differs from the login address,
 * the password meets the policy and is hashed. `sameAddressDetail` says which login address.
 */
export async function newUser(
  input: { firstName: string; lastName: string; recoveryEmail: string; password: string; language: Language },
  loginEmail: string,
  sameAddressDetail: Detail,
  now: string,
): Promise<User> {
  const recoveryEmail = normaliseEmail(input.recoveryEmail);
  if (loginEmail === recoveryEmail) {
    throw errors.of(422, "SAME_AS_LOGIN_EMAIL", sameAddressDetail);
  }
  assertStrongPassword(input.password, loginEmail);
  return {
    userId: newId(),
    firstName: input.firstName,
    lastName: input.lastName,
    loginEmail,
    recoveryEmail,
    passwordHash: await hashPassword(input.password),
    language: input.language,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * R-O1, R-O2, R-O5, R-A1, R-A2, R-A5: the user, the login email guard, the organization and
 * the legal representative's membership, in one transaction.
 */
export async function signUp(input: SignUpInput, origin: RequestOrigin) {
  const now = new Date().toISOString();
  const user = await newUser(input, normaliseEmail(input.loginEmail), texts.recoveryEqualsLoginEmail, now);
  const { organization, membership } = newOrganization(input.organization, user);
  const session = await newSession(user.userId, origin.sourceIp);
  await transact([
    createItem(LoginEmail, { email: user.loginEmail, userId: user.userId }, { fails: loginEmailTaken }),
    createItem(User, user),
    createItem(Organization, organization),
    createItem(Membership, membership),
    auditAction(userScope(user.userId), "account.created", user.userId, origin),
    auditAction(`ORG#${organization.orgId}`, "organization.created", user.userId, origin, {
      name: organization.name,
    }),
    createItem(Session, session.record),
    mailAction(
      "welcome",
      user.loginEmail,
      { firstName: user.firstName, organizationName: organization.name },
      { language: user.language },
    ),
  ]);
  return {
    user: userView(user),
    organization: organizationView(organization),
    token: session.token,
    sessionId: session.sessionId,
    expiresAt: session.expiresAt,
  };
}

const accountLocked = (lockedUntil: number) =>
  errors.of(429, "ACCOUNT_LOCKED", texts.accountLocked, {
    headers: { "retry-after": String(Math.max(1, lockedUntil - nowSeconds())) },
  });

/** Counts a failed sign-in for an address, known or not, and locks it after too many (R-A6). */
async function recordFailedSignIn(email: string) {
  const now = nowSeconds();
  // One counter per address, created by its first failure: an upsert, so a raw update.
  const { Attributes } = await withConflictRetry(() =>
    dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: SignInThrottle.key({ email }),
        UpdateExpression:
          "SET failures = if_not_exists(failures, :zero) + :one, expiresAt = :expires, email = :email, #entity = :entity",
        ExpressionAttributeNames: { "#entity": "entity" },
        ExpressionAttributeValues: {
          ":zero": 0,
          ":one": 1,
          ":expires": now + lockoutSeconds,
          ":email": email,
          ":entity": SignInThrottle.name,
        },
        ReturnValues: "ALL_NEW",
      }),
    ),
  );
  if ((Attributes?.failures as number) >= maxFailedSignIns) {
    await write(updateItem(SignInThrottle, { email }, { set: { lockedUntil: now + lockoutSeconds } }));
  }
}

/** How long the failed sign-ins of an address no account has are audited: 90 days. */
export const unknownAddressAuditSeconds = 90 * 24 * 3600;

/** R-A6: one answer for an unknown email and a wrong password, in the same time. */
export async function signIn(input: { loginEmail: string; password: string }, origin: RequestOrigin) {
  const email = normaliseEmail(input.loginEmail);
  const [throttle, guard] = await Promise.all([
    getItem(SignInThrottle, { email }),
    getItem(LoginEmail, { email }),
  ]);
  const activeThrottle = throttle && !isExpired(throttle) ? throttle : undefined;
  if (activeThrottle?.lockedUntil && activeThrottle.lockedUntil > nowSeconds()) {
    throw accountLocked(activeThrottle.lockedUntil);
  }
  if (throttle && !activeThrottle) await write(deleteItem(SignInThrottle, { email }));
  // R-A6: an unknown address does the same work as a wrong password, read for read, hash for
  // hash, write for write, so the answer's timing tells nothing either (bench figure 8).
  const user = await getItem(User, { userId: guard?.userId ?? unknownUserId });
  const valid = user
    ? await verifyPassword(input.password, user.passwordHash)
    : await verifyAgainstNothing(input.password);
  if (!user || !valid) {
    await Promise.all([
      recordFailedSignIn(email),
      // The failure is in the account's audit log; an unknown address's goes to the address's
      // own, kept a while for investigations and then expired: nobody's account holds it.
      writeAudit(
        user ? userScope(user.userId) : `SIGNIN#${email}`,
        "session.sign_in_failed",
        undefined,
        origin,
        undefined,
        user ? undefined : nowSeconds() + unknownAddressAuditSeconds,
      ),
    ]);
    throw errors.of(401, "INVALID_CREDENTIALS", texts.credentialsWrong);
  }
  const session = await newSession(user.userId, origin.sourceIp);
  // The session, its audit entry and the end of a failure streak: one write.
  await transact([
    createItem(Session, session.record),
    auditAction(userScope(user.userId), "session.opened", user.userId, origin, {
      sessionId: session.sessionId,
    }),
    activeThrottle && deleteItem(SignInThrottle, { email }),
  ]);
  return { token: session.token, expiresAt: session.expiresAt };
}

/**
 * A new session for an account that exists, without its password: for the replay of a sign-up
 * (the same Idempotency-Key and the same body, password included), whose first answer's token
 * is never kept in the table.
 */
export async function sessionForReplay(userId: string, origin: RequestOrigin) {
  const user = await getItem(User, { userId });
  if (!user) throw errors.conflict(texts.accountClosedSinceCreated);
  const session = await newSession(userId, origin.sourceIp);
  await transact([
    createItem(Session, session.record),
    auditAction(userScope(userId), "session.opened", userId, origin, {
      sessionId: session.sessionId,
      replayOf: "sign-up",
    }),
  ]);
  return { token: session.token, expiresAt: session.expiresAt };
}

/** The profile and every organization the user belongs to, with the role (R-O7). */
export async function profile(userId: string) {
  // Two requests: the memberships, then the user and their organizations in one BatchGetItem.
  const memberships = await queryAll(Membership, membershipsOfUser(userId));
  const [user, ...found] = await getBatch([
    read(User, { userId }),
    ...memberships.map((membership) => read(Organization, { orgId: membership.orgId })),
  ]);
  if (!user) throw errors.unauthenticated(texts.accountGone);
  const organizations = found.filter((organization) => organization !== undefined);
  const byId = new Map(organizations.map((organization) => [organization.orgId, organization]));
  return {
    ...userView(user),
    organizations: memberships.flatMap((membership) => {
      const organization = byId.get(membership.orgId);
      return organization
        ? [
            {
              orgId: organization.orgId,
              name: organization.name,
              role: membership.role,
              billingRights: membership.billingRights,
            },
          ]
        : [];
    }),
  };
}

/** R-A3: password, an unused address other than the recovery one, and a mailed single-use token. */
export async function requestLoginEmailChange(
  userId: string,
  input: { newLoginEmail: string; password: string },
  origin: RequestOrigin,
) {
  const user = await loadUser(userId);
  if (!(await verifyPassword(input.password, user.passwordHash))) throw invalidPassword();
  const newLoginEmail = normaliseEmail(input.newLoginEmail);
  if (newLoginEmail === user.recoveryEmail) {
    throw errors.of(422, "SAME_AS_RECOVERY_EMAIL", texts.loginEqualsRecoveryEmail);
  }
  if (newLoginEmail === user.loginEmail) {
    throw errors.of(422, "SAME_AS_LOGIN_EMAIL", texts.alreadyLoginEmail);
  }
  const taken = await getItem(LoginEmail, { email: newLoginEmail });
  if (taken) throw loginEmailTaken();
  const token = newToken();
  const tokenHash = hashToken(token);
  await transact([
    // R-A10: the newest request is the pending one; an older link stops confirming anything.
    updateItem(
      User,
      { userId },
      { set: { pendingLoginEmailTokenHash: tokenHash } },
      {
        condition: { passwordHash: user.passwordHash, loginEmail: user.loginEmail },
        fails: () => errors.conflict(texts.accountChangedMeanwhile),
      },
    ),
    createItem(EmailToken, {
      tokenHash,
      purpose: "login-email-change",
      userId,
      email: newLoginEmail,
      createdAt: new Date().toISOString(),
      expiresAt: nowSeconds() + loginEmailTokenMinutes * 60,
    }),
    auditAction(userScope(userId), "login_email.change_requested", userId, origin, { newLoginEmail }),
    // To the new address, for the account's owner: in the account's language.
    mailAction(
      "login-email-change-confirm",
      newLoginEmail,
      { token, expiresInMinutes: loginEmailTokenMinutes },
      { language: user.language },
    ),
  ]);
}

/** Reads a mailed token: absent, expired, used or of another purpose are all the same 410. */
export async function readEmailToken(token: string, purpose: EmailTokenPurpose) {
  const data = await getItem(EmailToken, { tokenHash: hashToken(token) });
  if (!data || data.purpose !== purpose || data.usedAt || isExpired(data)) throw tokenExpiredOrUsed();
  return data;
}

/**
 * R-A3, R-A5: on proof of receipt, the switch in one transaction: the token used once, the new
 * guard created only if free, the old guard removed, the user updated only if unchanged.
 */
export async function confirmLoginEmailChange(token: string, origin: RequestOrigin) {
  const record = await readEmailToken(token, "login-email-change");
  const userId = record.userId as string;
  const newLoginEmail = record.email as string;
  const user = await getItem(User, { userId });
  // R-A10: only the pending change confirms; a newer request, a password change or a reset
  // ended this one.
  if (!user || user.pendingLoginEmailTokenHash !== record.tokenHash) throw tokenExpiredOrUsed();
  // R-A10: every check of R-A3 again, on the account as it is now.
  if (newLoginEmail === user.recoveryEmail) {
    throw errors.of(422, "SAME_AS_RECOVERY_EMAIL", texts.recoveryChangedToNewLoginEmail);
  }
  const oldLoginEmail = user.loginEmail;
  await transact([
    updateItem(
      EmailToken,
      { tokenHash: record.tokenHash },
      { set: { usedAt: new Date().toISOString() } },
      { condition: { usedAt: { exists: false } }, fails: tokenExpiredOrUsed },
    ),
    createItem(LoginEmail, { email: newLoginEmail, userId }, { fails: loginEmailTaken }),
    deleteItem(LoginEmail, { email: oldLoginEmail }, { condition: { userId } }),
    updateItem(
      User,
      { userId },
      {
        set: { loginEmail: newLoginEmail, updatedAt: new Date().toISOString() },
        remove: ["pendingLoginEmailTokenHash"],
      },
      {
        // The account as checked: the same pending change, the same recovery address.
        condition: {
          loginEmail: oldLoginEmail,
          recoveryEmail: user.recoveryEmail,
          pendingLoginEmailTokenHash: record.tokenHash,
        },
        fails: tokenExpiredOrUsed,
      },
    ),
    auditAction(userScope(userId), "login_email.changed", userId, origin, {
      from: oldLoginEmail,
      to: newLoginEmail,
    }),
    mailAction("login-email-changed", oldLoginEmail, { newLoginEmail }, { language: user.language }),
  ]);
  return { loginEmail: newLoginEmail };
}

/** R-A4: current password, the policy, a notice, and every other session revoked. */
export async function changePassword(
  userId: string,
  sessionId: string,
  input: { currentPassword: string; newPassword: string },
  origin: RequestOrigin,
) {
  const user = await loadUser(userId);
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) throw invalidPassword();
  assertStrongPassword(input.newPassword, user.loginEmail);
  const passwordHash = await hashPassword(input.newPassword);
  const now = new Date().toISOString();
  // The new password, the end of the other sessions and the audit entry: one transaction (the
  // rare user with more open sessions than a transaction holds has the rest revoked after).
  const others = await openSessionIds(userId, sessionId);
  const revokedNow = others.slice(0, maxActions - 3);
  await transact([
    updateItem(
      User,
      { userId },
      // R-A10: a password change ends a pending login change.
      { set: { passwordHash, updatedAt: now }, remove: ["pendingLoginEmailTokenHash"] },
      {
        condition: { passwordHash: user.passwordHash },
        fails: () => errors.conflict(texts.passwordChangedMeanwhile),
      },
    ),
    ...revokedNow.map((id) => updateItem(Session, { sessionId: id }, { set: { revokedAt: now } })),
    auditAction(userScope(userId), "password.changed", userId, origin),
    mailAction(
      "password-changed",
      user.loginEmail,
      { firstName: user.firstName },
      { language: user.language },
    ),
  ]);
  if (others.length > revokedNow.length) await revokeOtherSessions(userId, sessionId);
}

/** R-A2: the recovery address differs from the login identifier; the previous one is told. */
export async function changeRecoveryEmail(
  userId: string,
  input: { recoveryEmail: string; password: string },
  origin: RequestOrigin,
) {
  const user = await loadUser(userId);
  if (!(await verifyPassword(input.password, user.passwordHash))) throw invalidPassword();
  const recoveryEmail = normaliseEmail(input.recoveryEmail);
  if (recoveryEmail === user.loginEmail) {
    throw errors.of(422, "SAME_AS_LOGIN_EMAIL", texts.recoveryEqualsLoginEmail);
  }
  await transact([
    updateItem(User, { userId }, { set: { recoveryEmail, updatedAt: new Date().toISOString() } }),
    auditAction(userScope(userId), "recovery_email.changed", userId, origin, {
      from: user.recoveryEmail,
      to: recoveryEmail,
    }),
    user.recoveryEmail !== recoveryEmail &&
      mailAction(
        "recovery-email-changed",
        user.recoveryEmail,
        { newRecoveryEmail: recoveryEmail },
        { language: user.language },
      ),
  ]);
}
