import { catalog, catalogEntry, type ProductKind } from "#shared/catalog/catalog";

/**
 * An invoice line's description is text written once, when its order is placed, in the
 * project's English words: `Web hosting: ada.example (code SPRING-26)`. It is kept as issued
 * (R-P5: an issued invoice never changes), and the documents, which speak the organization's
 * language (R-L2), read back what it was written from to say it in another. Both directions
 * live here so that they cannot drift apart.
 */
export interface DescribedLine {
  productKind: ProductKind;
  /** What the customer calls the product (a domain name). */
  name: string;
  promoCode?: string | undefined;
  freeOffer?: boolean | undefined;
}

/** `Web hosting: ada.example`, `Domain name: ada.ch (code SPRING-26)`, `Mail service: ada (free offer)`. */
export const lineDescription = (line: DescribedLine) =>
  `${catalogEntry(line.productKind).label}: ${line.name}${line.promoCode ? ` (code ${line.promoCode})` : ""}${line.freeOffer ? " (free offer)" : ""}`;

// A promo code as orders take it (shared/orders/schemas.ts); a line has a code or a free offer, not both.
const suffixes =
  /^(?<name>.+?)(?: \(code (?<promoCode>[A-Z0-9_-]{3,32})\)| \(free offer\)(?<freeOffer>))?$/su;

/**
 * What `lineDescription` wrote the description from, or undefined for a description it did not
 * write (text of another origin is printed as it is). A name that itself ends like a suffix
 * (`x (free offer)`) reads as one: the English text says the same.
 */
export function parseLineDescription(description: string): DescribedLine | undefined {
  for (const entry of catalog) {
    const prefix = `${entry.label}: `;
    if (!description.startsWith(prefix)) continue;
    const groups = suffixes.exec(description.slice(prefix.length))?.groups;
    if (!groups?.name) return undefined;
    return {
      productKind: entry.kind,
      name: groups.name,
      ...(groups.promoCode ? { promoCode: groups.promoCode } : {}),
      ...(groups.freeOffer !== undefined ? { freeOffer: true } : {}),
    };
  }
  return undefined;
}
