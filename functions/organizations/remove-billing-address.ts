import { removeBillingAddressRoute } from "#functions/organizations/routes";
import { httpHandler, requireSession } from "#shared/http";
import { removeBillingAddress } from "#shared/organizations/billing-addresses";

export const handler = httpHandler(removeBillingAddressRoute, async (request) => {
  await removeBillingAddress(
    requireSession(request).userId,
    request.params.orgId as string,
    request.params.addressId as string,
    request,
  );
  return { status: 204 };
});
