import { listFreeOffersRoute } from "#functions/billing/routes";
import { authorize, needs } from "#shared/authorization";
import { httpHandler, requireSession } from "#shared/http";
import { listUnusedFreeOffers } from "#shared/orders/promotions";

/** R-P5: the unused free offers, for members with billing rights. */
export const handler = httpHandler(listFreeOffersRoute, async (request) => {
  const { userId } = requireSession(request);
  const { orgId } = request.params as { orgId: string };
  await authorize(userId, orgId, needs.billing);
  return { status: 200, body: { freeOffers: await listUnusedFreeOffers(orgId) } };
});
