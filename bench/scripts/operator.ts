import { uniqueCode } from "#test/support/billing";
import type { RouteScript } from "../lib/requests.ts";

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
};
