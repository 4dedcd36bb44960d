import type { Invoice, LedgerEntry } from "#shared/billing/entities";
import type { Organization, PostalAddress } from "#shared/entities";
import type { Entity } from "#shared/entity";
import type { ItemRange } from "#shared/entity/reads";
import type { Language } from "#shared/i18n/languages";

/**
 * R-D7: what outlives a deleted organization for the legal retention period, under a partition
 * of its own (`ARCHIVE#<orgId>`), so that deleting the organization's partition leaves it:
 * - ArchivedOrganization `ARCHIVE#<orgId>` / `ORGANIZATION`: the organization as it was at its
 *   deletion (name, currency, address) and what the archive holds; written last, so its presence
 *   says the archive is complete.
 * - ArchivedInvoice      `ARCHIVE#<orgId>` / `INVOICE#<invoiceId>`: one invoice with its lines.
 * - ArchivedLedgerPage   `ARCHIVE#<orgId>` / `LEDGER#<page, 6 digits>`: up to `ledgerPageSize`
 *   ledger entries in ledger order.
 * One item per invoice and per page of entries keeps every item far below DynamoDB's 400 KB,
 * however long the organization lived. Every item carries `expiresAt` (epoch seconds), the
 * table's TTL: the archive goes by itself once the retention period ends.
 */

/** Ledger entries per archived page: a few hundred bytes each, so a page stays under 100 KB. */
export const ledgerPageSize = 200;

export const archivePartition = (orgId: string) => `ARCHIVE#${orgId}`;

export interface ArchivedOrganization {
  orgId: string;
  name: string;
  type: Organization["type"];
  currency: Organization["currency"];
  postalAddress: PostalAddress;
  phone?: string;
  /**
   * Its billing language at the deletion (R-L2): the archived invoices' documents are rendered in
   * it; absent on archives older than languages, and for an organization that had none (English).
   */
  language?: Language;
  /** When the organization was created. */
  createdAt: string;
  /** Who asked for the deletion (user id and login email then). */
  deletedBy: string;
  deletedByEmail: string;
  invoiceCount: number;
  ledgerEntryCount: number;
  ledgerPageCount: number;
  retentionYears: number;
  archivedAt: string;
  /** TTL (epoch seconds): `archivedAt` plus the retention period. */
  expiresAt: number;
}
export const ArchivedOrganization: Entity<ArchivedOrganization, Pick<ArchivedOrganization, "orgId">> = {
  name: "archivedOrganization",
  key: ({ orgId }) => ({ pk: archivePartition(orgId), sk: "ORGANIZATION" }),
};

export interface ArchivedInvoice {
  orgId: string;
  invoiceId: string;
  /** The invoice as it was at the deletion, whole: status, amounts, lines, address copy. */
  invoice: Invoice;
  archivedAt: string;
  expiresAt: number;
}
export const ArchivedInvoice: Entity<ArchivedInvoice, Pick<ArchivedInvoice, "orgId" | "invoiceId">> = {
  name: "archivedInvoice",
  key: ({ orgId, invoiceId }) => ({ pk: archivePartition(orgId), sk: `INVOICE#${invoiceId}` }),
};
export const archivedInvoicesOf = (orgId: string): ItemRange => ({
  partition: archivePartition(orgId),
  beginsWith: "INVOICE#",
});

export interface ArchivedLedgerPage {
  orgId: string;
  /** 0-based, in ledger order. */
  page: number;
  entries: LedgerEntry[];
  archivedAt: string;
  expiresAt: number;
}
export const ledgerPageKey = (page: number) => `LEDGER#${String(page).padStart(6, "0")}`;
export const ArchivedLedgerPage: Entity<ArchivedLedgerPage, Pick<ArchivedLedgerPage, "orgId" | "page">> = {
  name: "archivedLedgerPage",
  key: ({ orgId, page }) => ({ pk: archivePartition(orgId), sk: ledgerPageKey(page) }),
};
export const archivedLedgerOf = (orgId: string): ItemRange => ({
  partition: archivePartition(orgId),
  beginsWith: "LEDGER#",
});
