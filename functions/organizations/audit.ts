import { auditRoute } from "#functions/organizations/routes";
import { httpHandler, requireSession } from "#shared/http";
import { readAuditLog } from "#shared/organizations/audit-log";

export const handler = httpHandler(auditRoute, async (request) => ({
  status: 200,
  body: await readAuditLog(requireSession(request).userId, request.params.orgId as string, request.query),
}));
