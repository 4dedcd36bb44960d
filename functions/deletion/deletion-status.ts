import { deletionStatusRoute } from "#functions/deletion/routes";
import { deletionStatus } from "#shared/deletion/deletion";
import { httpHandler, requireSession } from "#shared/http";

export const handler = httpHandler(deletionStatusRoute, async (request) => ({
  status: 200,
  body: await deletionStatus(requireSession(request).userId, request.params.orgId as string),
}));
