import { auditAction, orgScope, type RequestOrigin, userScope } from "#shared/audit";
import { assertOrganizationActive, authorize, needs } from "#shared/authorization";
import { currencyForCountry } from "#shared/currency";
import { Membership, membershipsOfUser, membersOfOrganization, Organization, User } from "#shared/entities";
import { getItem, getItems, queryAll } from "#shared/entity/reads";
import { transact } from "#shared/entity/transactions";
import { createItem, updateItem, type WriteAction, write } from "#shared/entity/writes";
import { errors } from "#shared/errors";
import * as texts from "#shared/i18n/error-texts";
import { defaultLanguage, type Language } from "#shared/i18n/languages";
import { mailsAction } from "#shared/mail/outbox";
import type { OrganizationInput, OrganizationPatch } from "#shared/organizations/schemas";
import { newId } from "#shared/tokens";

/** R-O2: an individual's organization carries the person's name; others their own. */
export const organizationName = (
  input: OrganizationInput,
  person: { firstName: string; lastName: string },
) => (input.type === "individual" ? `${person.firstName} ${person.lastName}` : (input.name as string));

/**
 * The items of a new organization with its creator as legal representative (R-O1), for the
 * caller to create in its transaction.
 */
export function newOrganization(
  input: OrganizationInput,
  person: { userId: string; firstName: string; lastName: string; language?: Language | undefined },
) {
  const orgId = newId();
  const now = new Date().toISOString();
  const organization = {
    orgId,
    name: organizationName(input, person),
    type: input.type,
    postalAddress: input.postalAddress,
    ...(input.phone ? { phone: input.phone } : {}),
    currency: currencyForCountry(input.postalAddress.country),
    // R-L1: the billing language is at first its creator's.
    language: person.language ?? defaultLanguage,
    status: "active" as const,
    legalRepresentativeCount: 1,
    memberCount: 1,
    productCount: 0,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const membership = {
    orgId,
    userId: person.userId,
    role: "legal_representative" as const,
    billingRights: true,
    productIds: [],
    joinedAt: now,
  };
  return { organization, membership };
}

export type OrganizationRecord = ReturnType<typeof newOrganization>["organization"];
export type StoredOrganization = Organization;

const logoTypes: Record<string, string> = { png: "image/png", jpg: "image/jpeg", svg: "image/svg+xml" };

/** The logo's content type, from its object key (`logos/<orgId>/<sha256>.<ext>`). */
export const logoContentType = (logoKey: string | undefined) =>
  logoKey ? logoTypes[logoKey.split(".").pop() ?? ""] : undefined;

/** The public shape of an organization. */
export const organizationView = (organization: {
  orgId: string;
  name: string;
  type: string;
  postalAddress?: unknown;
  phone?: string | undefined;
  currency: string;
  language?: Language | undefined;
  status: string;
  logoKey?: string | undefined;
  createdAt: string;
  updatedAt: string;
}) => ({
  orgId: organization.orgId,
  name: organization.name,
  type: organization.type,
  postalAddress: organization.postalAddress,
  phone: organization.phone,
  currency: organization.currency,
  // R-L1: an organization older than languages bills in English.
  language: organization.language ?? defaultLanguage,
  status: organization.status,
  logo: organization.logoKey
    ? {
        contentType: logoContentType(organization.logoKey),
        url: `/v1/organizations/${organization.orgId}/logo`,
      }
    : null,
  createdAt: organization.createdAt,
  updatedAt: organization.updatedAt,
});

/**
 * The ETag of an organization's details: its `version`, raised by every change of details
 * (logo included) with a conditional write. A strong tag: If-Match compares strongly.
 */
export const etagOf = (organization: { version: number }) => `"${organization.version}"`;

/** The versions an If-Match header accepts; "*" accepts any. Weak tags never match (RFC 9110). */
export function acceptedVersions(ifMatch: string): number[] | "*" {
  if (ifMatch.trim() === "*") return "*";
  return ifMatch
    .split(",")
    .map((tag) => /^"(\d+)"$/.exec(tag.trim())?.[1])
    .filter((version): version is string => version !== undefined)
    .map(Number);
}

export const formatAddress = (address: {
  recipient?: string | undefined;
  line1: string;
  line2?: string | undefined;
  postalCode: string;
  city: string;
  country: string;
}) =>
  [address.recipient, address.line1, address.line2, `${address.postalCode} ${address.city}`, address.country]
    .filter(Boolean)
    .join(", ");

/** One changed detail, as the summary mail and the audit entry show it (R-O6). */
export interface DetailChange {
  field: string;
  before: string;
  after: string;
}

export async function loadPerson(userId: string) {
  const user = await getItem(User, { userId });
  if (!user) throw errors.unauthenticated(texts.accountGone);
  return user;
}

/** The organization's legal representatives: their login emails and languages. */
export async function legalRepresentatives(
  orgId: string,
): Promise<{ loginEmail: string; language?: Language | undefined }[]> {
  const members = await queryAll(Membership, membersOfOrganization(orgId));
  const representatives = members.filter((member) => member.role === "legal_representative");
  if (!representatives.length) return [];
  const users = await getItems(
    User,
    representatives.map(({ userId }) => ({ userId })),
  );
  return users.map(({ loginEmail, language }) => ({ loginEmail, language }));
}

/** Recipients grouped by language (R-L2): one message per language, each written in its own. */
export function byLanguage(
  recipients: readonly { loginEmail: string; language?: Language | undefined }[],
): { to: string[]; language: Language }[] {
  const groups = new Map<Language, string[]>();
  for (const { loginEmail, language = defaultLanguage } of recipients)
    groups.set(language, [...(groups.get(language) ?? []), loginEmail]);
  return [...groups].map(([language, to]) => ({ to, language }));
}

/**
 * R-O6: after every change of details, the legal representatives get what changed: the mail,
 * as a write for the change's own transaction (undefined when there is nobody to tell).
 */
export async function legalRepresentativesNotice(
  organization: { orgId: string; name: string },
  actorUserId: string,
  changes: DetailChange[],
): Promise<WriteAction | undefined> {
  if (!changes.length) return undefined;
  const [recipients, actor] = await Promise.all([
    legalRepresentatives(organization.orgId),
    getItem(User, { userId: actorUserId }),
  ]);
  if (!recipients.length) return undefined;
  const data = {
    organizationName: organization.name,
    changedBy: actor ? `${actor.firstName} ${actor.lastName}` : undefined,
    changes,
  };
  // Representatives of several languages: one message per language, in one outbox item.
  return mailsAction(
    "organization-changed",
    byLanguage(recipients).map(({ to, language }) => ({ to, language, data })),
    { language: undefined },
  );
}

/** R-O6 where the change is not a transaction of its own: the notice written alone, after it. */
export async function notifyLegalRepresentatives(
  organization: { orgId: string; name: string },
  actorUserId: string,
  changes: DetailChange[],
) {
  const notice = await legalRepresentativesNotice(organization, actorUserId, changes);
  if (notice) await write(notice);
}

/** R-O7: every organization the user belongs to, with the user's role and rights in it. */
export async function listOrganizations(userId: string) {
  const memberships = await queryAll(Membership, membershipsOfUser(userId));
  if (!memberships.length) return [];
  const organizations = await getItems(
    Organization,
    memberships.map((membership) => ({ orgId: membership.orgId })),
  );
  const byId = new Map(organizations.map((organization) => [organization.orgId, organization]));
  return memberships.flatMap((membership) => {
    const organization = byId.get(membership.orgId);
    return organization
      ? [
          {
            ...organizationView(organization),
            role: membership.role,
            billingRights: membership.billingRights,
          },
        ]
      : [];
  });
}

/** Another organization, with the caller as its legal representative (R-O1, R-O2, R-O5). */
export async function createOrganization(userId: string, input: OrganizationInput, origin: RequestOrigin) {
  const person = await loadPerson(userId);
  const { organization, membership } = newOrganization(input, person);
  await transact([
    createItem(Organization, organization),
    createItem(Membership, membership),
    auditAction(orgScope(organization.orgId), "organization.created", userId, origin, {
      name: organization.name,
      type: organization.type,
    }),
    auditAction(userScope(userId), "organization.created", userId, origin, { orgId: organization.orgId }),
  ]);
  return organization;
}

/** An organization's details, for any of its members. */
export async function readOrganization(userId: string, orgId: string) {
  await authorize(userId, orgId, needs.member);
  const organization = await getItem(Organization, { orgId });
  if (!organization) throw errors.notFound(texts.organizationNotFound);
  return organization;
}

const describeAddress = (address: StoredOrganization["postalAddress"]) =>
  address ? formatAddress(address) : "none";

/**
 * R-O4, R-O5, R-O6: a legal representative changes the details, against the ETag they read
 * (If-Match). The write is conditional on that version, so of two changes made from the
 * same read, the second gets 412 and never overwrites the first. The currency of future
 * invoices follows the postal country; invoices already issued keep their own.
 *
 * R-O2 for individuals: their organization is named after its person, so a name is not
 * accepted while the type is (or becomes) `individual` (422 NAME_FIXED_FOR_INDIVIDUAL);
 * becoming an individual takes the name of the legal representative who makes the change.
 * Leaving `individual` needs the new name in the same request (422 NAME_REQUIRED).
 */
export async function updateOrganization(
  userId: string,
  orgId: string,
  ifMatch: string | undefined,
  patch: OrganizationPatch,
  origin: RequestOrigin,
) {
  await authorize(userId, orgId, needs.legalRepresentative);
  if (!ifMatch) {
    throw errors.preconditionRequired(texts.ifMatchRequired);
  }
  const current = await assertOrganizationActive(orgId);
  const versions = acceptedVersions(ifMatch);
  const stale = () => errors.preconditionFailed(texts.organizationChangedSinceRead);
  if (versions !== "*" && !versions.includes(current.version)) throw stale();

  const type = patch.type ?? current.type;
  let name: string;
  if (type === "individual") {
    if (patch.name !== undefined) {
      throw errors.of(422, "NAME_FIXED_FOR_INDIVIDUAL", texts.individualNameFixed);
    }
    const person = current.type === "individual" ? undefined : await loadPerson(userId);
    name = person ? `${person.firstName} ${person.lastName}` : current.name;
  } else {
    if (patch.name === undefined && current.type === "individual") {
      throw errors.of(422, "NAME_REQUIRED", texts.nameRequiredForType);
    }
    name = patch.name ?? current.name;
  }
  const postalAddress = patch.postalAddress ?? current.postalAddress;
  const phone = patch.phone === null ? undefined : (patch.phone ?? current.phone);
  const currency = postalAddress ? currencyForCountry(postalAddress.country) : current.currency;
  const language = patch.language ?? current.language ?? defaultLanguage;

  const changes: DetailChange[] = [];
  const compare = (field: string, before: string, after: string) => {
    if (before !== after) changes.push({ field, before, after });
  };
  compare("name", current.name, name);
  compare("type", current.type, type);
  compare("postal address", describeAddress(current.postalAddress), describeAddress(postalAddress));
  compare("phone", current.phone ?? "none", phone ?? "none");
  compare("currency of future invoices", current.currency, currency);
  compare("billing language", current.language ?? defaultLanguage, language);
  if (!changes.length) return { organization: current, changes };

  const now = new Date().toISOString();
  // The new name heads the notice: the organization as it will be.
  const notice = await legalRepresentativesNotice({ orgId, name }, userId, changes);
  await transact([
    updateItem(
      Organization,
      { orgId },
      {
        set: {
          name,
          type,
          currency,
          language,
          updatedAt: now,
          ...(postalAddress ? { postalAddress } : {}),
          ...(phone !== undefined ? { phone } : {}),
        },
        add: { version: 1 },
        ...(phone === undefined && current.phone !== undefined ? { remove: ["phone" as const] } : {}),
      },
      { condition: { version: current.version, status: "active" }, fails: stale },
    ),
    auditAction(orgScope(orgId), "organization.updated", userId, origin, { changes }),
    notice,
  ]);
  const updated = await getItem(Organization, { orgId });
  if (!updated) throw errors.notFound(texts.organizationNotFound);
  return { organization: updated, changes };
}
