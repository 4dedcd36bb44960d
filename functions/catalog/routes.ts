import { route } from "#shared/route-types";

export const getCatalogRoute = route({
  method: "GET",
  path: "/v1/catalog",
  handler: "functions/catalog/get-catalog.ts",
  auth: "public",
  summary: "The product kinds with their category (R-T1), backups and prices in CHF and EUR",
  successStatus: 200,
  access: {},
});

export const catalogRoutes = [getCatalogRoute];
