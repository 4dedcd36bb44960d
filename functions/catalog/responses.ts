import * as z from "zod/mini";
import { money } from "#shared/api/responses";
import { catalog, categories } from "#shared/catalog/catalog";
import type { JsonResponse } from "#shared/route-types";

const categoryNames = categories.map((each) => each.category);

export const catalogResponse: JsonResponse = {
  name: "Catalog",
  schema: z.strictObject({
    categories: z.array(z.strictObject({ category: z.enum(categoryNames), label: z.string() })),
    products: z.array(
      z.strictObject({
        kind: z.enum(catalog.map((entry) => entry.kind)),
        label: z.string(),
        category: z.enum(categoryNames),
        hasBackups: z.boolean(),
        billingPeriod: z.literal("year"),
        prices: z.array(money),
      }),
    ),
  }),
  components: { Money: money },
  example: {
    categories: [{ category: "web_domains", label: "Web & domains" }],
    products: [
      {
        kind: "domain",
        label: "Domain name",
        category: "web_domains",
        hasBackups: false,
        billingPeriod: "year",
        prices: [
          { amount: 1500, currency: "CHF" },
          { amount: 1400, currency: "EUR" },
        ],
      },
    ],
  },
};
