import { updateOrganizationRoute } from "#functions/organizations/routes";
import { httpHandler, requireSession } from "#shared/http";
import { etagOf, organizationView, updateOrganization } from "#shared/organizations/organizations";

export const handler = httpHandler(updateOrganizationRoute, async (request) => {
  const { organization, changes } = await updateOrganization(
    requireSession(request).userId,
    request.params.orgId as string,
    request.headers["if-match"],
    request.body,
    request,
  );
  return {
    status: 200,
    body: { ...organizationView(organization), changes },
    headers: { etag: etagOf(organization) },
  };
});
