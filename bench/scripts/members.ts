import { strongPassword } from "#test/support/accounts";
import { giveData, joinAs, membershipOf } from "#test/support/organizations";
import type { RouteScript } from "../lib/requests.ts";

export const memberScripts: Record<string, RouteScript> = {
  "PATCH /v1/organizations/{orgId}/members/{userId}": {
    source:
      "bench script: billing rights flipped each time (the row repeats one value: from its second call nothing changes)",
    prepare: async (context) => {
      const owner = await context.user("team");
      const member = await context.once("team member", () =>
        joinAs(context.local, owner, owner.orgId, { role: "user" }),
      );
      const current = await membershipOf(owner.orgId, member.userId);
      return {
        method: "PATCH",
        path: `/v1/organizations/${owner.orgId}/members/${member.userId}`,
        token: owner.token,
        body: { billingRights: !current?.billingRights },
      };
    },
  },
  "POST /v1/organizations/{orgId}/members/{userId}/removals": {
    source:
      "bench script: a member holding data, so the documented 202 and the workflow start (the row's answers 204)",
    prepare: async (context) => {
      const owner = await context.user("team");
      const member = await joinAs(context.local, owner, owner.orgId, { role: "user" });
      await giveData(owner.orgId, member.userId, "drive");
      return {
        method: "POST",
        path: `/v1/organizations/${owner.orgId}/members/${member.userId}/removals`,
        token: owner.token,
        body: { password: strongPassword, confirm: true, dataDecisions: { drive: { action: "delete" } } },
      };
    },
  },
};
