import { getOrganizationRoute } from "#functions/organizations/routes";
import { httpHandler, requireSession } from "#shared/http";
import { etagOf, organizationView, readOrganization } from "#shared/organizations/organizations";

export const handler = httpHandler(getOrganizationRoute, async (request) => {
  const organization = await readOrganization(requireSession(request).userId, request.params.orgId as string);
  return { status: 200, body: organizationView(organization), headers: { etag: etagOf(organization) } };
});
