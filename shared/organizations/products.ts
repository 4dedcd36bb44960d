import { authorize, decide, type MembershipRecord, needs } from "#shared/authorization";
import { getItem, getItems, queryAll } from "#shared/entity/reads";
import { errors } from "#shared/errors";
import * as texts from "#shared/i18n/error-texts";
import { Product, productsOf } from "#shared/products/entities";

const productView = (product: Product) => ({
  productId: product.productId,
  kind: product.kind,
  category: product.category,
  name: product.name,
  status: product.status,
  createdAt: product.createdAt,
  updatedAt: product.updatedAt,
  terminatedAt: product.terminatedAt,
});

const mayUse = (membership: MembershipRecord, productId: string) =>
  decide(membership, needs.product(productId)) === undefined;

/**
 * R-M5, R-O7: the products of the organization the caller may see: all of them for
 * administrators and legal representatives, the ones listed for them for users.
 */
export async function listVisibleProducts(userId: string, orgId: string) {
  const membership = await authorize(userId, orgId, needs.member);
  const products = await queryAll(Product, productsOf(orgId));
  return products.filter((product) => mayUse(membership, product.productId)).map(productView);
}

/**
 * R-M5: a product outside the caller's organization is not found (404), whether it exists
 * elsewhere or not; one inside it without access is refused (403 PRODUCT_ACCESS_REQUIRED).
 */
export async function readProduct(userId: string, orgId: string, productId: string) {
  const membership = await authorize(userId, orgId, needs.member);
  const product = await getItem(Product, { orgId, productId });
  if (!product) throw errors.notFound(texts.productNotInOrganization);
  const refusal = decide(membership, needs.product(productId));
  if (refusal) throw refusal;
  return productView(product);
}

/** The ids among `productIds` that are not products of the organization. */
export async function unknownProducts(orgId: string, productIds: readonly string[]) {
  const unique = [...new Set(productIds)];
  if (!unique.length) return [];
  const data = await getItems(
    Product,
    unique.map((productId) => ({ orgId, productId })),
  );
  const known = new Set(data.map((product) => product.productId));
  return unique.filter((productId) => !known.has(productId));
}
