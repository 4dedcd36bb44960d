import { openSessionIds, revokeOtherSessions } from "#shared/accounts/sessions";
import { auditAction, type RequestOrigin, userScope } from "#shared/audit";
import { Invoice, invoicesOf, PrepaidAccount } from "#shared/billing/entities";
import { deletionAttempt, startDeletionExecution } from "#shared/deletion/deletion";
import { OrganizationDeletion } from "#shared/deletion/entities";
import { LoginEmail, Membership, membershipsOfUser, Organization, Session, User } from "#shared/entities";
import { getItem, getItems, queryAll } from "#shared/entity/reads";
import { maxTransactionActions as maxActions, transact } from "#shared/entity/transactions";
import { checkItem, deleteItem, updateItem } from "#shared/entity/writes";
import { errors } from "#shared/errors";
import { type Message, message } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import { mailAction } from "#shared/mail/outbox";

/** What stands in the way of deleting an organization its last member leaves (R-A7, R-D1). */
type Standing =
  | { orgId: string; organizationName: string; prerequisite: "products" | "openInvoices"; count: number }
  | {
      orgId: string;
      organizationName: string;
      prerequisite: "prepaidBalance";
      amount: number;
      currency: string;
    };

/** What each thing an organization still holds is called in a problem's detail (R-L3). */
const holdingNames: Record<Standing["prerequisite"], Message> = {
  products: message(texts.holdsProducts),
  openInvoices: message(texts.holdsOpenInvoices),
  prepaidBalance: message(texts.holdsPrepaidBalance),
};

/** The options of a deletion asked for by an account's closing: the member gets their paid invoices. */
const closureDeletionOptions = {
  terminateProducts: false,
  settleInvoices: false,
  removeMembers: false,
  emailPaidInvoices: true,
};

/**
 * R-A7: refused while the user is the last legal representative of an organization that has
 * other members (409 LAST_LEGAL_REPRESENTATIVE). An organization the user is the last member
 * of must meet the deletion prerequisites (R-D1): no product, no open invoice, no prepaid
 * balance, or the closing is refused with what stands (409 ORGANIZATION_NOT_EMPTY); one that
 * meets them goes through the organization-deletion workflow, as if its legal representative
 * had asked (records archived, paid invoices and confirmation mailed), never a silent delete.
 * One transaction: the account and its login email gone, the other memberships ended (the
 * last-representative guard in the table's conditions), each such organization `deleting` with
 * its deletion recorded, the sessions revoked; then the executions start. A start lost to a
 * crash is the reconciler's: it starts such deletions itself, nobody being left to ask again.
 */
