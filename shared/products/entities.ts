import type { Entity } from "#shared/entity";
import type { ItemRange } from "#shared/entity/reads";

export const productStatuses = ["active", "terminating", "terminated", "termination_failed"] as const;
export type ProductStatus = (typeof productStatuses)[number];

/** A product of an organization (R-T1): created by an order, ended by termination. */
export interface Product {
  orgId: string;
  productId: string;
  kind: string;
  category: string;
  /** What the customer calls it, e.g. a domain name. */
  name: string;
  status: ProductStatus;
  orderId?: string;
  createdAt: string;
  updatedAt: string;
  terminatedAt?: string;
  /** The failed step and its reason, when termination failed. */
  failure?: { step: string; reason: string; at?: string };
}
export const Product: Entity<Product, Pick<Product, "orgId" | "productId">> = {
  name: "product",
  key: ({ orgId, productId }) => ({ pk: `ORG#${orgId}`, sk: `PRODUCT#${productId}` }),
};
export const productsOf = (orgId: string): ItemRange => ({
  partition: `ORG#${orgId}`,
  beginsWith: "PRODUCT#",
});

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
 * The purge queue (gsi2) is sparse: `gsi2pk` is `BACKUP_PURGE#<status>`, `gsi2sk` the purge
 * date, and DynamoDB indexes an item only once it has both. Every write that sets `status`
 * rewrites `gsi2pk` and every write that sets `purgeAt` rewrites `gsi2sk`: due backups are
 * read from `BACKUP_PURGE#purge_scheduled`, stale claims from `BACKUP_PURGE#purging`, and
 * available backups (no `purgeAt`) are not in the index at all. Proven in
 * test/integration/purge.test.ts.
 */
export interface Backup {
  orgId: string;
  productId: string;
  backupId: string;
  createdAt: string;
  sizeBytes: number;
  status: BackupStatus;
  /** ISO 8601: from then on the purge job deletes the backup. */
  purgeAt?: string;
  /** The purge run holding the backup, and until when (epoch seconds) its claim holds. */
  claimedBy?: string;
  claimUntil?: number;
}
export const Backup: Entity<Backup, Pick<Backup, "orgId" | "productId" | "backupId">> = {
  name: "backup",
  key: ({ orgId, productId, backupId }) => ({ pk: `ORG#${orgId}`, sk: `BACKUP#${productId}#${backupId}` }),
  indexKeys: ({ status, purgeAt }) => ({
    ...(status ? { gsi2pk: `BACKUP_PURGE#${status}` } : {}),
    ...(purgeAt ? { gsi2sk: purgeAt } : {}),
  }),
};
/** A product's backups. */
export const backupsOfProduct = (orgId: string, productId: string): ItemRange => ({
  partition: `ORG#${orgId}`,
  beginsWith: `BACKUP#${productId}#`,
});
/** Backups in a purge status whose purge date is at most `dueBy` (gsi2). */
export const purgeQueue = (status: "purge_scheduled" | "purging", dueBy: string): ItemRange => ({
  index: "gsi2",
  partition: `BACKUP_PURGE#${status}`,
  lte: dueBy,
});
