import { currencyForCountry } from "#shared/currency";
import type { OrganizationInput } from "#shared/organizations/schemas";
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
  person: { userId: string; firstName: string; lastName: string },
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

/** The public shape of an organization. */
export const organizationView = (organization: {
  orgId: string;
  name: string;
  type: string;
  postalAddress?: unknown;
  phone?: string | undefined;
  currency: string;
  status: string;
  createdAt: string;
  updatedAt: string;
}) => ({
  orgId: organization.orgId,
  name: organization.name,
  type: organization.type,
  postalAddress: organization.postalAddress,
  phone: organization.phone,
  currency: organization.currency,
  status: organization.status,
  createdAt: organization.createdAt,
  updatedAt: organization.updatedAt,
});
