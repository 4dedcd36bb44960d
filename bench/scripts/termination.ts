import { addProduct, requestAndReadLink } from "#test/support/termination";
import type { RouteScript } from "../lib/requests.ts";

export const terminationScripts: Record<string, RouteScript> = {
  "POST /v1/terminations/confirm": {
    source: "bench script: a new product and a real mailed link (the row's token was never sent: 410)",
    prepare: async (context) => {
      const user = await context.user("terminator");
      const { productId } = await addProduct(user.orgId, { backups: 1 });
      const token = await requestAndReadLink(context.local, user, user.orgId, productId);
      return { method: "POST", path: "/v1/terminations/confirm", body: { token } };
    },
  },
};
