import {
  auditLogResponse,
  billingAddressListResponse,
  billingAddressResponse,
  createdOrganizationResponse,
  logoResponse,
  logoUploadResponse,
  organizationListResponse,
  organizationResponse,
  requestedLogoUploadResponse,
  updatedOrganizationResponse,
} from "#functions/organizations/responses";
import {
  auditQuerySchema,
  billingAddressSchema,
  logoUploadSchema,
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
  access: { table: "readWrite" },
});

export const uploadLogoRoute = /* @__PURE__ */ route({
  method: "PUT",
  path: "/v1/organizations/{orgId}/logo",
  handler: "functions/organizations/upload-logo.ts",
  auth: "user",
  summary:
    "Upload a logo (legal representatives): declare its type (PNG, JPEG or SVG) and size (at most 512 KiB); the answer is a presigned PUT `upload` for a new object (send the file with its `headers`, for 5 minutes, once) and the upload's `statusUrl`. The logo changes once the file is checked: `accepted`, or `rejected` with the `problem` an SVG that holds more than a drawing gets (UNSAFE_SVG: script, event handler, CSS, escape, character reference or reference outside the drawing)",
  successStatus: 200,
  response: requestedLogoUploadResponse,
  body: logoUploadSchema,
  access: { table: "readWrite", logos: "signUploads" },
});

export const readLogoUploadRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/organizations/{orgId}/logo/uploads/{uploadId}",
  handler: "functions/organizations/read-logo-upload.ts",
  auth: "user",
  summary:
    "An upload's outcome (legal representatives): `pending` until its file is checked, then `accepted` (the logo), `rejected` (with the `problem`: UNSAFE_SVG, INVALID_IMAGE...), `superseded` (a newer upload was accepted first) or `expired` (no file came)",
  successStatus: 200,
  response: logoUploadResponse,
  access: { table: "read" },
});

export const getLogoRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/organizations/{orgId}/logo",
  handler: "functions/organizations/get-logo.ts",
  auth: "user",
  summary:
    "The logo (members): its type and a presigned GET `url` of the image, valid 5 minutes, which answers it as a download (Content-Disposition: attachment) from the bucket's origin",
  successStatus: 200,
  response: logoResponse,
  access: { table: "read", logos: "signDownloads" },
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
  access: { table: "readWrite" },
});

export const removeBillingAddressRoute = /* @__PURE__ */ route({
  method: "DELETE",
  path: "/v1/organizations/{orgId}/billing-addresses/{addressId}",
  handler: "functions/organizations/remove-billing-address.ts",
  auth: "user",
  summary: "Remove an extra billing address (legal representatives)",
  successStatus: 204,
  response: { empty: true },
  access: { table: "readWrite" },
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
  readLogoUploadRoute,
  getLogoRoute,
  listBillingAddressesRoute,
  addBillingAddressRoute,
  removeBillingAddressRoute,
  auditRoute,
];
