import { uploadLogoRoute } from "#functions/organizations/routes";
import { httpHandler, requireSession } from "#shared/http";
import { requestLogoUpload } from "#shared/organizations/logo";

export const handler = httpHandler(uploadLogoRoute, async (request) => ({
  status: 200,
  body: await requestLogoUpload(
    requireSession(request).userId,
    request.params.orgId as string,
    request.body,
    request,
  ),
}));
