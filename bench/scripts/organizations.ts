import { companyInput, type RouteScript } from "../lib/requests.ts";

/** A phone number that differs from the last one (almost surely), so that a change applies. */
const newPhone = () =>
  `+41 22 ${String(100 + Math.floor(Math.random() * 900))} ${String(1000 + Math.floor(Math.random() * 9000))}`;

export const organizationScripts: Record<string, RouteScript> = {
  "PATCH /v1/organizations/{orgId}": {
    source:
      "bench script: a new phone number each time (the row repeats one: from its second call nothing changes)",
    prepare: async (context) => {
      const user = await context.user();
      return {
        method: "PATCH",
        path: `/v1/organizations/${user.orgId}`,
        token: user.token,
        headers: { "if-match": "*" },
        body: { phone: newPhone() },
      };
    },
  },
  "POST /v1/organizations/{orgId}/billing-addresses": {
    source: "bench script: a new organization each time (at most 20 extra addresses per organization)",
    prepare: async (context) => {
      const user = await context.user("addresses");
      const orgId = await context.freshOrganization(user);
      return {
        method: "POST",
        path: `/v1/organizations/${orgId}/billing-addresses`,
        token: user.token,
        body: { ...companyInput.postalAddress, recipient: "Accounts payable" },
      };
    },
  },
};
