import { orgScope } from "#shared/audit";
import { authorize, needs } from "#shared/authorization";
import { AuditEntry } from "#shared/entities";
import { errors } from "#shared/errors";

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
  const page = await AuditEntry.query
    .byScope({ scope: orgScope(orgId) })
    .go({ order: "desc", limit: query.limit ?? 50, cursor: query.cursor ?? null })
    .catch((error: unknown) => {
      // ElectroDB refuses a cursor it did not make.
      if (query.cursor)
        throw errors.validationFailed([{ path: "query.cursor", message: "Not a valid cursor." }]);
      throw error;
    });
  return {
    entries: page.data.map((entry) => ({
      at: entry.at,
      entryId: entry.entryId,
      action: entry.action,
      actorUserId: entry.actorUserId,
      details: entry.details,
      requestId: entry.requestId,
      sourceIp: entry.sourceIp,
    })),
    nextCursor: page.cursor,
  };
}
