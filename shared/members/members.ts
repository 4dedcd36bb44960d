import { readEmailToken } from "#shared/accounts/accounts";
import { auditAction, orgScope, type RequestOrigin, userScope } from "#shared/audit";
import {
  assertOrganizationActive,
  authorize,
  decide,
  type MembershipRecord,
  needs,
  type Role,
} from "#shared/authorization";
import { nowSeconds } from "#shared/db";
import { normaliseEmail } from "#shared/email-address";
import { type RemovalOutcome, roleName } from "#shared/email-templates/members";
import {
  EmailToken,
  LoginEmail,
  Membership,
  membershipsOfUser,
  membersOfOrganization,
  Organization,
  User,
} from "#shared/entities";
import { getItem, getItems, queryAll, queryItems } from "#shared/entity/reads";
import { transact } from "#shared/entity/transactions";
import { checkItem, createItem, updateItem, type WriteAction } from "#shared/entity/writes";
import { errors } from "#shared/errors";
import * as texts from "#shared/i18n/error-texts";
import { requestedLanguage } from "#shared/i18n/languages";
import { mailAction } from "#shared/mail/outbox";
import type { InvitationInput, MemberPatch } from "#shared/members/schemas";
import { ActiveRemoval, Invitation, invitationsOf } from "#shared/organizations/entities";
import { loadPerson, organizationView } from "#shared/organizations/organizations";
import { unknownProducts } from "#shared/organizations/products";
import { hashToken, newId, newToken } from "#shared/tokens";

export const invitationDays = 7;

export const lastLegalRepresentative = () =>
  errors.of(409, "LAST_LEGAL_REPRESENTATIVE", texts.lastLegalRepresentative);
export const removalInProgress = () => errors.of(409, "REMOVAL_IN_PROGRESS", texts.memberBeingRemoved);
export const alreadyMember = () => errors.of(409, "ALREADY_MEMBER", texts.alreadyMember);
const organizationDeleting = () => errors.of(409, "ORGANIZATION_DELETING", texts.organizationDeleting);
export const noSuchMember = () => errors.notFound(texts.memberNotFound);

/**
 * Giving or taking the legal representative role, and changing or removing a legal
 * representative, are for legal representatives only: an administrator has every right
 * except over the owners of the organization.
 */
export function assertMayTouchLegalRepresentatives(actor: MembershipRecord) {
  const refusal = decide(actor, needs.legalRepresentative);
  if (refusal) throw refusal;
}

/**
 * R-M6: billing rights are granted only by a legal representative or a member who holds them
 * (an administrator without them cannot give them, by invitation or by a change of rights).
 */
export const billingRightsRequired = () =>
  errors.of(403, "BILLING_RIGHTS_REQUIRED", texts.grantingBillingRightsRequired);

const mayGrantBillingRights = (actor: MembershipRecord) =>
  actor.role === "legal_representative" || actor.billingRights;

export function assertMayGrantBillingRights(actor: MembershipRecord) {
  if (!mayGrantBillingRights(actor)) throw billingRightsRequired();
}

/**
 * The actor's right to grant billing rights, checked again by the transaction that grants them:
 * an actor who lost it meanwhile (demoted, billing rights taken) grants nothing.
 */
const grantorStillEntitled = (actor: MembershipRecord) =>
  checkItem(
    Membership,
    { orgId: actor.orgId, userId: actor.userId },
    { $or: [{ role: "legal_representative" }, { billingRights: true }] },
    { fails: billingRightsRequired },
  );

export const cannotRaiseOwnRights = () =>
  errors.of(403, "CANNOT_RAISE_OWN_RIGHTS", texts.cannotRaiseOwnRights);

const roleRank: Record<Role, number> = { user: 0, administrator: 1, legal_representative: 2 };

/**
 * R-M6: whether a change of rights gives the member more than they hold: a higher role, billing
 * rights, or (for a user) access to a product they could not reach. Administrators and legal
 * representatives reach every product already, so their product list raises nothing.
 */
export function raisesRights(
  current: Pick<MembershipRecord, "role" | "billingRights" | "productIds">,
  next: Pick<MembershipRecord, "role" | "billingRights" | "productIds">,
) {
  if (roleRank[next.role] > roleRank[current.role]) return true;
  if (next.billingRights && !current.billingRights) return true;
  if (next.role !== "user" || current.role !== "user") return false;
  const held = new Set(current.productIds ?? []);
  return (next.productIds ?? []).some((productId) => !held.has(productId));
}