export async function closeAccount(userId: string, origin: RequestOrigin) {
  const user = await getItem(User, { userId });
  if (!user) throw errors.unauthenticated(texts.accountGone);
  const memberships = await queryAll(Membership, membershipsOfUser(userId));
  const organizations = await getItems(
    Organization,
    memberships.map((membership) => ({ orgId: membership.orgId })),
  );
  const byId = new Map(organizations.map((organization) => [organization.orgId, organization]));
  const blocking = memberships.filter((membership) => {
    const organization = byId.get(membership.orgId);
    return (
      membership.role === "legal_representative" &&
      organization &&
      organization.legalRepresentativeCount <= 1 &&
      organization.memberCount > 1
    );
  });
  if (blocking.length) {
    throw errors.of(409, "LAST_LEGAL_REPRESENTATIVE", texts.lastLegalRepresentativeOfShared, {
      extensions: { orgIds: blocking.map((membership) => membership.orgId) },
    });
  }
  const lastMemberOf = organizations.filter((organization) => organization.memberCount <= 1);
  const busy = lastMemberOf.filter((organization) => organization.status !== "active");
  if (busy.length) {
    throw errors.of(409, "ORGANIZATION_DELETING", texts.lastMemberOrganizationDeleting, {
      extensions: { orgIds: busy.map((organization) => organization.orgId) },
    });
  }
  const prepaidAccounts = await getItems(
    PrepaidAccount,
    lastMemberOf.map((organization) => ({ orgId: organization.orgId })),
  );
  const standing: Standing[] = [];
  for (const organization of lastMemberOf) {
    const named = { orgId: organization.orgId, organizationName: organization.name };
    const openInvoices = (await queryAll(Invoice, invoicesOf(organization.orgId))).filter(
      (invoice) => invoice.status === "open",
    ).length;
    const prepaid = prepaidAccounts.find((account) => account.orgId === organization.orgId);
    if (organization.productCount > 0)
      standing.push({ ...named, prerequisite: "products", count: organization.productCount });
    if (openInvoices > 0) standing.push({ ...named, prerequisite: "openInvoices", count: openInvoices });
    if ((prepaid?.balance ?? 0) > 0 || prepaid?.pendingWithdrawals?.length)
      standing.push({
        ...named,
        prerequisite: "prepaidBalance",
        amount: prepaid?.balance ?? 0,
        currency: organization.currency,
      });
  }
  if (standing.length) {
    const holdings = [...new Set(standing.map((item) => item.prerequisite))].map(
      (held) => holdingNames[held],
    );
    throw errors.of(409, "ORGANIZATION_NOT_EMPTY", message(texts.organizationNotEmpty, { holdings }), {
      extensions: { unmet: standing },
    });
  }
  const sharedMemberships = memberships.filter(
    (membership) => !lastMemberOf.some((organization) => organization.orgId === membership.orgId),
  );
  const deletions = await Promise.all(
    lastMemberOf.map(async (organization) => ({
      organization,
      existing: await getItem(OrganizationDeletion, { orgId: organization.orgId }, { consistent: true }),
    })),
  );
  const started = deletions.map(({ organization, existing }) =>
    deletionAttempt({
      orgId: organization.orgId,
      existing,
      organization,
      organizationName: organization.name,
      requester: { userId, loginEmail: user.loginEmail, language: user.language },
      options: closureDeletionOptions,
      origin,
      requestedThrough: "account-closure",
      // Still as checked: the user its only member, no product, still active.
      organizationCondition: { memberCount: 1, productCount: 0, status: "active" },
    }),
  );
  const fixedActions = 4 + sharedMemberships.length * 2 + started.length * 4;
  if (fixedActions > maxActions) throw errors.conflict(texts.tooManyMemberships);
  const sessions = await openSessionIds(userId);
  const revokedNow = sessions.slice(0, maxActions - fixedActions);
  const revokedAt = new Date().toISOString();
  await transact([
    deleteItem(User, { userId }),
    deleteItem(LoginEmail, { email: user.loginEmail }, { condition: { userId } }),
    // The organizations the user is the last member of: still empty as checked, then deleted
    // by the workflow (the user's membership goes with the organization's profile, last).
    ...started.flatMap(({ record, actions }) => [
      checkItem(
        PrepaidAccount,
        { orgId: record.orgId },
        { $or: [{ $exists: false }, { balance: 0 }] },
        {
          fails: () => errors.conflict(texts.yourOrganizationChangedMeanwhile),
        },
      ),
      ...actions,
    ]),
    // Shared organizations: the membership ends; the last-representative guard is the table's.
    ...sharedMemberships.flatMap((membership) => [
      deleteItem(Membership, { orgId: membership.orgId, userId }),
      membership.role === "legal_representative"
        ? updateItem(
            Organization,
            { orgId: membership.orgId },
            { add: { legalRepresentativeCount: -1, memberCount: -1 } },
            { condition: { legalRepresentativeCount: { gt: 1 } } },
          )
        : updateItem(Organization, { orgId: membership.orgId }, { add: { memberCount: -1 } }),
    ]),
    auditAction(userScope(userId), "account.closed", userId, origin, {
      ...(started.length ? { organizationsDeleted: started.map(({ record }) => record.orgId) } : {}),
    }),
    ...revokedNow.map((sessionId) => updateItem(Session, { sessionId }, { set: { revokedAt } })),
    mailAction(
      "account-closed",
      user.recoveryEmail,
      {
        firstName: user.firstName,
        organizationsDeleted: started.map(({ record }) => record.organizationName),
      },
      { language: user.language },
    ),
  ]);
  if (sessions.length > revokedNow.length) await revokeOtherSessions(userId);
  // Each start is idempotent (deterministic names); one lost here is the reconciler's.
  await Promise.all(started.map(({ record }) => startDeletionExecution(record)));
}
