import { BatchWriteCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import {
  ArchivedInvoice,
  ArchivedLedgerPage,
  ArchivedOrganization,
  archivedInvoicesOf,
  archivedLedgerOf,
  archivePartition,
  ledgerPageSize,
} from "#shared/archive/entities";
import { Invoice, invoicesOf, LedgerEntry, ledgerOf } from "#shared/billing/entities";
import { dynamo, isExpired, tableName } from "#shared/db";
import type { Organization } from "#shared/entities";
import { getItem, queryAll } from "#shared/entity/reads";
import { putItem, write } from "#shared/entity/writes";
import { errors } from "#shared/errors";
import * as texts from "#shared/i18n/error-texts";

/**
 * R-D7: invoices and ledger entries outlive their organization. Before the deletion removes
 * the organization's partition, they are copied, with the organization's name, currency and
 * address at that moment, to a partition of their own (see `shared/archive/entities.ts`), kept
 * for the legal retention period and then expired by the table's TTL; operators read them.
 */

/** The end of the retention period as the table's TTL (epoch seconds): the same date, `years` later. */
export function retentionEnd(archivedAt: string, years: number): number {
  const end = new Date(archivedAt);
  end.setUTCFullYear(end.getUTCFullYear() + years);
  return Math.floor(end.getTime() / 1000);
}

/** The complete archive of an organization (its summary is written last), or undefined. */
export async function findArchive(orgId: string) {
  const archive = await getItem(ArchivedOrganization, { orgId }, { consistent: true });
  return archive && !isExpired(archive) ? archive : undefined;
}

/** The keys of whatever an earlier, unfinished run left under the archive's partition. */
async function archiveKeys(orgId: string) {
  const keys: { pk: string; sk: string }[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": archivePartition(orgId) },
        ProjectionExpression: "pk, sk",
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    keys.push(...((page.Items ?? []) as { pk: string; sk: string }[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return keys;
}

/** Sends puts and deletes 25 at a time (BatchWriteItem), asking again for unprocessed ones. */
async function batchWrite(requests: Record<string, unknown>[]) {
  for (let start = 0; start < requests.length; start += 25) {
    let unprocessed: Record<string, unknown>[] | undefined = requests.slice(start, start + 25);
    for (let round = 0; unprocessed?.length && round < 6; round++) {
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
      const result = await dynamo.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: unprocessed as never } }),
      );
      unprocessed = result.UnprocessedItems?.[tableName] as Record<string, unknown>[] | undefined;
    }
    if (unprocessed?.length)
      throw Object.assign(new Error("archive items left unprocessed"), { name: "TransientError" });
  }
}

/** The stored item of an entity, built by the entity layer (keys, entity name) as a put would. */
const stored = (action: ReturnType<typeof putItem>) =>
  ({ PutRequest: { Item: (action as { Put: { Item: Record<string, unknown> } }).Put.Item } }) as Record<
    string,
    unknown
  >;

/**
 * Archives the organization's invoices (with their lines) and ledger entries, idempotently:
 * an archive already complete is answered as it is (never rewritten: by then the deletion may
 * have removed some of the originals); otherwise every item is written again from the
 * organization's partition, anything an unfinished earlier run left that is no longer part of
 * it is removed, and the summary goes last. Run before anything is deleted, so it reads the
 * whole record.
 */
export async function archiveOrganization(input: {
  organization: Organization;
  deletedBy: string;
  deletedByEmail: string;
  retentionYears: number;
}): Promise<{ archive: ArchivedOrganization; written: boolean }> {
  const { organization, retentionYears } = input;
  const { orgId } = organization;
  const done = await findArchive(orgId);
  if (done) return { archive: done, written: false };
  const [invoices, ledger, earlier] = await Promise.all([
    queryAll(Invoice, invoicesOf(orgId), { consistent: true }),
    queryAll(LedgerEntry, ledgerOf(orgId), { consistent: true }),
    archiveKeys(orgId),
  ]);
  const archivedAt = new Date().toISOString();
  const expiresAt = retentionEnd(archivedAt, retentionYears);
  const pages: LedgerEntry[][] = [];
  for (let start = 0; start < ledger.length; start += ledgerPageSize)
    pages.push(ledger.slice(start, start + ledgerPageSize));
  const items = [
    ...invoices.map((invoice) =>
      stored(
        putItem(ArchivedInvoice, { orgId, invoiceId: invoice.invoiceId, invoice, archivedAt, expiresAt }),
      ),
    ),
    ...pages.map((entries, page) =>
      stored(putItem(ArchivedLedgerPage, { orgId, page, entries, archivedAt, expiresAt })),
    ),
  ];
  const written = new Set(
    items.map((item) => (item as { PutRequest: { Item: { sk: string } } }).PutRequest.Item.sk),
  );
  const stale = earlier
    .filter((key) => !written.has(key.sk))
    .map((key) => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } }));
  await batchWrite([...items, ...stale]);
  const archive: ArchivedOrganization = {
    orgId,
    name: organization.name,
    type: organization.type,
    currency: organization.currency,
    postalAddress: organization.postalAddress,
    ...(organization.phone ? { phone: organization.phone } : {}),
    ...(organization.language ? { language: organization.language } : {}),
    createdAt: organization.createdAt,
    deletedBy: input.deletedBy,
    deletedByEmail: input.deletedByEmail,
    invoiceCount: invoices.length,
    ledgerEntryCount: ledger.length,
    ledgerPageCount: pages.length,
    retentionYears,
    archivedAt,
    expiresAt,
  };
  await write(putItem(ArchivedOrganization, archive));
  return { archive, written: true };
}

const archiveNotFound = () => errors.of(404, "ARCHIVE_NOT_FOUND", texts.archiveNotFound);

/**
 * R-D7, for operators: a deleted organization's archive, whole: the organization as it was,
 * its invoices (newest first) and its ledger (in order). 404 when nothing complete is archived.
 */
export async function readArchive(orgId: string) {
  const archive = await findArchive(orgId);
  if (!archive) throw archiveNotFound();
  const [invoices, pages] = await Promise.all([
    queryAll(ArchivedInvoice, archivedInvoicesOf(orgId), { consistent: true }),
    queryAll(ArchivedLedgerPage, archivedLedgerOf(orgId), { consistent: true }),
  ]);
  return {
    orgId,
    organization: {
      name: archive.name,
      type: archive.type,
      currency: archive.currency,
      postalAddress: archive.postalAddress,
      ...(archive.phone ? { phone: archive.phone } : {}),
      ...(archive.language ? { language: archive.language } : {}),
      createdAt: archive.createdAt,
    },
    deletedBy: { userId: archive.deletedBy, loginEmail: archive.deletedByEmail },
    archivedAt: archive.archivedAt,
    retentionYears: archive.retentionYears,
    expiresAt: new Date(archive.expiresAt * 1000).toISOString(),
    invoiceCount: archive.invoiceCount,
    ledgerEntryCount: archive.ledgerEntryCount,
    invoices: invoices
      .map((item) => item.invoice)
      .sort((a, b) => (a.issuedAt < b.issuedAt ? 1 : a.issuedAt > b.issuedAt ? -1 : 0)),
    ledger: pages.sort((a, b) => a.page - b.page).flatMap((page) => page.entries),
  };
}