async function assertKnownProducts(orgId: string, productIds: readonly string[] | undefined) {
  const unknown = await unknownProducts(orgId, productIds ?? []);
  if (unknown.length) {
    throw errors.of(422, "UNKNOWN_PRODUCT", texts.productAccessUnknownProduct, {
      extensions: { productIds: unknown },
    });
  }
}

export const memberView = (
  membership: Membership,
  user: { firstName: string; lastName: string; loginEmail: string } | undefined,
) => ({
  userId: membership.userId,
  firstName: user?.firstName,
  lastName: user?.lastName,
  loginEmail: user?.loginEmail,
  role: membership.role,
  billingRights: membership.billingRights,
  productIds: membership.productIds ?? [],
  joinedAt: membership.joinedAt,
});

/** R-M1: the members, their roles and rights, for any member of the organization. */
export async function listMembers(userId: string, orgId: string) {
  // Two requests: the members (the caller's own membership among them decides), then their users.
  const memberships = await queryAll(Membership, membersOfOrganization(orgId), { consistent: true });
  const refusal = decide(
    memberships.find((membership) => membership.userId === userId),
    needs.member,
  );
  if (refusal) throw refusal;
  const users = memberships.length
    ? await getItems(
        User,
        memberships.map((membership) => ({ userId: membership.userId })),
      )
    : [];
  const byId = new Map(users.map((user) => [user.userId, user]));
  return memberships.map((membership) => memberView(membership, byId.get(membership.userId)));
}

const invitationView = (invitation: Invitation) => ({
  invitationId: invitation.invitationId,
  email: invitation.email,
  role: invitation.role,
  billingRights: invitation.billingRights,
  productIds: invitation.productIds ?? [],
  status: invitation.status,
  invitedBy: invitation.invitedBy,
  createdAt: invitation.createdAt,
  linkExpiresAt: invitation.linkExpiresAt,
  acceptedAt: invitation.acceptedAt,
});

/** The invitations of the organization, pending and accepted, for administrators. */
export async function listInvitations(userId: string, orgId: string) {
  await authorize(userId, orgId, needs.administrator);
  const invitations = await queryAll(Invitation, invitationsOf(orgId));
  return invitations.map(invitationView);
}

/**
 * R-M1: an administrator invites someone by email with a role, billing rights and product
 * access; a single-use link valid for 7 days is mailed. Inviting a legal representative
 * takes a legal representative.
 */
export async function invite(
  actorUserId: string,
  orgId: string,
  input: InvitationInput,
  origin: RequestOrigin,
) {
  const actor = await authorize(actorUserId, orgId, needs.administrator);
  if (input.role === "legal_representative") assertMayTouchLegalRepresentatives(actor);
  // R-M6: an invitation with billing rights grants them, so it takes someone who may grant them.
  if (input.billingRights) assertMayGrantBillingRights(actor);
  const organization = await assertOrganizationActive(orgId);
  const email = normaliseEmail(input.email);
  const account = await getItem(LoginEmail, { email });
  if (account && (await getItem(Membership, { orgId, userId: account.userId }))) throw alreadyMember();
  // R-L2: an invitee with an account reads their own language; an address without one, the
  // language of the inviter's request.
  const invitee = account ? await getItem(User, { userId: account.userId }) : undefined;
  const inviteeLanguage = invitee ? invitee.language : requestedLanguage(origin);
  await assertKnownProducts(orgId, input.productIds);
  const inviter = await loadPerson(actorUserId);
  const token = newToken();
  const now = new Date();
  const expiresAt = nowSeconds() + invitationDays * 24 * 3600;
  const invitation: Invitation = {
    orgId,
    invitationId: newId(),
    email,
    role: input.role,
    billingRights: input.billingRights,
    productIds: [...new Set(input.productIds ?? [])],
    invitedBy: actorUserId,
    status: "pending",
    createdAt: now.toISOString(),
    linkExpiresAt: new Date(expiresAt * 1000).toISOString(),
  };
  await transact([
    input.billingRights && grantorStillEntitled(actor),
    createItem(Invitation, invitation),
    createItem(EmailToken, {
      tokenHash: hashToken(token),
      purpose: "invitation",
      orgId,
      subjectId: invitation.invitationId,
      email,
      createdAt: invitation.createdAt,
      expiresAt,
    }),
    auditAction(orgScope(orgId), "member.invited", actorUserId, origin, {
      invitationId: invitation.invitationId,
      email,
      role: input.role,
      billingRights: input.billingRights,
      productIds: invitation.productIds,
    }),
    mailAction(
      "member-invitation",
      email,
      {
        organizationName: organization.name,
        invitedBy: `${inviter.firstName} ${inviter.lastName}`,
        role: input.role,
        token,
        expiresInDays: invitationDays,
      },
      { language: inviteeLanguage },
    ),
  ]);
  return invitationView(invitation);
}

