import { grantFreeOfferRoute } from "#functions/operator/routes";
import { httpHandler } from "#shared/http";
import { idempotent } from "#shared/idempotency";
import { grantFreeOffer } from "#shared/orders/promotions";

export const handler = httpHandler(
  grantFreeOfferRoute,
  idempotent(grantFreeOfferRoute, async (request) => {
    const { orgId } = request.params as { orgId: string };
    const offer = await grantFreeOffer(orgId, request.body.productKind, request);
    return {
      status: 201,
      body: {
        freeOfferId: offer.freeOfferId,
        orgId,
        productKind: offer.productKind,
        grantedAt: offer.grantedAt,
      },
    };
  }),
);
