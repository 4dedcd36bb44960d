import { call } from "#test/support/runtime";
import { expectStatus, type RouteScript } from "../lib/requests.ts";

const germanIban = "DE89370400440532013000";

export const billingScripts: Record<string, RouteScript> = {
  "POST /v1/organizations/{orgId}/prepaid-account/withdrawals/{withdrawalId}/payouts": {
    source: "bench script: a payout that failed once, retried and paid (the row replays a paid one)",
    prepare: async (context) => {
      const user = await context.user("retrier");
      expectStatus(
        await call(context.api, "POST", `/v1/organizations/${user.orgId}/prepaid-account/top-ups`, {
          token: user.token,
          body: { amount: 2_000 },
        }),
        201,
        "a top-up",
      );
      const { recordingPayments } = await import("#shared/ports/payments");
      await recordingPayments.planFaults(user.orgId, { payout: 1 });
      const failed = await call<{ withdrawal: { withdrawalId: string } }>(
        context.api,
        "POST",
        `/v1/organizations/${user.orgId}/prepaid-account/withdrawals`,
        { token: user.token, body: { amount: 2_000, iban: germanIban } },
      );
      const { withdrawalId } = expectStatus(failed, 503, "a withdrawal whose payout fails").body.withdrawal;
      return {
        method: "POST",
        path: `/v1/organizations/${user.orgId}/prepaid-account/withdrawals/${withdrawalId}/payouts`,
        token: user.token,
      };
    },
  },
};
