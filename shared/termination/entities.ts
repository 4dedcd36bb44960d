import type { Entity } from "#shared/entity";
import type { ItemRange } from "#shared/entity/reads";
import { terminationWorkflow } from "#shared/termination/workflow-name";

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

/**
 * A product's termination (R-T2): requested (a mailed link, `tokenHash` names the only valid
 * one), then run by the product-termination workflow, whose tasks record what they did
 * (`deprovisionedAt`, `backupsScheduledAt`...) so that a second run of a task does nothing twice.
 */
export interface Termination {
  orgId: string;
  productId: string;
  status: TerminationStatus;
  /** The current request: a new request replaces it (and its token). */
  requestId: string;
  tokenHash: string;
  requestedBy: string;
  requestedAt: string;
  /** Epoch seconds: when the mailed link stops working. */
  linkExpiresAt: number;
  confirmedAt?: string;
  executionName?: string;
  deprovisionedAt?: string;
  backupsScheduledAt?: string;
  /** When the product's backups become due for the purge job. */
  backupPurgeAt?: string;
  terminatedAt?: string;
  /** Users already told that the product is terminated (a retried step skips them); a string set. */
  notifiedUserIds?: Set<string>;
  notifiedAt?: string;
  failure?: { step: string; reason: string; at: string };
  updatedAt: string;
}
/**
 * The request id of a termination that an organization's deletion runs itself (R-D2), inside
 * its own workflow: no product-termination execution of its own, so not in that workflow's queue.
 */
export const deletionRequestPrefix = "organization-deletion-";

/** gsi2's partition per status; an unconfirmed request is not in the index. */
const statusIndex: Partial<Record<TerminationStatus, string>> = {
  running: "RUNNING",
  failed: "FAILED",
  succeeded: "DONE",
};

/**
 * gsi2 (sparse, time-ordered): `gsi2pk` is `RUNNING#product-termination` while the workflow
 * runs (`FAILED#...` once failed, `DONE#...` once done), `gsi2sk` its `updatedAt`. Every write
 * that sets `status` sets `updatedAt` too, and each step's progress sets `updatedAt`, so a
 * running termination whose `gsi2sk` is old has made no progress since: what the reconciler
 * looks for (`shared/termination/reconcile.ts`). A request awaiting confirmation (written whole,
 * by a put) is not indexed, nor a termination the organization's deletion runs itself.
 */
export const Termination: Entity<Termination, Pick<Termination, "orgId" | "productId">> = {
  name: "termination",
  key: ({ orgId, productId }) => ({ pk: `ORG#${orgId}`, sk: `TERMINATION#${productId}` }),
  indexKeys: ({ status, updatedAt, requestId }) => {
    if (requestId?.startsWith(deletionRequestPrefix)) return {};
    const partition = status ? statusIndex[status] : undefined;
    return {
      ...(partition ? { gsi2pk: `${partition}#${terminationWorkflow}` } : {}),
      ...(updatedAt ? { gsi2sk: updatedAt } : {}),
    };
  },
};
/** Terminations in a status whose last progress (`updatedAt`) is at most `updatedBy` (gsi2), oldest first. */
export const terminationsIn = (status: "running" | "failed" | "succeeded", updatedBy: string): ItemRange => ({
  index: "gsi2",
  partition: `${statusIndex[status]}#${terminationWorkflow}`,
  lte: updatedBy,
});

/** One call of an outside system through a recording adapter (shared/ports/). */
export interface PortCall {
  port: string;
  operation: string;
  /** What the call was about: a product id, a backup id. */
  subject: string;
  at: string;
  callId: string;
  idempotencyKey?: string;
  outcome: "succeeded" | "failed";
  /** A call with an idempotency key that already succeeded: the provider did nothing again. */
  repeat?: boolean;
  error?: string;
  details?: Record<string, unknown>;
}
export const PortCall: Entity<PortCall, Pick<PortCall, "port" | "subject" | "at" | "callId">> = {
  name: "portCall",
  key: ({ port, subject, at, callId }) => ({ pk: `PORT#${port}`, sk: `CALL#${subject}#${at}#${callId}` }),
};
/** The calls a port made about one subject. */
export const portCallsAbout = (port: string, subject: string): ItemRange => ({
  partition: `PORT#${port}`,
  beginsWith: `CALL#${subject}#`,
});

/**
 * A fault plan of a recording adapter: the next `remaining` calls of `operation` on `subject`
 * fail with `errorName` (`remaining` -1: every call). Each failing call uses one up atomically.
 * With `hold`, calls wait until the plan is cleared instead.
 */
export interface PortFault {
  port: string;
  operation: string;
  subject: string;
  remaining: number;
  errorName: string;
  message: string;
  /** A hold instead: calls wait until the plan is cleared (a slow provider), then go on. */
  hold?: boolean;
}
export const PortFault: Entity<PortFault, Pick<PortFault, "port" | "operation" | "subject">> = {
  name: "portFault",
  key: ({ port, operation, subject }) => ({ pk: `PORT#${port}`, sk: `FAULT#${operation}#${subject}` }),
};
