import * as z from "zod/mini";
import { deletionStatusResponse } from "#functions/deletion/responses";
import { ibanSchema } from "#shared/billing/iban";
import { route } from "#shared/route-types";
import { humanText } from "#shared/text";

export const requestDeletionRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/organizations/{orgId}/deletion",
  handler: "functions/deletion/request-deletion.ts",
  passwordHashing: true,
  auth: "user",
  freshSession: true,
  summary: "Delete the organization: a legal representative, the password and the name typed again",
  successStatus: 202,
  response: deletionStatusResponse,
  body: z.strictObject({
    confirmName: humanText(200),
    password: z.string().check(z.minLength(1), z.maxLength(1024)),
    terminateProducts: z.boolean(),
    settleInvoices: z.boolean(),
    removeMembers: z.boolean(),
    refundIban: z.optional(ibanSchema),
    emailPaidInvoices: z.boolean(),
  }),
  access: { table: "readWrite", workflows: ["organization-deletion"] },
});

export const deletionStatusRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/organizations/{orgId}/deletion",
  handler: "functions/deletion/deletion-status.ts",
  auth: "user",
  summary: "The organization deletion's status, step by step",
  successStatus: 200,
  response: deletionStatusResponse,
  access: { table: "read" },
});

export const deletionRoutes = [requestDeletionRoute, deletionStatusRoute];
