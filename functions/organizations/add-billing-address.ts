import { addBillingAddressRoute } from "#functions/organizations/routes";
import { httpHandler, requireSession } from "#shared/http";
import { idempotent } from "#shared/idempotency";
import { addBillingAddress } from "#shared/organizations/billing-addresses";

export const handler = httpHandler(
  addBillingAddressRoute,
  idempotent(addBillingAddressRoute, async (request) => {
    const orgId = request.params.orgId as string;
    const address = await addBillingAddress(requireSession(request).userId, orgId, request.body, request);
    return {
      status: 201,
      body: address,
      headers: { location: `/v1/organizations/${orgId}/billing-addresses/${address.addressId}` },
    };
  }),
);
