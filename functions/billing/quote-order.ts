import { quoteOrderRoute } from "#functions/billing/routes";
import { authorizeAll, orderNeeds } from "#shared/billing/access";
import { httpHandler, requireSession } from "#shared/http";
import { quoteOrder } from "#shared/orders/orders";

export const handler = httpHandler(quoteOrderRoute, async (request) => {
  const { userId } = requireSession(request);
  const { orgId } = request.params as { orgId: string };
  await authorizeAll(userId, orgId, ...orderNeeds(request.body.paymentMethod));
  return { status: 200, body: { quote: await quoteOrder(orgId, request.body) } };
});
