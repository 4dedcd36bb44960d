import { authorize, needs } from "#shared/authorization";
import { getItem, queryAll } from "#shared/entity";
import { errors } from "#shared/errors";
import { Backup, backupsOfProduct, Product } from "#shared/products/entities";

/**
 * A product's backups with their purge dates, for whoever may see the product (an administrator,
 * a legal representative, or a user given that product: R-M5). A purged backup has no record
 * left and one being purged is on its way out: neither is listed, neither can be restored (R-T5).
 */
export async function listBackups(userId: string, orgId: string, productId: string) {
  await authorize(userId, orgId, needs.product(productId));
  const product = await getItem(Product, { orgId, productId });
  if (!product) throw errors.notFound("No such product.");
  const backups = (await queryAll(Backup, backupsOfProduct(orgId, productId)))
    .filter((backup) => backup.status !== "purging")
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
    .map((backup) => ({
      backupId: backup.backupId,
      createdAt: backup.createdAt,
      sizeBytes: backup.sizeBytes,
      status: backup.status,
      purgeAt: backup.purgeAt ?? null,
    }));
  return { productId, productStatus: product.status, backups };
}
