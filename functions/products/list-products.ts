import { listProductsRoute } from "#functions/products/routes";
import { httpHandler, requireSession } from "#shared/http";
import { listVisibleProducts } from "#shared/organizations/products";

export const handler = httpHandler(listProductsRoute, async (request) => ({
  status: 200,
  body: {
    products: await listVisibleProducts(requireSession(request).userId, request.params.orgId as string),
  },
}));
