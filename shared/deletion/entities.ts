import type { Entity } from "#shared/entity";
import type { ItemRange } from "#shared/entity/reads";
import type { Language } from "#shared/i18n/languages";

/** The organization-deletion state machine's name (no imports: entities, routes and tasks read it). */
export const deletionWorkflow = "organization-deletion";

export const deletionStepNames = [
  "terminate_products",
  "remove_members",
  "settle_invoices",
  "refund_balance",
  "email_paid_invoices",
  /** R-D7: invoices and ledger entries copied to the archive before anything is deleted. */
  "archive_records",
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
  /** The requester's language when the deletion started (R-L2), for mails after their account is gone. */
  requesterLanguage?: Language;
  options: DeletionOptions;
  /**
   * How it was asked for: by a legal representative's request (the default; they resume it
   * after a failure), or by the closing of its last member's account (R-A7), which nobody is
   * left to resume: the reconciler does.
   */
  requestedThrough?: "request" | "account-closure";
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
/** gsi2's partition per status: running deletions, failed ones (for operators), finished ones. */
const statusIndex = { running: "RUNNING", failed: "FAILED", succeeded: "DONE" } as const;

/**
 * gsi2 (sparse, time-ordered): `gsi2pk` is `RUNNING#organization-deletion` while the deletion
 * runs (`FAILED#...` once failed, `DONE#...` once done), `gsi2sk` its `updatedAt`. Every write
 * that sets `status` sets `updatedAt` too, and every write that sets `updatedAt` (each step's
 * progress) rewrites `gsi2sk`: a running deletion whose `gsi2sk` is old has made no progress
 * since, which is what the reconciler looks for (`shared/deletion/reconcile.ts`).
 */
export const OrganizationDeletion: Entity<OrganizationDeletion, Pick<OrganizationDeletion, "orgId">> = {
  name: "organizationDeletion",
  key: ({ orgId }) => ({ pk: `DELETION#${orgId}`, sk: "DELETION" }),
  indexKeys: ({ status, updatedAt }) => ({
    ...(status ? { gsi2pk: `${statusIndex[status]}#${deletionWorkflow}` } : {}),
    ...(updatedAt ? { gsi2sk: updatedAt } : {}),
  }),
};
/** Deletions in a status whose last progress (`updatedAt`) is at most `updatedBy` (gsi2), oldest first. */
export const deletionsIn = (status: OrganizationDeletion["status"], updatedBy: string): ItemRange => ({
  index: "gsi2",
  partition: `${statusIndex[status]}#${deletionWorkflow}`,
  lte: updatedBy,
});
