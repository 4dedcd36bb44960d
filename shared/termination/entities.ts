import { Entity } from "electrodb";
import { entityConfig, key, model } from "#shared/entity-model";

/**
 * The termination area's items. Keys:
 * - Termination `ORG#<orgId>` / `TERMINATION#<productId>`: one per product, the pending request
 *   (which mailed token is the valid one) and then the workflow's progress, step by step.
 * - PortCall    `PORT#<port>` / `CALL#<subject>#<at>#<callId>`: each call the recording adapters
 *   of the provisioning and backup-store ports made, so tests and operators can count them.
 * - PortFault   `PORT#<port>` / `FAULT#<operation>#<subject>`: a fault plan for one operation on
 *   one subject (a product, a backup), set through the adapter's own API.
 */

export const terminationStatuses = ["awaiting_confirmation", "running", "succeeded", "failed"] as const;
export type TerminationStatus = (typeof terminationStatuses)[number];

/** The workflow's steps, in order; their names are the ones recorded in a failure. */
export const terminationSteps = [
  "MarkTerminating",
  "Deprovision",
  "ScheduleBackupPurge",
  "MarkTerminated",
  "NotifyAdministrators",
] as const;
export type TerminationStep = (typeof terminationSteps)[number];

const failureAttribute = {
  type: "map",
  properties: {
    step: { type: "string", required: true },
    reason: { type: "string", required: true },
    at: { type: "string", required: true },
  },
} as const;

/**
 * A product's termination (R-T2): requested (a mailed link, `tokenHash` names the only valid
 * one), then run by the product-termination workflow, whose tasks record what they did
 * (`deprovisionedAt`, `backupsScheduledAt`...) so that a second run of a task does nothing twice.
 */
export const Termination = new Entity(
  {
    model: model("termination"),
    attributes: {
      orgId: { type: "string", required: true },
      productId: { type: "string", required: true },
      status: { type: terminationStatuses, required: true },
      /** The current request: a new request replaces it (and its token). */
      requestId: { type: "string", required: true },
      tokenHash: { type: "string", required: true },
      requestedBy: { type: "string", required: true },
      requestedAt: { type: "string", required: true },
      /** Epoch seconds: when the mailed link stops working. */
      linkExpiresAt: { type: "number", required: true },
      confirmedAt: { type: "string" },
      executionName: { type: "string" },
      deprovisionedAt: { type: "string" },
      backupsScheduledAt: { type: "string" },
      /** When the product's backups become due for the purge job. */
      backupPurgeAt: { type: "string" },
      terminatedAt: { type: "string" },
      /** Users already told that the product is terminated (a retried step skips them). */
      notifiedUserIds: { type: "set", items: "string" },
      notifiedAt: { type: "string" },
      failure: failureAttribute,
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      byProduct: {
        pk: key("pk", "ORG#${orgId}", ["orgId"]),
        sk: key("sk", "TERMINATION#${productId}", ["productId"]),
      },
    },
  },
  entityConfig,
);

/** One call of an outside system through a recording adapter (shared/ports/). */
export const PortCall = new Entity(
  {
    model: model("portCall"),
    attributes: {
      port: { type: "string", required: true },
      operation: { type: "string", required: true },
      /** What the call was about: a product id, a backup id. */
      subject: { type: "string", required: true },
      at: { type: "string", required: true },
      callId: { type: "string", required: true },
      idempotencyKey: { type: "string" },
      outcome: { type: ["succeeded", "failed"] as const, required: true },
      error: { type: "string" },
      details: { type: "any" },
    },
    indexes: {
      bySubject: {
        pk: key("pk", "PORT#${port}", ["port"]),
        sk: key("sk", "CALL#${subject}#${at}#${callId}", ["subject", "at", "callId"]),
      },
    },
  },
  entityConfig,
);

/**
 * A fault plan of a recording adapter: the next `remaining` calls of `operation` on `subject`
 * fail with `errorName` (`remaining` -1: every call). Each failing call uses one up atomically.
 */
export const PortFault = new Entity(
  {
    model: model("portFault"),
    attributes: {
      port: { type: "string", required: true },
      operation: { type: "string", required: true },
      subject: { type: "string", required: true },
      remaining: { type: "number", required: true },
      errorName: { type: "string", required: true },
      message: { type: "string", required: true },
    },
    indexes: {
      bySubject: {
        pk: key("pk", "PORT#${port}", ["port"]),
        sk: key("sk", "FAULT#${operation}#${subject}", ["operation", "subject"]),
      },
    },
  },
  entityConfig,
);
