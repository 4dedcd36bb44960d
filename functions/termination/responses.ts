import * as z from "zod/mini";
import { timestamp } from "#shared/api/responses";
import { type BackupStatus, productStatuses } from "#shared/products/entities";
import type { JsonResponse } from "#shared/route-types";
import { terminationStatuses, terminationSteps } from "#shared/termination/entities";

/** R-T2: the confirmation link went to the requester's login address; nothing else changed. */
export const terminationRequestResponse: JsonResponse = {
  name: "TerminationRequest",
  schema: z.strictObject({
    status: z.literal("confirmation_sent"),
    /** The requester's login address, where the link went. */
    sentTo: z.string(),
    linkExpiresAt: timestamp,
  }),
  example: {
    status: "confirmation_sent",
    sentTo: "ada@example.org",
    linkExpiresAt: "2026-05-04T10:15:00.000Z",
  },
};

/** The product-termination workflow started; `statusUrl` (also the `Location`) follows it. */
export const terminationStartedResponse: JsonResponse = {
  name: "TerminationStarted",
  schema: z.strictObject({
    status: z.literal("started"),
    orgId: z.string(),
    productId: z.string(),
    statusUrl: z.string(),
  }),
  example: {
    status: "started",
    orgId: "org4h7d2k9m1",
    productId: "prd7kq2m9x4t",
    statusUrl: "/v1/organizations/org4h7d2k9m1/products/prd7kq2m9x4t/termination",
  },
};

const stepName = z.enum(terminationSteps);

/** One workflow step: done (and when), failed (and why), or still to come. */
export const terminationStep = z.discriminatedUnion("status", [
  z.strictObject({ name: stepName, status: z.literal("succeeded"), at: timestamp }),
  z.strictObject({ name: stepName, status: z.literal("failed"), detail: z.string() }),
  z.strictObject({ name: stepName, status: z.literal("pending") }),
]);

export const terminationStatusResponse: JsonResponse = {
  name: "TerminationStatus",
  schema: z.strictObject({
    productId: z.string(),
    productStatus: z.enum(productStatuses),
    /** `confirmation_expired`: the request's link ran out unconfirmed; a new request may be asked. */
    status: z.enum([...terminationStatuses, "confirmation_expired"]),
    requestedAt: timestamp,
    /** While the request awaits its confirmation. */
    linkExpiresAt: z.optional(timestamp),
    confirmedAt: z.optional(timestamp),
    terminatedAt: z.optional(timestamp),
    /** When the product's backups become due for the purge (R-T5). */
    backupPurgeAt: z.optional(timestamp),
    /** Empty while the request awaits its confirmation. */
    steps: z.array(terminationStep),
    failure: z.optional(z.strictObject({ step: stepName, reason: z.string() })),
  }),
  components: { TerminationStep: terminationStep },
  example: {
    productId: "prd7kq2m9x4t",
    productStatus: "terminated",
    status: "succeeded",
    requestedAt: "2026-05-04T09:15:00.000Z",
    confirmedAt: "2026-05-04T09:20:00.000Z",
    terminatedAt: "2026-05-04T09:20:03.000Z",
    backupPurgeAt: "2026-06-03T09:20:02.000Z",
    steps: [
      { name: "MarkTerminating", status: "succeeded", at: "2026-05-04T09:20:00.000Z" },
      { name: "Deprovision", status: "succeeded", at: "2026-05-04T09:20:01.000Z" },
      { name: "ScheduleBackupPurge", status: "succeeded", at: "2026-05-04T09:20:02.000Z" },
      { name: "MarkTerminated", status: "succeeded", at: "2026-05-04T09:20:03.000Z" },
      { name: "NotifyAdministrators", status: "succeeded", at: "2026-05-04T09:20:04.000Z" },
    ],
  },
};

/** A backup still kept: one being purged is not listed, a purged one has no record left (R-T5). */
export const backup = z.strictObject({
  backupId: z.string(),
  createdAt: timestamp,
  sizeBytes: z.int().check(z.nonnegative()),
  status: z.enum(["available", "purge_scheduled"] as const satisfies readonly BackupStatus[]),
  /** From then on the purge job deletes it; null while its product is not terminated. */
  purgeAt: z.nullable(timestamp),
});

export const backupListResponse: JsonResponse = {
  name: "BackupList",
  schema: z.strictObject({
    productId: z.string(),
    productStatus: z.enum(productStatuses),
    /** Newest first. */
    backups: z.array(backup),
  }),
  components: { Backup: backup },
  example: {
    productId: "prd7kq2m9x4t",
    productStatus: "terminated",
    backups: [
      {
        backupId: "bkp2c9f0a1d3e",
        createdAt: "2026-05-03T02:00:00.000Z",
        sizeBytes: 1_048_576,
        status: "purge_scheduled",
        purgeAt: "2026-06-03T09:20:02.000Z",
      },
    ],
  },
};
