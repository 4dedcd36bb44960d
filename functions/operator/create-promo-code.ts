import { createPromoCodeRoute } from "#functions/operator/routes";
import { httpHandler } from "#shared/http";
import { idempotent } from "#shared/idempotency";
import { createPromoCode, promoCodeView } from "#shared/orders/promotions";

export const handler = httpHandler(
  createPromoCodeRoute,
  idempotent(createPromoCodeRoute, async (request) => {
    const promo = await createPromoCode(request.body, request);
    return { status: 201, body: { promoCode: promoCodeView(promo) } };
  }),
);
