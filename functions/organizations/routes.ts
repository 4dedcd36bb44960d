import type { RouteDefinition } from "#functions/route-types";

export const organizationRoutes: RouteDefinition[] = [];
