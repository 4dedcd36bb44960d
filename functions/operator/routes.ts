import type { RouteDefinition } from "#functions/route-types";

export const operatorRoutes: RouteDefinition[] = [];
