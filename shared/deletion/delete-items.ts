import { BatchWriteCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, tableName } from "#shared/db";
import { Organization } from "#shared/entities";
import { deleteItem, getItem, write } from "#shared/entity";

/**
 * Deletes one page of the organization's items (everything in its partition but its profile,
 * which goes last so the organization reads `deleting` until the end, with its logo). User accounts live in
 * their own partitions and stay (R-D4).
 */
export async function deleteOrganizationPage(
  orgId: string,
  pageSize = 200,
): Promise<{ deleted: number; hasMore: boolean }> {
  const pk = `ORG#${orgId}`;
  const page = await dynamo.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": pk },
      ProjectionExpression: "pk, sk",
      Limit: pageSize + 1,
    }),
  );
  // The profile goes last: skipped here (a key attribute cannot be filtered on server-side).
  const others = (page.Items ?? []).filter((item) => item.sk !== "PROFILE") as { pk: string; sk: string }[];
  const items = others.slice(0, pageSize);
  // BatchWriteItem takes at most 25 requests; unprocessed ones are sent again.
  for (let start = 0; start < items.length; start += 25) {
    let unprocessed: Record<string, unknown>[] | undefined = items.slice(start, start + 25).map((item) => ({
      DeleteRequest: { Key: { pk: item.pk, sk: item.sk } },
    }));
    for (let round = 0; unprocessed?.length && round < 5; round++) {
      const result = await dynamo.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: unprocessed as never } }),
      );
      unprocessed = result.UnprocessedItems?.[tableName] as Record<string, unknown>[] | undefined;
    }
    if (unprocessed?.length)
      throw Object.assign(new Error("items left unprocessed"), { name: "TransientError" });
  }
  const hasMore = others.length > pageSize || page.LastEvaluatedKey !== undefined;
  if (!hasMore) {
    const organization = await getItem(Organization, { orgId });
    const bucket = process.env.LOGO_BUCKET;
    if (organization?.logoKey && bucket) {
      // The only use of S3 here: the SDK loads then (see shared/aws/s3.ts).
      const { s3, DeleteObjectCommand } = await import("#shared/aws/s3");
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: organization.logoKey }));
    }
    await write(deleteItem(Organization, { orgId }));
  }
  return { deleted: items.length, hasMore };
}
