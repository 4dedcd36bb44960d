import { strongPassword } from "#test/support/accounts";
import { uniqueCode } from "#test/support/billing";
import { addMembership, giveData } from "#test/support/organizations";
import { call, eventually } from "#test/support/runtime";
import { expectStatus, type RouteScript, type ScriptContext, send } from "../lib/requests.ts";
import { deletionRequest } from "./deletion.ts";

/**
 * A new organization whose deletion failed: a member holds data, the provisioning port refuses
 * to delete it (a fault plan of its recording adapter, cleared once the deletion has failed).
 * Its id; the deletion is resumable.
 */
async function failedDeletion(context: ScriptContext): Promise<string> {
  const owner = await context.freshUser();
  const member = await addMembership(context.local, owner.orgId, { role: "user" });
  await giveData(owner.orgId, member.userId, "drive");
  const { recordingProvisioning } = await import("#shared/ports/provisioning");
  await recordingProvisioning.planFault(owner.orgId, "deleteMemberData", "always", { transient: false });
  const path = `/v1/organizations/${owner.orgId}/deletion`;
  const started = await send(context.api, {
    method: "POST",
    path,
    token: owner.token,
    body: {
      confirmName: owner.organizationName,
      password: strongPassword,
      terminateProducts: false,
      settleInvoices: false,
      removeMembers: true,
      emailPaidInvoices: false,
    },
  });
  expectStatus(started, 202, "a deletion");
  await eventually(
    async () => {
      const status = await call<{ status?: string }>(context.api, "GET", path, { token: owner.token });
      return status.body.status === "failed" ? true : undefined;
    },
    30_000,
    "the deletion to fail",
  );
  await recordingProvisioning.clearFaults(owner.orgId);
  return owner.orgId;
}

const source = "bench script: with the operator key (the rows prove users are refused: 403)";

export const operatorScripts: Record<string, RouteScript> = {
  "GET /v1/operator/health": {
    source,
    prepare: async (context) => ({
      method: "GET",
      path: "/v1/operator/health",
      headers: { "x-operator-key": context.local.runtime.operatorKey },
    }),
  },
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
  "GET /v1/operator/stuck-work": {
    source: "bench script: with the operator key, the failed deletions (one made for the bench)",
    prepare: async (context) => {
      await context.once("failed deletion", () => failedDeletion(context));
      return {
        method: "GET",
        path: "/v1/operator/stuck-work?kind=deletions",
        headers: { "x-operator-key": context.local.runtime.operatorKey },
      };
    },
  },
  "POST /v1/operator/organizations/{orgId}/deletion/resume": {
    source: "bench script: with the operator key, a new failed deletion each time (a resume is single-use)",
    prepare: async (context) => ({
      method: "POST",
      path: `/v1/operator/organizations/${await failedDeletion(context)}/deletion/resume`,
      headers: { "x-operator-key": context.local.runtime.operatorKey },
    }),
  },
};
