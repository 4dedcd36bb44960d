import { getCatalogRoute } from "#functions/catalog/routes";
import { catalogView } from "#shared/catalog/catalog";
import { httpHandler } from "#shared/http";

const view = catalogView();

export const handler = httpHandler(getCatalogRoute, async () => ({
  status: 200,
  body: view,
  // The catalog changes only with a deployment; caches may keep it a few minutes.
  headers: { "cache-control": "public, max-age=300" },
}));
