import { strongPassword } from "#test/support/accounts";
import { call } from "#test/support/runtime";
import { expectStatus, type RouteRequest, type RouteScript, type ScriptContext } from "../lib/requests.ts";

/** A deletion of a new account's own organization (nothing to settle first), as requested over HTTP. */
export async function deletionRequest(context: ScriptContext): Promise<RouteRequest> {
  const user = await context.freshUser();
  return {
    method: "POST",
    path: `/v1/organizations/${user.orgId}/deletion`,
    token: user.token,
    body: {
      confirmName: user.organizationName,
      password: strongPassword,
      terminateProducts: false,
      settleInvoices: false,
      removeMembers: false,
      emailPaidInvoices: false,
    },
  };
}

/** The deletion request wins over a row: each one deletes an organization, so it needs a new one. */
export const deletionScripts: Record<string, RouteScript> = {
  "POST /v1/organizations/{orgId}/deletion": {
    source: "bench script: a new account's organization each time (a deletion is single-use)",
    prepare: deletionRequest,
  },
};

/** Used while the route has no authorization row. */
export const deletionFallbacks: Record<string, RouteScript> = {
  "GET /v1/organizations/{orgId}/deletion": {
    source: "bench script: the status of one deletion started for the bench",
    prepare: async (context) => {
      const started = await context.once("deletion", async () => {
        const request = await deletionRequest(context);
        expectStatus(await call(context.api, request.method, request.path, request), 202, "a deletion");
        return request;
      });
      return { method: "GET", path: started.path, ...(started.token ? { token: started.token } : {}) };
    },
  },
};
