import type { Context } from "aws-lambda";
import { routes } from "#functions/routes";
import { loadHandler } from "#local/lambda";
import type { HttpEvent } from "#shared/http";
import { routeKey } from "#shared/route-types";
import { measureInvocation } from "../lib/meter.ts";
import { rootDir } from "../lib/settings.ts";

const handlerOf = new Map(routes.map((route) => [routeKey(route), route.handler]));

/**
 * Every route of the metered gateway (figure 4) lands here: the route's own handler runs
 * under measurement, charged to the route key.
 */
export const handler = async (event: HttpEvent, context: Context) => {
  const module = handlerOf.get(event.routeKey);
  if (!module) throw new Error(`no handler for ${event.routeKey}`);
  const inner = await loadHandler(rootDir, module);
  return measureInvocation(event.routeKey, () => inner(event, context));
};
