import { productListResponse, productResponse } from "#functions/products/responses";
import { route } from "#shared/route-types";

export const listProductsRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/organizations/{orgId}/products",
  handler: "functions/products/list-products.ts",
  auth: "user",
  summary: "The products the caller may see",
  successStatus: 200,
  response: productListResponse,
  access: { table: "read" },
});

export const getProductRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/organizations/{orgId}/products/{productId}",
  handler: "functions/products/get-product.ts",
  auth: "user",
  summary: "One product",
  successStatus: 200,
  response: productResponse,
  access: { table: "read" },
});

export const productRoutes = [listProductsRoute, getProductRoute];
