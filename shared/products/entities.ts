import { Entity } from "electrodb";
import { dynamo, tableName } from "#shared/db";

const config = { client: dynamo, table: tableName };
const key = <const Field extends string, const Composite extends readonly string[]>(
  field: Field,
  template: string,
  composite: Composite,
) => ({ field, template, composite, casing: "none" as const });

export const productStatuses = ["active", "terminating", "terminated", "termination_failed"] as const;

/** A product of an organization (R-T1): created by an order, ended by termination. */
export const Product = new Entity(
  {
    model: { entity: "product", version: "1", service: "aw" },
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
  config,
);

export const backupStatuses = ["available", "purge_scheduled", "purged"] as const;

/**
 * A backup of a product. When its product is terminated it gets a purge date and joins the
 * purge queue (gsi2, ordered by date); the purge job removes it for good (R-T5).
 */
export const Backup = new Entity(
  {
    model: { entity: "backup", version: "1", service: "aw" },
    attributes: {
      orgId: { type: "string", required: true },
      productId: { type: "string", required: true },
      backupId: { type: "string", required: true },
      createdAt: { type: "string", required: true },
      sizeBytes: { type: "number", required: true },
      status: { type: backupStatuses, required: true },
      purgeAt: { type: "string" },
    },
    indexes: {
      byProduct: {
        pk: key("pk", "ORG#${orgId}", ["orgId"]),
        sk: key("sk", "BACKUP#${productId}#${backupId}", ["productId", "backupId"]),
      },
      purgeQueue: {
        index: "gsi2",
        pk: key("gsi2pk", "BACKUP_PURGE", []),
        sk: key("gsi2sk", "${purgeAt}#${orgId}#${backupId}", ["purgeAt", "orgId", "backupId"]),
      },
    },
  },
  config,
);
