import { catalogResponse } from "#functions/catalog/responses";
import { route } from "#shared/route-types";

export const getCatalogRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/catalog",
  handler: "functions/catalog/get-catalog.ts",
  auth: "public",
  summary: "The product kinds with their category (R-T1), backups and prices in CHF and EUR",
  successStatus: 200,
  response: catalogResponse,
  access: {},
});

export const catalogRoutes = [getCatalogRoute];
