import {
  auditLogResponse,
  billingAddressListResponse,
  billingAddressResponse,
  createdOrganizationResponse,
  logoResponse,
  organizationListResponse,
  organizationResponse,
  updatedOrganizationResponse,
  uploadedLogoResponse,
} from "#functions/organizations/responses";
import {
  auditQuerySchema,
  billingAddressSchema,
  organizationInputSchema,
  organizationPatchSchema,
} from "#shared/organizations/schemas";
import { route } from "#shared/route-types";

export const listOrganizationsRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/organizations",
  handler: "functions/organizations/list-organizations.ts",
  auth: "user",
  summary: "The caller's organizations, with the caller's role and rights in each",
  successStatus: 200,
  response: organizationListResponse,
  access: { table: "read" },
});

export const createOrganizationRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/organizations",
  handler: "functions/organizations/create-organization.ts",
  auth: "user",
  summary: "Another organization, with the caller as its legal representative",
  successStatus: 201,
  response: createdOrganizationResponse,
  body: organizationInputSchema,
  access: { table: "readWrite" },
});

export const getOrganizationRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/organizations/{orgId}",
  handler: "functions/organizations/get-organization.ts",
  auth: "user",
  summary: "An organization's details and currency, with its ETag",
  successStatus: 200,
  response: organizationResponse,
  access: { table: "read" },
});

export const updateOrganizationRoute = /* @__PURE__ */ route({
  method: "PATCH",
  path: "/v1/organizations/{orgId}",
  handler: "functions/organizations/update-organization.ts",
  auth: "user",
  summary:
    "Change the details (legal representatives; If-Match required); the legal representatives get a summary",
  successStatus: 200,
  response: updatedOrganizationResponse,
  body: organizationPatchSchema,
  access: { table: "readWrite", email: true },
});

export const uploadLogoRoute = /* @__PURE__ */ route({
  method: "PUT",
  path: "/v1/organizations/{orgId}/logo",
  handler: "functions/organizations/upload-logo.ts",
  auth: "user",
  summary:
    "Set the logo: the image itself as the body (PNG, JPEG or SVG, at most 512 KiB). An SVG may hold drawings only: no script, event handler, CSS (style element or attribute), escape, character reference or reference outside the drawing (422 UNSAFE_SVG)",
  successStatus: 200,
  response: uploadedLogoResponse,
  rawBody: true,
  access: { table: "readWrite", email: true, logos: "readWrite" },
});

export const getLogoRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/organizations/{orgId}/logo",
  handler: "functions/organizations/get-logo.ts",
  auth: "user",
  summary: "The logo, as base64 data with its content type",
  successStatus: 200,
  response: logoResponse,
  access: { table: "read", logos: "read" },
});

export const listBillingAddressesRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/organizations/{orgId}/billing-addresses",
  handler: "functions/organizations/list-billing-addresses.ts",
  auth: "user",
  summary: "The extra billing addresses",
  successStatus: 200,
  response: billingAddressListResponse,
  access: { table: "read" },
});

export const addBillingAddressRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/organizations/{orgId}/billing-addresses",
  handler: "functions/organizations/add-billing-address.ts",
  auth: "user",
  summary: "Add an extra billing address (legal representatives)",
  successStatus: 201,
  response: billingAddressResponse,
  body: billingAddressSchema,
  access: { table: "readWrite", email: true },
});

export const removeBillingAddressRoute = /* @__PURE__ */ route({
  method: "DELETE",
  path: "/v1/organizations/{orgId}/billing-addresses/{addressId}",
  handler: "functions/organizations/remove-billing-address.ts",
  auth: "user",
  summary: "Remove an extra billing address (legal representatives)",
  successStatus: 204,
  response: { empty: true },
  access: { table: "readWrite", email: true },
});

export const auditRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/organizations/{orgId}/audit",
  handler: "functions/organizations/audit.ts",
  auth: "user",
  summary: "Who changed what, newest first (legal representatives and administrators)",
  successStatus: 200,
  response: auditLogResponse,
  query: auditQuerySchema,
  access: { table: "read" },
});

export const organizationRoutes = [
  listOrganizationsRoute,
  createOrganizationRoute,
  getOrganizationRoute,
  updateOrganizationRoute,
  uploadLogoRoute,
  getLogoRoute,
  listBillingAddressesRoute,
  addBillingAddressRoute,
  removeBillingAddressRoute,
  auditRoute,
];
