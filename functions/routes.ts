import { accountRoutes } from "#functions/accounts/routes";
import { billingRoutes } from "#functions/billing/routes";
import { catalogRoutes } from "#functions/catalog/routes";
import { deletionRoutes } from "#functions/deletion/routes";
import { memberRoutes } from "#functions/members/routes";
import { operatorRoutes } from "#functions/operator/routes";
import { organizationRoutes } from "#functions/organizations/routes";
import { productRoutes } from "#functions/products/routes";
import { healthRoute, openApiRoute, operatorHealthRoute } from "#functions/system/routes";
import { terminationRoutes } from "#functions/termination/routes";
import type { RouteDefinition } from "#shared/route-types";

/**
 * Every HTTP route, declared once. The local gateway serves exactly this list and the CDK
 * api construct deploys exactly this list, one function per route. Each area declares its
 * routes beside its handlers (`functions/<area>/routes.ts`); each handler is built from its
 * own declaration, so the schema it validates is the one published here.
 */
export const routes: RouteDefinition[] = [
  healthRoute,
  operatorHealthRoute,
  openApiRoute,
  ...accountRoutes,
  ...organizationRoutes,
  ...memberRoutes,
  ...productRoutes,
  ...terminationRoutes,
  ...billingRoutes,
  ...catalogRoutes,
  ...operatorRoutes,
  ...deletionRoutes,
];

/** The Lambda authorizer that checks session tokens for every `user` route. */
export const userAuthorizer = {
  handler: "functions/sessions/authorizer.ts",
  /** Seconds API Gateway caches an authorizer answer; a revoked session stops within this time. */
  resultsCacheTtlSeconds: 30,
  access: { table: "read", signingKey: true },
} as const;
