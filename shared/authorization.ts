import { Membership, Organization } from "#shared/entities";
import { type BatchRead, type BatchResults, getBatch, getItem, read } from "#shared/entity/reads";
import { type DomainError, errors } from "#shared/errors";
import * as texts from "#shared/i18n/error-texts";

export type Role = "legal_representative" | "administrator" | "user";

export interface MembershipRecord {
  orgId: string;
  userId: string;
  role: Role;
  billingRights: boolean;
  productIds?: string[] | undefined;
}

/**
 * What a route needs from the caller's membership in the organization of its path:
 * - `member`: any member (reads of the organization, its member list).
 * - `administrator`: an administrator or a legal representative (invitations, members, products).
 * - `legalRepresentative`: a legal representative only (R-O4: details, deletion).
 * - `billing`: billing rights, whatever the role (R-M1: invoices, prepaid account).
 * - `product`: an administrator or legal representative, or a user given that product (R-M5).
 */
export type Need =
  | { kind: "member" }
  | { kind: "administrator" }
  | { kind: "legalRepresentative" }
  | { kind: "billing" }
  | { kind: "product"; productId: string };

export const needs = {
  member: { kind: "member" },
  administrator: { kind: "administrator" },
  legalRepresentative: { kind: "legalRepresentative" },
  billing: { kind: "billing" },
  product: (productId: string) => ({ kind: "product", productId }),
} as const satisfies Record<string, Need | ((productId: string) => Need)>;

const isAdministrator = (membership: MembershipRecord) =>
  membership.role === "legal_representative" || membership.role === "administrator";

/**
 * The one decision every organization route goes through, from the caller's membership
 * (undefined when the caller is not a member) and the route's need. Pure, so that it can be
 * tested for every role. An organization the caller does not belong to does not exist for
 * them (404, R-O7); a product outside it neither (R-M5, decided by the caller's lookup).
 */
export function decide(membership: MembershipRecord | undefined, need: Need): DomainError | undefined {
  if (!membership) return errors.notFound(texts.organizationNotFound);
  switch (need.kind) {
    case "member":
      return undefined;
    case "administrator":
      return isAdministrator(membership)
        ? undefined
        : errors.of(403, "ADMINISTRATOR_REQUIRED", texts.administratorRequired);
    case "legalRepresentative":
      return membership.role === "legal_representative"
        ? undefined
        : errors.of(403, "LEGAL_REPRESENTATIVE_REQUIRED", texts.legalRepresentativeRequired);
    case "billing":
      return membership.billingRights
        ? undefined
        : errors.of(403, "BILLING_RIGHTS_REQUIRED", texts.billingRightsRequired);
    case "product":
      return isAdministrator(membership) || membership.productIds?.includes(need.productId)
        ? undefined
        : errors.of(403, "PRODUCT_ACCESS_REQUIRED", texts.productAccessRequired);
  }
}

/** Reads the caller's membership and applies `decide`; returns the membership when allowed. */
export async function authorize(userId: string, orgId: string, need: Need): Promise<MembershipRecord> {
  const membership = await getItem(Membership, { orgId, userId });
  const refusal = decide(membership, need);
  if (refusal) throw refusal;
  return membership as MembershipRecord;
}

/**
 * The caller's membership and the items a read route shows, in one BatchGetItem: the
 * membership decides (`decide`), and the items are answered only when it allows.
 */
export async function authorizeAndRead<const Reads extends readonly BatchRead[]>(
  userId: string,
  orgId: string,
  need: Need,
  reads: Reads,
  options?: { consistent?: boolean },
): Promise<BatchResults<Reads>> {
  const [membership, ...items] = await getBatch([read(Membership, { orgId, userId }), ...reads], options);
  const refusal = decide(membership, need);
  if (refusal) throw refusal;
  return items as unknown as BatchResults<Reads>;
}

/** While an organization is being deleted, nothing in it may change. */
export async function assertOrganizationActive(orgId: string) {
  const organization = await getItem(Organization, { orgId });
  if (!organization) throw errors.notFound(texts.organizationNotFound);
  if (organization.status !== "active") {
    throw errors.of(409, "ORGANIZATION_DELETING", texts.organizationDeleting);
  }
  return organization;
}
