import { routes } from "#functions/routes";
import { openApiRoute } from "#functions/system/routes";
import { httpHandler } from "#shared/http";
import { buildOpenApiDocument } from "#shared/openapi";

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export const handler = httpHandler(openApiRoute, async () => {
  document ??= buildOpenApiDocument(routes, process.env.APP_VERSION ?? "0.0.0");
  return { status: 200, body: document, headers: { "cache-control": "public, max-age=300" } };
});
