import { readLogoUploadRoute } from "#functions/organizations/routes";
import { httpHandler, requireSession } from "#shared/http";
import { readLogoUpload } from "#shared/organizations/logo-uploads";

export const handler = httpHandler(readLogoUploadRoute, async (request) => ({
  status: 200,
  body: await readLogoUpload(
    requireSession(request).userId,
    request.params.orgId as string,
    request.params.uploadId as string,
  ),
}));
