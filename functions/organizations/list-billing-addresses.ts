import { listBillingAddressesRoute } from "#functions/organizations/routes";
import { httpHandler, requireSession } from "#shared/http";
import { listBillingAddresses } from "#shared/organizations/billing-addresses";

export const handler = httpHandler(listBillingAddressesRoute, async (request) => ({
  status: 200,
  body: {
    billingAddresses: await listBillingAddresses(
      requireSession(request).userId,
      request.params.orgId as string,
    ),
  },
}));
