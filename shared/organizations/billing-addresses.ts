import { createWriteTransaction, type EntityItem } from "electrodb";
import { auditEntry, orgScope, type RequestOrigin } from "#shared/audit";
import { assertOrganizationActive, authorize, needs } from "#shared/authorization";
import { AuditEntry } from "#shared/entities";
import { errors } from "#shared/errors";
import { BillingAddress } from "#shared/organizations/entities";
import { formatAddress, notifyLegalRepresentatives } from "#shared/organizations/organizations";
import type { BillingAddressInput } from "#shared/organizations/schemas";
import { newId } from "#shared/tokens";
import { commitTransaction } from "#shared/transactions";

/** At most this many extra billing addresses per organization. */
export const maxBillingAddresses = 20;

const billingAddressView = (address: EntityItem<typeof BillingAddress>) => ({
  addressId: address.addressId,
  recipient: address.recipient,
  line1: address.line1,
  line2: address.line2,
  postalCode: address.postalCode,
  city: address.city,
  country: address.country,
  email: address.email,
  createdAt: address.createdAt,
});

const addressesOf = async (orgId: string) =>
  (await BillingAddress.query.byOrg({ orgId }).go({ pages: "all" })).data;

/** R-O5: the extra billing addresses, readable by every member like the other details. */
export async function listBillingAddresses(userId: string, orgId: string) {
  await authorize(userId, orgId, needs.member);
  return (await addressesOf(orgId)).map(billingAddressView);
}

/** R-O4, R-O5, R-O6: a legal representative adds one; the legal representatives are told. */
export async function addBillingAddress(
  userId: string,
  orgId: string,
  input: BillingAddressInput,
  origin: RequestOrigin,
) {
  await authorize(userId, orgId, needs.legalRepresentative);
  const organization = await assertOrganizationActive(orgId);
  if ((await addressesOf(orgId)).length >= maxBillingAddresses) {
    throw errors.of(409, "TOO_MANY_BILLING_ADDRESSES", "Too many billing addresses", {
      detail: `An organization keeps at most ${maxBillingAddresses} extra billing addresses; remove one first.`,
    });
  }
  const address = { orgId, addressId: newId(), ...input, createdAt: new Date().toISOString() };
  const formatted = formatAddress(address);
  await commitTransaction(
    createWriteTransaction({ BillingAddress, AuditEntry }, ({ BillingAddress, AuditEntry }) => [
      BillingAddress.create(address).commit(),
      AuditEntry.create(
        auditEntry(orgScope(orgId), "billing_address.added", userId, origin, {
          addressId: address.addressId,
          address: formatted,
        }),
      ).commit(),
    ]),
  );
  await notifyLegalRepresentatives(organization, userId, [
    { field: "billing address", before: "none", after: formatted },
  ]);
  return billingAddressView(address);
}

export async function removeBillingAddress(
  userId: string,
  orgId: string,
  addressId: string,
  origin: RequestOrigin,
) {
  await authorize(userId, orgId, needs.legalRepresentative);
  const organization = await assertOrganizationActive(orgId);
  const notFound = () => errors.notFound("No such billing address.");
  const { data: address } = await BillingAddress.get({ orgId, addressId }).go();
  if (!address) throw notFound();
  const formatted = formatAddress(address);
  await commitTransaction(
    createWriteTransaction({ BillingAddress, AuditEntry }, ({ BillingAddress, AuditEntry }) => [
      // Conditional: of two concurrent removals, one removes and tells, the other gets 404.
      BillingAddress.delete({ orgId, addressId })
        .where((attribute, op) => op.exists(attribute.addressId))
        .commit(),
      AuditEntry.create(
        auditEntry(orgScope(orgId), "billing_address.removed", userId, origin, {
          addressId,
          address: formatted,
        }),
      ).commit(),
    ]),
    { 0: notFound },
  );
  await notifyLegalRepresentatives(organization, userId, [
    { field: "billing address", before: formatted, after: "removed" },
  ]);
}
