import { newUser, userView } from "#shared/accounts/accounts";
import { newSession } from "#shared/accounts/sessions";
import { auditAction, type RequestOrigin, userScope } from "#shared/audit";
import { normaliseEmail } from "#shared/email-address";
import { LoginEmail, Session, User } from "#shared/entities";
import { transact } from "#shared/entity/transactions";
import { createItem } from "#shared/entity/writes";
import { errors } from "#shared/errors";
import * as texts from "#shared/i18n/error-texts";
import type { Language } from "#shared/i18n/languages";
import { mailAction } from "#shared/mail/outbox";
import { joiningActions, memberView, openInvitation } from "#shared/members/members";
import { organizationView } from "#shared/organizations/organizations";

export interface InvitedSignUpInput {
  firstName: string;
  lastName: string;
  recoveryEmail: string;
  password: string;
  invitationToken: string;
  /** R-L1: the body's `language`, else the request's Accept-Language, else English. */
  language: Language;
}

const alreadyAnAccount = () => errors.of(409, "LOGIN_EMAIL_TAKEN", texts.invitedAddressTaken);

/**
 * R-M7: a person invited without an account signs up from the invitation. The invited address
 * is the login email (the mailed token is the proof that it receives mail, R-A3), and the
 * account belongs to the inviting organization only, with the invitation's role and rights.
 * One transaction: the login email guard, the user, everything joining writes (the token used
 * once, the membership, the counters, the invitation accepted) and the session.
 */
export async function signUpFromInvitation(input: InvitedSignUpInput, origin: RequestOrigin) {
  const opened = await openInvitation(input.invitationToken);
  const now = new Date().toISOString();
  const user = await newUser(input, normaliseEmail(opened.email), texts.recoveryEqualsInvitedAddress, now);
  const session = await newSession(user.userId, origin.sourceIp);
  const joining = joiningActions(opened, user.userId, origin, now);
  await transact([
    createItem(LoginEmail, { email: user.loginEmail, userId: user.userId }, { fails: alreadyAnAccount }),
    createItem(User, user),
    ...joining.actions,
    auditAction(userScope(user.userId), "account.created", user.userId, origin, {
      invitationId: opened.invitation.invitationId,
    }),
    createItem(Session, session.record),
    mailAction(
      "welcome-invited",
      user.loginEmail,
      { firstName: user.firstName, organizationName: opened.organization.name },
      { language: user.language },
    ),
  ]);
  return {
    user: userView(user),
    organization: organizationView(opened.organization),
    membership: memberView(joining.membership, user),
    token: session.token,
    sessionId: session.sessionId,
    expiresAt: session.expiresAt,
  };
}
