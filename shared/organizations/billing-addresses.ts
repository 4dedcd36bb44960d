import { auditAction, orgScope, type RequestOrigin } from "#shared/audit";
import { assertOrganizationActive, authorize, needs } from "#shared/authorization";
import { getItem, queryAll } from "#shared/entity/reads";
import { transact } from "#shared/entity/transactions";
import { createItem, deleteItem } from "#shared/entity/writes";
import { errors } from "#shared/errors";
import { message } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import { BillingAddress, billingAddressesOf } from "#shared/organizations/entities";
import { formatAddress, legalRepresentativesNotice } from "#shared/organizations/organizations";
import type { BillingAddressInput } from "#shared/organizations/schemas";
import { newId } from "#shared/tokens";

/** At most this many extra billing addresses per organization. */
export const maxBillingAddresses = 20;

const billingAddressView = (address: BillingAddress) => ({
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

const addressesOf = (orgId: string) => queryAll(BillingAddress, billingAddressesOf(orgId));

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
    throw errors.of(
      409,
      "TOO_MANY_BILLING_ADDRESSES",
      message(texts.tooManyBillingAddresses, { max: maxBillingAddresses }),
    );
  }
  const address: BillingAddress = {
    orgId,
    addressId: newId(),
    ...input,
    createdAt: new Date().toISOString(),
  };
  const formatted = formatAddress(address);
  await transact([
    createItem(BillingAddress, address),
    auditAction(orgScope(orgId), "billing_address.added", userId, origin, {
      addressId: address.addressId,
      address: formatted,
    }),
    await legalRepresentativesNotice(organization, userId, [
      { field: "billing address", before: "none", after: formatted },
    ]),
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
  const notFound = () => errors.notFound(texts.billingAddressNotFound);
  const address = await getItem(BillingAddress, { orgId, addressId });
  if (!address) throw notFound();
  const formatted = formatAddress(address);
  await transact([
    // Conditional: of two concurrent removals, one removes and tells, the other gets 404.
    deleteItem(
      BillingAddress,
      { orgId, addressId },
      { condition: { addressId: { exists: true } }, fails: notFound },
    ),
    auditAction(orgScope(orgId), "billing_address.removed", userId, origin, {
      addressId,
      address: formatted,
    }),
    await legalRepresentativesNotice(organization, userId, [
      { field: "billing address", before: formatted, after: "removed" },
    ]),
  ]);
}
