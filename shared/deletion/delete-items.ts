import { BatchWriteCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { findArchive } from "#shared/archive/archive";
import { Invoice, invoicesOf, LedgerEntry, ledgerOf } from "#shared/billing/entities";
import { moneyInFlight } from "#shared/billing/money-in-flight";
import { dynamo, tableName } from "#shared/db";
import { Membership, Organization } from "#shared/entities";
import { getItem, queryItems } from "#shared/entity/reads";
import { transact } from "#shared/entity/transactions";
import { deleteItem } from "#shared/entity/writes";

/**
 * R-D7: a partition that still holds invoices or ledger entries is deleted only once the
 * archive of them is complete (the archive_records step runs first; this is the guard that
 * keeps any other path from deleting them). Fails for good: a retry would not archive them.
 */
async function assertRecordsArchived(orgId: string) {
  if (await findArchive(orgId)) return;
  const [invoices, entries] = await Promise.all([
    queryItems(Invoice, invoicesOf(orgId), { limit: 1, consistent: true }),
    queryItems(LedgerEntry, ledgerOf(orgId), { limit: 1, consistent: true }),
  ]);
  if (invoices.items.length || entries.items.length) {
    throw Object.assign(
      new Error("the organization's invoices and ledger entries are not archived; they are not deleted"),
      { name: "RecordsNotArchived" },
    );
  }
}

/**
 * Deletes one page of the organization's items: everything in its partition but its profile
 * and the requester's membership, which go last, together, in one transaction. Until then the
 * organization reads `deleting` (with its logo) and the requester is still its member; the
 * deletion record (outside the partition) is what authorizes and locates a resumed deletion
 * anyway, so a deletion cut off at any page is taken up again by its requester. User accounts
 * live in their own partitions and stay (R-D4). With nothing left (an earlier attempt deleted
 * everything), the last page deletes nothing and succeeds.
 */
export async function deleteOrganizationPage(
  orgId: string,
  options: { requesterId?: string | undefined; pageSize?: number } = {},
): Promise<{ deleted: number; hasMore: boolean; alreadyGone?: true }> {
  const pageSize = options.pageSize ?? 200;
  const pk = `ORG#${orgId}`;
  // R-D1, R-$2: never a partition that still holds money or waits for some (a top-up charged
  // meanwhile is refunded by its own request or the reconciler; a payout finishes): retried.
  const inFlight = await moneyInFlight(orgId);
  if (inFlight.length) {
    throw Object.assign(new Error(`the organization still holds ${inFlight.join(", ")}`), {
      name: "TransientError",
    });
  }
  // R-D7: invoices and ledger entries are never simply deleted: only once their archive is complete.
  await assertRecordsArchived(orgId);
  const kept = new Set([
    "PROFILE",
    ...(options.requesterId ? [Membership.key({ orgId, userId: options.requesterId }).sk] : []),
  ]);
  const page = await dynamo.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": pk },
      ProjectionExpression: "pk, sk",
      ConsistentRead: true,
      Limit: pageSize + kept.size,
    }),
  );
  // The kept items go last: skipped here (a key attribute cannot be filtered on server-side).
  const others = (page.Items ?? []).filter((item) => !kept.has(item.sk)) as { pk: string; sk: string }[];
  const items = others.slice(0, pageSize);
  // BatchWriteItem takes at most 25 requests; unprocessed ones are sent again.
  for (let start = 0; start < items.length; start += 25) {
    let unprocessed: Record<string, unknown>[] | undefined = items.slice(start, start + 25).map((item) => ({
      DeleteRequest: { Key: { pk: item.pk, sk: item.sk } },
    }));
    for (let round = 0; unprocessed?.length && round < 5; round++) {
      // Items a transaction holds come back unprocessed: asked again a little later.
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
      const result = await dynamo.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: unprocessed as never } }),
      );
      unprocessed = result.UnprocessedItems?.[tableName] as Record<string, unknown>[] | undefined;
    }
    if (unprocessed?.length)
      throw Object.assign(new Error("items left unprocessed"), { name: "TransientError" });
  }
  const hasMore = others.length > pageSize || page.LastEvaluatedKey !== undefined;
  if (hasMore) return { deleted: items.length, hasMore };
  const organization = await getItem(Organization, { orgId }, { consistent: true });
  const bucket = process.env.LOGO_BUCKET;
  if (organization?.logoKey && bucket) {
    // The only use of S3 here: the SDK loads then (see shared/aws/s3.ts).
    const { s3, DeleteObjectCommand } = await import("#shared/aws/s3");
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: organization.logoKey }));
  }
  // Absent already is fine: a resumed deletion finds nothing left and succeeds.
  await transact([
    options.requesterId ? deleteItem(Membership, { orgId, userId: options.requesterId }) : undefined,
    deleteItem(Organization, { orgId }),
  ]);
  return { deleted: items.length, hasMore: false, ...(organization ? {} : { alreadyGone: true as const }) };
}
