import { route } from "#functions/route-types";

/**
 * Every HTTP route, declared once. The local gateway serves exactly this list and the CDK
 * api construct deploys exactly this list, one function per route.
 */
export const routes = [
  route({
    method: "GET",
    path: "/v1/health",
    handler: "functions/system/health.ts",
    auth: "public",
    summary: "Liveness and the versions of the parts",
    successStatus: 200,
    access: {},
  }),
  route({
    method: "GET",
    path: "/v1/openapi.json",
    handler: "functions/system/openapi.ts",
    auth: "public",
    summary: "The OpenAPI 3.1 description of this API, generated from the route table",
    successStatus: 200,
    access: {},
  }),
];

/** The Lambda authorizer that checks session tokens for every `user` route. */
export const userAuthorizer = {
  handler: "functions/sessions/authorizer.ts",
  /** Seconds API Gateway caches an authorizer answer; a revoked session stops within this time. */
  resultsCacheTtlSeconds: 30,
  access: { table: "read", signingKey: true },
} as const;
