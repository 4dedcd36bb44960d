import * as z from "zod/mini";
import { timestamp } from "#shared/api/responses";
import { deletionStepNames } from "#shared/deletion/entities";
import type { JsonResponse } from "#shared/route-types";

const stepName = z.enum(deletionStepNames);

/** One step of the organization's deletion (R-D6); `detail` says what it did, or why it failed. */
export const deletionStep = z.strictObject({
  name: stepName,
  status: z.enum(["pending", "running", "succeeded", "skipped", "failed"]),
  detail: z.optional(z.string()),
});

/**
 * The deletion's status (`deletionView` in shared/deletion/deletion.ts): the 202 of a request
 * (a new attempt, or the one already running), the status route's 200 and an operator's resume.
 */
export const deletionStatus = z.strictObject({
  orgId: z.string(),
  status: z.enum(["running", "succeeded", "failed"]),
  /** Each request after a failure is a new attempt. */
  attempt: z.int().check(z.positive()),
  startedAt: timestamp,
  /** Absent while the attempt runs. */
  finishedAt: z.optional(timestamp),
  steps: z.array(deletionStep),
  /** The failed attempt's step (`unknown` when none was running) and its reason. */
  failure: z.optional(
    z.strictObject({ step: z.enum([...deletionStepNames, "unknown"]), reason: z.string(), at: timestamp }),
  ),
});

export const deletionStatusResponse: JsonResponse = {
  name: "DeletionStatus",
  schema: deletionStatus,
  components: { DeletionStep: deletionStep },
  example: {
    orgId: "org4h7d2k9m1",
    status: "failed",
    attempt: 1,
    startedAt: "2026-05-04T09:00:00.000Z",
    finishedAt: "2026-05-04T09:00:07.000Z",
    steps: [
      { name: "terminate_products", status: "succeeded" },
      { name: "remove_members", status: "skipped", detail: "No member to remove." },
      { name: "settle_invoices", status: "succeeded" },
      {
        name: "refund_balance",
        status: "failed",
        detail: "PayoutRefused: The payment provider refused the payout.",
      },
      { name: "email_paid_invoices", status: "pending" },
      { name: "archive_records", status: "pending" },
      { name: "delete_organization", status: "pending" },
      { name: "send_confirmation", status: "pending" },
    ],
    failure: {
      step: "refund_balance",
      reason: "PayoutRefused: The payment provider refused the payout.",
      at: "2026-05-04T09:00:07.000Z",
    },
  },
};
