import { getProductRoute } from "#functions/products/routes";
import { httpHandler, requireSession } from "#shared/http";
import { readProduct } from "#shared/organizations/products";

export const handler = httpHandler(getProductRoute, async (request) => ({
  status: 200,
  body: await readProduct(
    requireSession(request).userId,
    request.params.orgId as string,
    request.params.productId as string,
  ),
}));
