import { healthResponse, openApiResponse, operatorHealthResponse } from "#functions/system/responses";
import { route } from "#shared/route-types";

export const healthRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/health",
  handler: "functions/system/health.ts",
  auth: "public",
  summary: 'Liveness: `{status: "ok"}` and nothing that tells an attacker what runs',
  successStatus: 200,
  response: healthResponse,
  access: {},
});

export const operatorHealthRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/operator/health",
  handler: "functions/system/operator-health.ts",
  auth: "operator",
  summary: "Liveness and the versions of the parts, for operators",
  successStatus: 200,
  response: operatorHealthResponse,
  access: {},
});

export const openApiRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/openapi.json",
  handler: "functions/system/openapi.ts",
  auth: "public",
  summary: "The OpenAPI 3.1 description of this API, generated from the route table",
  successStatus: 200,
  response: openApiResponse,
  access: {},
});
