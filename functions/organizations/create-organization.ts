import { createOrganizationRoute } from "#functions/organizations/routes";
import { httpHandler, requireSession } from "#shared/http";
import { idempotent } from "#shared/idempotency";
import { createOrganization, etagOf, organizationView } from "#shared/organizations/organizations";

export const handler = httpHandler(
  createOrganizationRoute,
  idempotent(createOrganizationRoute, async (request) => {
    const organization = await createOrganization(requireSession(request).userId, request.body, request);
    return {
      status: 201,
      body: { ...organizationView(organization), role: "legal_representative", billingRights: true },
      headers: { location: `/v1/organizations/${organization.orgId}`, etag: etagOf(organization) },
    };
  }),
);
