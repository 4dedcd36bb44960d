import * as z from "zod/mini";
import { timestamp } from "#shared/api/responses";
import { productStatuses } from "#shared/products/entities";
import type { JsonResponse } from "#shared/route-types";

/**
 * A product as `shared/organizations/products.ts` shows it. `kind` and `category` are the
 * catalog's when the product was ordered; the product outlives a kind the catalog drops, so
 * they are kept as strings here.
 */
export const product = z.strictObject({
  productId: z.string(),
  kind: z.string(),
  category: z.string(),
  /** What the customer calls it, e.g. a domain name. */
  name: z.string(),
  status: z.enum(productStatuses),
  createdAt: timestamp,
  updatedAt: timestamp,
  terminatedAt: z.optional(timestamp),
});

const productExample = {
  productId: "prd7kq2m9x4t",
  kind: "web_hosting",
  category: "web_domains",
  name: "shop.example.org",
  status: "active",
  createdAt: "2026-03-02T10:15:00.000Z",
  updatedAt: "2026-03-02T10:15:00.000Z",
};

export const productResponse: JsonResponse = {
  name: "Product",
  schema: product,
  example: productExample,
};

export const productListResponse: JsonResponse = {
  name: "ProductList",
  schema: z.strictObject({ products: z.array(product) }),
  components: { Product: product },
  example: {
    products: [
      productExample,
      {
        productId: "prd3vb8n1c6w",
        kind: "domain",
        category: "web_domains",
        name: "example.org",
        status: "terminated",
        createdAt: "2025-11-20T08:00:00.000Z",
        updatedAt: "2026-04-01T12:30:00.000Z",
        terminatedAt: "2026-04-01T12:30:00.000Z",
      },
    ],
  },
};
