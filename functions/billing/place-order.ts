import { placeOrderRoute } from "#functions/billing/routes";
import { authorizeAll, orderNeeds } from "#shared/billing/access";
import { httpHandler, requireSession } from "#shared/http";
import { idempotent } from "#shared/idempotency";
import { placedOrderView, placeOrder } from "#shared/orders/orders";

export const handler = httpHandler(
  placeOrderRoute,
  idempotent(placeOrderRoute, async (request, { operationId }) => {
    const { userId } = requireSession(request);
    const { orgId } = request.params as { orgId: string };
    await authorizeAll(userId, orgId, ...orderNeeds(request.body.paymentMethod));
    const placed = await placeOrder({
      orgId,
      userId,
      orderId: operationId,
      body: request.body,
      origin: request,
    });
    return { status: 201, body: placedOrderView(placed) };
  }),
);
