import { listOrganizationsRoute } from "#functions/organizations/routes";
import { httpHandler, requireSession } from "#shared/http";
import { listOrganizations } from "#shared/organizations/organizations";

export const handler = httpHandler(listOrganizationsRoute, async (request) => ({
  status: 200,
  body: { organizations: await listOrganizations(requireSession(request).userId) },
}));
