import { Entity } from "electrodb";
import { entityConfig, key, model } from "#shared/entity-model";

export const deletionStepNames = [
  "terminate_products",
  "remove_members",
  "settle_invoices",
  "refund_balance",
  "email_paid_invoices",
  "delete_organization",
  "send_confirmation",
] as const;
export type DeletionStepName = (typeof deletionStepNames)[number];
export type DeletionStepStatus = "pending" | "running" | "succeeded" | "skipped" | "failed";

/**
 * The state of an organization's deletion (R-D6), kept outside the organization's partition
 * so that it outlives the organization: the requester can still read how it ended.
 */
export const OrganizationDeletion = new Entity(
  {
    model: model("organizationDeletion"),
    attributes: {
      orgId: { type: "string", required: true },
      organizationName: { type: "string", required: true },
      requestedBy: { type: "string", required: true },
      requesterEmail: { type: "string", required: true },
      options: { type: "any", required: true },
      status: { type: ["running", "succeeded", "failed"] as const, required: true },
      /** Each new request after a failure is a new attempt, and a new execution. */
      attempt: { type: "number", required: true },
      executionArn: { type: "string" },
      steps: { type: "any", required: true },
      failure: { type: "any" },
      startedAt: { type: "string", required: true },
      updatedAt: { type: "string", required: true },
      finishedAt: { type: "string" },
    },
    indexes: {
      byOrg: { pk: key("pk", "DELETION#${orgId}", ["orgId"]), sk: key("sk", "DELETION", []) },
    },
  },
  entityConfig,
);
