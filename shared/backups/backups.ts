import { authorizeAndRead, needs } from "#shared/authorization";
import { queryAll, read } from "#shared/entity/reads";
import { errors } from "#shared/errors";
import * as texts from "#shared/i18n/error-texts";
import { Backup, backupsOfProduct, Product } from "#shared/products/entities";

/**
 * A product's backups with their purge dates, for whoever may see the product (an administrator,
 * a legal representative, or a user given that product: R-M5). A purged backup has no record
 * left and one being purged is on its way out: neither is listed, neither can be restored (R-T5).
 */
export async function listBackups(userId: string, orgId: string, productId: string) {
  // Two requests side by side: the membership with the product, and the backups (shown only if allowed).
  const [[product], stored] = await Promise.all([
    authorizeAndRead(userId, orgId, needs.product(productId), [read(Product, { orgId, productId })]),
    queryAll(Backup, backupsOfProduct(orgId, productId)),
  ]);
  if (!product) throw errors.notFound(texts.productNotFound);
  const backups = stored
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
