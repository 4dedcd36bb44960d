import type { Entity } from "#shared/entity";

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

/** One step's progress, kept in the record's `steps` map under the step's name. */
export interface StepState {
  status: DeletionStepStatus;
  detail?: string;
  updatedAt?: string;
}

/** The requester's choices (R-D2); the refund IBAN is kept only as "provided". */
export interface DeletionOptions {
  terminateProducts: boolean;
  settleInvoices: boolean;
  removeMembers: boolean;
  refundIban?: string | undefined;
  emailPaidInvoices: boolean;
}

/**
 * The state of an organization's deletion (R-D6), kept outside the organization's partition
 * so that it outlives the organization: the requester can still read how it ended.
 */
export interface OrganizationDeletion {
  orgId: string;
  organizationName: string;
  requestedBy: string;
  requesterEmail: string;
  options: DeletionOptions;
  status: "running" | "succeeded" | "failed";
  /** Each new request after a failure is a new attempt, and a new execution. */
  attempt: number;
  executionArn?: string;
  steps: Partial<Record<DeletionStepName, StepState>>;
  failure?: { step: string; reason: string; at: string };
  startedAt: string;
  updatedAt: string;
  finishedAt?: string;
}
export const OrganizationDeletion: Entity<OrganizationDeletion, Pick<OrganizationDeletion, "orgId">> = {
  name: "organizationDeletion",
  key: ({ orgId }) => ({ pk: `DELETION#${orgId}`, sk: "DELETION" }),
};
