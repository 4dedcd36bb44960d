import { getLogoRoute } from "#functions/organizations/routes";
import { httpHandler, requireSession } from "#shared/http";
import { readLogo } from "#shared/organizations/logo";

export const handler = httpHandler(getLogoRoute, async (request) => ({
  status: 200,
  body: await readLogo(requireSession(request).userId, request.params.orgId as string),
}));