/**
 * Whether someone still belongs to an organization. Someone who joined by invitation (R-M7) has
 * none of their own: removed from the last one, the account stays open with none, and the
 * removal mail says what they can do (create one, join another, close the account).
 */
export async function belongsToAnOrganization(userId: string): Promise<boolean> {
  const page = await queryItems(Membership, membershipsOfUser(userId), { limit: 1 });
  return page.items.length > 0;
}

/**
 * The mail telling someone they were removed from an organization, as a write for the removal's
 * own transaction (undefined when their account is closed: nobody to tell). Whether they are left
 * with no organization is read before the removal commits, without the one they leave.
 */
export async function memberRemovedMail(
  userId: string,
  organization: { orgId: string; name: string },
  removedBy: string | undefined,
  outcomes: RemovalOutcome[],
  options: { mailId?: string } = {},
): Promise<WriteAction | undefined> {
  const user = await getItem(User, { userId });
  if (!user) return undefined;
  const others = await queryItems(Membership, membershipsOfUser(userId), { limit: 2 });
  const noOrganizationLeft = !others.items.some((membership) => membership.orgId !== organization.orgId);
  return mailAction(
    "member-removed",
    user.loginEmail,
    {
      firstName: user.firstName,
      organizationName: organization.name,
      removedBy,
      outcomes,
      noOrganizationLeft,
    },
    { ...options, language: user.language },
  );
}

/** An invitation's mailed token, read with its invitation and its organization, still active. */
export interface OpenInvitation {
  tokenHash: string;
  email: string;
  invitation: Invitation;
  organization: Organization;
}

export async function openInvitation(token: string): Promise<OpenInvitation> {
  const record = await readEmailToken(token, "invitation");
  const orgId = record.orgId as string;
  const invitation = await getItem(Invitation, { orgId, invitationId: record.subjectId as string });
  if (!invitation) throw errors.notFound(texts.invitationNotFound);
  const organization = await assertOrganizationActive(orgId);
  return { tokenHash: record.tokenHash, email: record.email as string, invitation, organization };
}

/**
 * What joining through an invitation writes, in the caller's transaction: the token used once,
 * the membership created only if absent, the counters raised only while the organization is
 * active, the invitation accepted, an audit entry on each side.
 */
export function joiningActions(opened: OpenInvitation, userId: string, origin: RequestOrigin, now: string) {
  const { invitation } = opened;
  const { orgId, invitationId } = invitation;
  const membership: Membership = {
    orgId,
    userId,
    role: invitation.role,
    billingRights: invitation.billingRights,
    productIds: invitation.productIds ?? [],
    joinedAt: now,
  };
  const actions = [
    updateItem(
      EmailToken,
      { tokenHash: opened.tokenHash },
      { set: { usedAt: now, userId } },
      {
        condition: { usedAt: { exists: false } },
        fails: () => errors.of(410, "TOKEN_EXPIRED_OR_USED", texts.linkExpiredOrUsed),
      },
    ),
    createItem(Membership, membership, { fails: alreadyMember }),
    updateItem(
      Organization,
      { orgId },
      {
        add: {
          memberCount: 1,
          legalRepresentativeCount: invitation.role === "legal_representative" ? 1 : 0,
        },
      },
      { condition: { status: "active" }, fails: organizationDeleting },
    ),
    updateItem(
      Invitation,
      { orgId, invitationId },
      { set: { status: "accepted", acceptedBy: userId, acceptedAt: now } },
    ),
    auditAction(orgScope(orgId), "member.joined", userId, origin, {
      invitationId,
      role: invitation.role,
      billingRights: invitation.billingRights,
      productIds: membership.productIds,
    }),
    auditAction(userScope(userId), "organization.joined", userId, origin, { orgId }),
  ];
  return { membership, actions };
}

/**
 * R-M1: the invitee, signed in with the invited address, joins with the invitation's role
 * and rights, in one transaction (`joiningActions`).
 */
