import type { RouteDefinition } from "#functions/route-types";

export const billingRoutes: RouteDefinition[] = [];
