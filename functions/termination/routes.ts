import * as z from "zod/mini";
import {
  backupListResponse,
  terminationRequestResponse,
  terminationStartedResponse,
  terminationStatusResponse,
} from "#functions/termination/responses";
import { route } from "#shared/route-types";
import { terminationWorkflow } from "#shared/termination/workflow-name";

export const requestTerminationRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/organizations/{orgId}/products/{productId}/termination-requests",
  handler: "functions/termination/request-termination.ts",
  // Who may: whoever may manage the product (an administrator, a legal representative, or a
  // user given that product), as `needs.product` decides.
  auth: "user",
  summary:
    "Ask to terminate a product: a single-use confirmation link goes to the requester; nothing else changes",
  successStatus: 202,
  response: terminationRequestResponse,
  body: z.optional(z.strictObject({})),
  // DescribeExecution: a termination whose execution ended without its Catch is recorded failed first.
  access: { table: "readWrite", workflows: [terminationWorkflow] },
});

export const confirmTerminationRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/terminations/confirm",
  handler: "functions/termination/confirm-termination.ts",
  // The mailed token is the proof; the link may be opened on a device that is not signed in.
  auth: "public",
  summary: "Confirm a termination with the mailed token: starts the product-termination workflow",
  successStatus: 202,
  response: terminationStartedResponse,
  body: z.strictObject({ token: z.string().check(z.minLength(16), z.maxLength(256)) }),
  access: { table: "readWrite", workflows: [terminationWorkflow] },
});

export const terminationStatusRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/organizations/{orgId}/products/{productId}/termination",
  handler: "functions/termination/termination-status.ts",
  auth: "user",
  summary: "A product's termination, step by step, with the failure when a step failed",
  successStatus: 200,
  response: terminationStatusResponse,
  access: { table: "read" },
});

export const listBackupsRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/organizations/{orgId}/products/{productId}/backups",
  handler: "functions/termination/list-backups.ts",
  auth: "user",
  summary: "A product's backups with their purge dates",
  successStatus: 200,
  response: backupListResponse,
  access: { table: "read" },
});

export const terminationRoutes = [
  requestTerminationRoute,
  confirmTerminationRoute,
  terminationStatusRoute,
  listBackupsRoute,
];
