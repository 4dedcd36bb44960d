import type { Currency } from "#shared/currency";

/** R-T1: the categories every product kind falls into. */
export const categories = [
  { category: "collaborative_tools", label: "Collaborative tools" },
  { category: "web_domains", label: "Web & domains" },
  { category: "cloud_computing", label: "Cloud computing" },
  { category: "events_marketing", label: "Events & marketing" },
  { category: "streaming", label: "Streaming" },
] as const;

export type Category = (typeof categories)[number]["category"];

export const currencies = ["CHF", "EUR"] as const satisfies readonly Currency[];

export interface CatalogEntry {
  kind: string;
  label: string;
  category: Category;
  /** Whether a product of this kind is backed up (its order creates a first Backup record). */
  hasBackups: boolean;
  /** Price of one product for one year, in minor units (centimes, cents), per currency (R-$1). */
  prices: Record<Currency, number>;
}

/**
 * The product kinds the provider sells, kept in the project: orders, quotes and the public
 * catalog read this one list, so a price shown is the price charged.
 */
export const catalog = [
  {
    kind: "web_hosting",
    label: "Web hosting",
    category: "web_domains",
    hasBackups: true,
    prices: { CHF: 11_900, EUR: 10_900 },
  },
  {
    kind: "domain",
    label: "Domain name",
    category: "web_domains",
    hasBackups: false,
    prices: { CHF: 1_500, EUR: 1_400 },
  },
  {
    kind: "mail_service",
    label: "Mail service",
    category: "collaborative_tools",
    hasBackups: true,
    prices: { CHF: 3_600, EUR: 3_300 },
  },
  {
    kind: "drive",
    label: "Online drive",
    category: "collaborative_tools",
    hasBackups: true,
    prices: { CHF: 6_000, EUR: 5_500 },
  },
  {
    kind: "backup",
    label: "Backup space",
    category: "cloud_computing",
    // It is the backup: nothing backs it up in turn.
    hasBackups: false,
    prices: { CHF: 4_800, EUR: 4_400 },
  },
  {
    kind: "cloud_server",
    label: "Cloud server",
    category: "cloud_computing",
    hasBackups: true,
    prices: { CHF: 24_000, EUR: 22_000 },
  },
  {
    kind: "streaming",
    label: "Radio and video streaming",
    category: "streaming",
    hasBackups: false,
    prices: { CHF: 18_000, EUR: 16_500 },
  },
  {
    kind: "events_tool",
    label: "Events and ticketing tool",
    category: "events_marketing",
    hasBackups: false,
    prices: { CHF: 9_900, EUR: 9_100 },
  },
  {
    kind: "newsletter",
    label: "Newsletter tool",
    category: "events_marketing",
    hasBackups: false,
    prices: { CHF: 7_200, EUR: 6_600 },
  },
] as const satisfies readonly CatalogEntry[];

export type ProductKind = (typeof catalog)[number]["kind"];

export const productKinds = catalog.map((entry) => entry.kind) as [ProductKind, ...ProductKind[]];

const byKind = new Map<string, CatalogEntry>(catalog.map((entry) => [entry.kind, entry]));

/** The catalog entry of a kind; kinds are validated at the edge, so an unknown one is a bug. */
export function catalogEntry(kind: string): CatalogEntry {
  const entry = byKind.get(kind);
  if (!entry) throw new Error(`unknown product kind ${kind}`);
  return entry;
}

export const isProductKind = (kind: string): kind is ProductKind => byKind.has(kind);

/** The public shape: each kind with its category and its prices as amounts with their currency. */
export const catalogView = () => ({
  categories: categories.map((category) => ({ ...category })),
  products: catalog.map((entry) => ({
    kind: entry.kind,
    label: entry.label,
    category: entry.category,
    hasBackups: entry.hasBackups,
    billingPeriod: "year",
    prices: currencies.map((currency) => ({ amount: entry.prices[currency], currency })),
  })),
});
