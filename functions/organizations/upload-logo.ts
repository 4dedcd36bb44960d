import { uploadLogoRoute } from "#functions/organizations/routes";
import { httpHandler, requireSession } from "#shared/http";
import { uploadLogo } from "#shared/organizations/logo";

export const handler = httpHandler(uploadLogoRoute, async (request) => {
  const { logo, etag } = await uploadLogo(
    requireSession(request).userId,
    request.params.orgId as string,
    request.event,
    request,
  );
  return { status: 200, body: { logo }, headers: { etag } };
});
