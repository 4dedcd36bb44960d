import { uniqueCode } from "#test/support/billing";
import { call, eventually } from "#test/support/runtime";
import { expectStatus, type RouteScript, send } from "../lib/requests.ts";
import { deletionRequest } from "./deletion.ts";

const source = "bench script: with the operator key (the rows prove users are refused: 403)";

export const operatorScripts: Record<string, RouteScript> = {
  "POST /v1/operator/promo-codes": {
    source,
    prepare: async (context) => ({
      method: "POST",
      path: "/v1/operator/promo-codes",
      headers: { "x-operator-key": context.local.runtime.operatorKey },
      body: { code: uniqueCode("BENCH"), percentOff: 10, productKinds: ["domain"], maxRedemptions: 100 },
    }),
  },
  "POST /v1/operator/organizations/{orgId}/free-offers": {
    source,
    prepare: async (context) => ({
      method: "POST",
      path: `/v1/operator/organizations/${(await context.user()).orgId}/free-offers`,
      headers: { "x-operator-key": context.local.runtime.operatorKey },
      body: { productKind: "domain" },
    }),
  },
  "GET /v1/operator/archive/organizations/{orgId}": {
    source:
      "bench script: with the operator key, the archive of an organization deleted for the bench (R-D7)",
    prepare: async (context) => {
      const orgId = await context.once("archived organization", async () => {
        const request = await deletionRequest(context);
        expectStatus(await send(context.api, request), 202, "a deletion");
        await eventually(
          async () => {
            const status = await call<{ status?: string }>(context.api, "GET", request.path, {
              ...(request.token ? { token: request.token } : {}),
            });
            return status.body.status === "succeeded" ? true : undefined;
          },
          30_000,
          "the deletion to end",
        );
        return request.path.split("/")[3] as string;
      });
      return {
        method: "GET",
        path: `/v1/operator/archive/organizations/${orgId}`,
        headers: { "x-operator-key": context.local.runtime.operatorKey },
      };
    },
  },
};