export async function acceptInvitation(userId: string, token: string, origin: RequestOrigin) {
  const opened = await openInvitation(token);
  const user = await loadPerson(userId);
  if (normaliseEmail(user.loginEmail) !== opened.email) {
    throw errors.of(403, "INVITATION_EMAIL_MISMATCH", texts.invitationForAnotherAddress);
  }
  const { membership, actions } = joiningActions(opened, userId, origin, new Date().toISOString());
  await transact(actions);
  return {
    organization: organizationView(opened.organization),
    membership: memberView(membership, user),
  };
}

const describeRights = (membership: {
  role: Role;
  billingRights: boolean;
  productIds?: string[] | undefined;
}) => ({
  role: roleName(membership.role),
  "billing rights": membership.billingRights ? "yes" : "no",
  "product access": membership.productIds?.length ? [...membership.productIds].sort().join(", ") : "none",
});

/**
 * R-M1, R-M3: an administrator changes a member's role, billing rights or product access.
 * The write is conditional on the role read (so the counter moves by the right amount) and
 * on no removal of the member being under way; demoting a legal representative takes one
 * from the organization's `legalRepresentativeCount` only while more than one remains, in
 * the same transaction: of two concurrent demotions of the last two, one wins.
 *
 * R-M6: nobody raises their own role or rights (lowering them, e.g. a legal representative
 * stepping down while another remains, is allowed: it grants nothing); billing rights are
 * given only by a legal representative or a member holding them, checked again in the
 * transaction. Taking billing rights away is an administrator's, as removing the member is.
 */
export async function updateMember(
  actorUserId: string,
  orgId: string,
  userId: string,
  patch: MemberPatch,
  origin: RequestOrigin,
) {
  const actor = await authorize(actorUserId, orgId, needs.administrator);
  const organization = await assertOrganizationActive(orgId);
  const current = await getItem(Membership, { orgId, userId });
  if (!current) throw noSuchMember();
  const role = patch.role ?? current.role;
  if (current.role === "legal_representative" || role === "legal_representative") {
    assertMayTouchLegalRepresentatives(actor);
  }
  if (patch.productIds) await assertKnownProducts(orgId, patch.productIds);
  const next: Pick<Membership, "role" | "billingRights" | "productIds"> = {
    role,
    billingRights: patch.billingRights ?? current.billingRights,
    productIds: patch.productIds ? [...new Set(patch.productIds)] : (current.productIds ?? []),
  };
  if (actorUserId === userId && raisesRights(current, next)) throw cannotRaiseOwnRights();
  const grantsBilling = next.billingRights && !current.billingRights;
  if (grantsBilling) assertMayGrantBillingRights(actor);
  const before = describeRights(current);
  const after = describeRights(next);
  const changes = (Object.keys(before) as (keyof typeof before)[])
    .filter((field) => before[field] !== after[field])
    .map((field) => ({ field, before: before[field], after: after[field] }));
  const updated = { ...current, ...next };
  if (!changes.length) return memberView(updated, await getItem(User, { userId }));

  const [member, changedBy] = await Promise.all([
    getItem(User, { userId }),
    getItem(User, { userId: actorUserId }),
  ]);
  const demoted = current.role === "legal_representative" && role !== "legal_representative";
  const promoted = current.role !== "legal_representative" && role === "legal_representative";
  await transact([
    updateItem(
      Membership,
      { orgId, userId },
      { set: next },
      {
        condition: { role: current.role },
        fails: () => errors.conflict(texts.memberChangedMeanwhile),
      },
    ),
    demoted
      ? updateItem(
          Organization,
          { orgId },
          { add: { legalRepresentativeCount: -1 } },
          { condition: { legalRepresentativeCount: { gt: 1 } }, fails: lastLegalRepresentative },
        )
      : promoted
        ? updateItem(
            Organization,
            { orgId },
            { add: { legalRepresentativeCount: 1 } },
            { condition: { status: "active" }, fails: organizationDeleting },
          )
        : checkItem(Organization, { orgId }, { status: "active" }, { fails: organizationDeleting }),
    // The actor is never the member here: granting billing rights to oneself was refused above.
    grantsBilling && grantorStillEntitled(actor),
    checkItem(
      ActiveRemoval,
      { orgId, userId },
      { removalId: { exists: false } },
      { fails: removalInProgress },
    ),
    auditAction(orgScope(orgId), "member.updated", actorUserId, origin, { userId, changes }),
    member &&
      actorUserId !== userId &&
      mailAction(
        "membership-changed",
        member.loginEmail,
        {
          organizationName: organization.name,
          changedBy: changedBy ? `${changedBy.firstName} ${changedBy.lastName}` : undefined,
          changes,
        },
        { language: member.language },
      ),
  ]);
  return memberView(updated, member ?? undefined);
}
