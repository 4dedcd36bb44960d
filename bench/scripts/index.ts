import type { RouteScript } from "../lib/requests.ts";
import { rowScripts } from "../lib/rows.ts";
import { accountScripts } from "./accounts.ts";
import { billingScripts } from "./billing.ts";
import { deletionFallbacks, deletionScripts } from "./deletion.ts";
import { memberScripts } from "./members.ts";
import { operatorScripts } from "./operator.ts";
import { organizationScripts } from "./organizations.ts";
import { terminationScripts } from "./termination.ts";

/**
 * A valid request for each route, by route key (`POST /v1/accounts`): the authorization
 * matrix's row for the route (test/support/authorization-rows/), except where a bench script
 * here must replace it, each saying why (a single-use request that needs fresh state each
 * run, a row where nobody succeeds). The figures iterate over the route table; a route with
 * neither is reported as "not measured", never skipped silently.
 */
export async function routeScripts(): Promise<Record<string, RouteScript>> {
  return {
    ...deletionFallbacks,
    ...(await rowScripts()),
    ...accountScripts,
    ...organizationScripts,
    ...memberScripts,
    ...terminationScripts,
    ...billingScripts,
    ...operatorScripts,
    ...deletionScripts,
  };
}
