import { orgScope } from "#shared/audit";
import { authorize, needs } from "#shared/authorization";
import { AuditEntry, auditLogOf } from "#shared/entities";
import { queryItems } from "#shared/entity/reads";

/**
 * Who changed what in an organization, newest first, for its legal representatives and
 * administrators. Paged with an opaque cursor.
 */
export async function readAuditLog(
  userId: string,
  orgId: string,
  query: { limit?: number | undefined; cursor?: string | undefined },
) {
  await authorize(userId, orgId, needs.administrator);
  // A cursor the layer did not make is refused there (400 VALIDATION_FAILED).
  const page = await queryItems(AuditEntry, auditLogOf(orgScope(orgId)), {
    limit: query.limit ?? 50,
    cursor: query.cursor,
    descending: true,
  });
  return {
    entries: page.items.map((entry) => ({
      at: entry.at,
      entryId: entry.entryId,
      action: entry.action,
      actorUserId: entry.actorUserId,
      details: entry.details,
      requestId: entry.requestId,
      sourceIp: entry.sourceIp,
    })),
    // Absent on the last page, as every paged answer of the API.
    ...(page.cursor ? { nextCursor: page.cursor } : {}),
  };
}
