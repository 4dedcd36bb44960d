import { Entity } from "electrodb";
import { entityConfig, key, model } from "#shared/entity-model";

export const productStatuses = ["active", "terminating", "terminated", "termination_failed"] as const;

/** A product of an organization (R-T1): created by an order, ended by termination. */
export const Product = new Entity(
  {
    model: model("product"),
    attributes: {
      orgId: { type: "string", required: true },
      productId: { type: "string", required: true },
      kind: { type: "string", required: true },
      category: { type: "string", required: true },
      /** What the customer calls it, e.g. a domain name. */
      name: { type: "string", required: true },
      status: { type: productStatuses, required: true },
      orderId: { type: "string" },
      createdAt: { type: "string", required: true },
      updatedAt: { type: "string", required: true },
      terminatedAt: { type: "string" },
      /** The failed step and its reason, when termination failed. */
      failure: { type: "any" },
    },
    indexes: {
      byOrg: {
        pk: key("pk", "ORG#${orgId}", ["orgId"]),
        sk: key("sk", "PRODUCT#${productId}", ["productId"]),
      },
    },
  },
  entityConfig,
);

/**
 * - `available`: a backup that can be restored.
 * - `purge_scheduled`: its product was terminated; the purge job deletes it from `purgeAt` on.
 * - `purging`: claimed by one purge run (until `claimUntil`); the record is deleted once the
 *   stored backup is gone, so a purged backup has no record left to read or restore.
 */
export const backupStatuses = ["available", "purge_scheduled", "purging"] as const;
export type BackupStatus = (typeof backupStatuses)[number];

/**
 * A backup of a product. When its product is terminated it gets a purge date and joins the
 * purge queue; the purge job removes it for good (R-T5).
 *
 * The purge queue (gsi2) is sparse: `gsi2pk` is `BACKUP_PURGE#<status>`, `gsi2sk` is the
 * purge date, and an item is in the index only once it has a `purgeAt`. Its partition key
 * carries the status on purpose: ElectroDB does not write a GSI partition key without
 * composite attributes on update (a static `BACKUP_PURGE` was written at create only, and a
 * backup that got its `purgeAt` by a later update never reached the index). With `status` as
 * the composite, every update that schedules or claims a backup rewrites both keys; due
 * backups are read from `BACKUP_PURGE#purge_scheduled`, stale claims from
 * `BACKUP_PURGE#purging`, and available backups (no `gsi2sk`) are not in the index at all.
 * Proven in test/integration/purge.test.ts.
 */
export const Backup = new Entity(
  {
    model: model("backup"),
    attributes: {
      orgId: { type: "string", required: true },
      productId: { type: "string", required: true },
      backupId: { type: "string", required: true },
      createdAt: { type: "string", required: true },
      sizeBytes: { type: "number", required: true },
      status: { type: backupStatuses, required: true },
      /** ISO 8601: from then on the purge job deletes the backup. */
      purgeAt: { type: "string" },
      /** The purge run holding the backup, and until when (epoch seconds) its claim holds. */
      claimedBy: { type: "string" },
      claimUntil: { type: "number" },
    },
    indexes: {
      byProduct: {
        pk: key("pk", "ORG#${orgId}", ["orgId"]),
        sk: key("sk", "BACKUP#${productId}#${backupId}", ["productId", "backupId"]),
      },
      purgeQueue: {
        index: "gsi2",
        pk: key("gsi2pk", "BACKUP_PURGE#${status}", ["status"]),
        sk: key("gsi2sk", "${purgeAt}", ["purgeAt"]),
      },
    },
  },
  entityConfig,
);
