import * as z from "zod/mini";
import { currency, nextCursor, timestamp } from "#shared/api/responses";
import { organizationStatuses, organizationTypes, roles } from "#shared/entities";
import { languages } from "#shared/i18n/languages";
import type { JsonResponse } from "#shared/route-types";

/** The logo formats accepted (`shared/organizations/logo.ts`). */
const logoContentType = z.enum(["image/png", "image/jpeg", "image/svg+xml"]);
/** ISO 3166-1 alpha-2, upper case as the request schemas store it. */
const country = z.string().check(z.regex(/^[A-Z]{2}$/));
const byteCount = z.int().check(z.nonnegative());

export const postalAddress = z.strictObject({
  line1: z.string(),
  line2: z.optional(z.string()),
  postalCode: z.string(),
  city: z.string(),
  country,
});

/** `organizationView` (`shared/organizations/organizations.ts`): the public shape of an organization. */
export const organization = z.strictObject({
  orgId: z.string(),
  name: z.string(),
  type: z.enum(organizationTypes),
  postalAddress,
  phone: z.optional(z.string()),
  currency,
  /** R-L1: the billing language (invoices and their documents), at first its creator's. */
  language: z.enum(languages),
  /** `deleting` / `deletion_failed` while an organization deletion runs or after it failed. */
  status: z.enum(organizationStatuses),
  /** Null until a logo is uploaded; the image itself is read from `url`. */
  logo: z.nullable(z.strictObject({ contentType: logoContentType, url: z.string() })),
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** An organization as one of its members sees it in their list: with their role and billing rights. */
export const organizationWithRole = z.extend(organization, {
  role: z.enum(roles),
  billingRights: z.boolean(),
});

/** One changed detail (R-O6), as the summary mail and the audit entry show it. */
const detailChange = z.strictObject({ field: z.string(), before: z.string(), after: z.string() });

const organizationExample = {
  orgId: "q3V0cXJ5dGVzdElk",
  name: "Acme Sàrl",
  type: "company",
  postalAddress: { line1: "Rue du Marché 12", postalCode: "1204", city: "Genève", country: "CH" },
  phone: "+41 22 123 45 67",
  currency: "CHF",
  language: "fr",
  status: "active",
  logo: { contentType: "image/png", url: "/v1/organizations/q3V0cXJ5dGVzdElk/logo" },
  createdAt: "2026-11-02T08:15:30.120Z",
  updatedAt: "2026-12-01T09:00:00.000Z",
};

const organizationWithRoleExample = {
  ...organizationExample,
  role: "legal_representative",
  billingRights: true,
};

/** GET /v1/organizations/{orgId}. */
export const organizationResponse: JsonResponse = {
  name: "Organization",
  schema: organization,
  example: organizationExample,
};

/** POST /v1/organizations: the new organization, the caller its legal representative. */
export const createdOrganizationResponse: JsonResponse = {
  name: "OrganizationWithRole",
  schema: organizationWithRole,
  example: { ...organizationWithRoleExample, logo: null },
};

/** GET /v1/organizations. */
export const organizationListResponse: JsonResponse = {
  name: "OrganizationList",
  schema: z.strictObject({ organizations: z.array(organizationWithRole) }),
  components: { OrganizationWithRole: organizationWithRole },
  example: {
    organizations: [
      organizationWithRoleExample,
      {
        orgId: "Zm9vYmFyYmF6cXV4",
        name: "Ada Lovelace",
        type: "individual",
        postalAddress: { line1: "Hauptstrasse 5", postalCode: "80331", city: "München", country: "DE" },
        currency: "EUR",
        language: "de",
        status: "active",
        logo: null,
        createdAt: "2026-10-12T14:03:11.500Z",
        updatedAt: "2026-10-12T14:03:11.500Z",
        role: "user",
        billingRights: false,
      },
    ],
  },
};

/** PATCH /v1/organizations/{orgId}: the organization after the change, and what changed (empty if nothing). */
export const updatedOrganizationResponse: JsonResponse = {
  name: "UpdatedOrganization",
  schema: z.extend(organization, { changes: z.array(detailChange) }),
  example: {
    ...organizationExample,
    phone: "+41 22 765 43 21",
    changes: [{ field: "phone", before: "+41 22 123 45 67", after: "+41 22 765 43 21" }],
  },
};

/** `logoUploadView` (`shared/organizations/logo.ts`): an upload and its outcome. */
const logoUpload = z.strictObject({
  uploadId: z.string(),
  /** `pending` until the logo check has read the file; `expired` when no file came in time. */
  status: z.enum(["pending", "accepted", "rejected", "superseded", "expired"]),
  contentType: logoContentType,
  sizeBytes: byteCount,
  createdAt: timestamp,
  /** When the upload URL stops working. */
  urlExpiresAt: timestamp,
  checkedAt: z.optional(timestamp),
  /** Why a `rejected` upload was refused: the problem's code (UNSAFE_SVG, INVALID_IMAGE...) and detail. */
  problem: z.optional(z.strictObject({ code: z.string(), detail: z.string() })),
  /** Where to read the outcome (GET). */
  statusUrl: z.string(),
});

const logoUploadExample = {
  uploadId: "mfc3r2k9a0f3c2e1b4d5e",
  status: "pending",
  contentType: "image/svg+xml",
  sizeBytes: 1234,
  createdAt: "2026-12-01T09:00:00.000Z",
  urlExpiresAt: "2026-12-01T09:05:00.000Z",
  statusUrl: "/v1/organizations/q3V0cXJ5dGVzdElk/logo/uploads/mfc3r2k9a0f3c2e1b4d5e",
};

/** A presigned S3 request: send it as given, with every header listed (they are signed). */
const presignedRequest = z.strictObject({
  method: z.enum(["PUT", "GET"]),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  expiresAt: timestamp,
});

/**
 * PUT /v1/organizations/{orgId}/logo: the pending upload and how to send its file: a PUT of the
 * file to `upload.url` with `upload.headers` (content type; `if-none-match: *`, one write), of
 * exactly the declared size, before `upload.expiresAt`.
 */
export const requestedLogoUploadResponse: JsonResponse = {
  name: "RequestedLogoUpload",
  schema: z.extend(logoUpload, { upload: presignedRequest }),
  components: { PresignedRequest: presignedRequest },
  example: {
    ...logoUploadExample,
    upload: {
      method: "PUT",
      url: "https://logos.s3.eu-central-2.amazonaws.com/logos/q3V0cXJ5dGVzdElk/mfc3r2k9a0f3c2e1b4d5e.svg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=...",
      headers: { "content-type": "image/svg+xml", "if-none-match": "*" },
      expiresAt: "2026-12-01T09:05:00.000Z",
    },
  },
};

/** GET /v1/organizations/{orgId}/logo/uploads/{uploadId}: an upload's outcome. */
export const logoUploadResponse: JsonResponse = {
  name: "LogoUpload",
  schema: logoUpload,
  example: {
    ...logoUploadExample,
    status: "rejected",
    checkedAt: "2026-12-01T09:00:02.000Z",
    problem: {
      code: "UNSAFE_SVG",
      detail: "An SVG logo may hold drawings only; this one holds the element <script>.",
    },
  },
};

/**
 * GET /v1/organizations/{orgId}/logo: where to read the image for a few minutes: S3 answers it
 * as a download (Content-Disposition: attachment) of its type, from the bucket's origin, never
 * as a document of the API's (an SVG is then only ever shown as an image).
 */
export const logoResponse: JsonResponse = {
  name: "OrganizationLogo",
  schema: z.strictObject({
    contentType: logoContentType,
    /** Absent for a logo stored before uploads were checked apart. */
    sizeBytes: z.optional(byteCount),
    url: z.string(),
    expiresAt: timestamp,
  }),
  example: {
    contentType: "image/svg+xml",
    sizeBytes: 1234,
    url: "https://logos.s3.eu-central-2.amazonaws.com/logos/q3V0cXJ5dGVzdElk/mfc3r2k9a0f3c2e1b4d5e.svg?response-content-disposition=attachment...&X-Amz-Signature=...",
    expiresAt: "2026-12-01T09:05:00.000Z",
  },
};

/** `billingAddressView` (`shared/organizations/billing-addresses.ts`). */
export const billingAddress = z.strictObject({
  addressId: z.string(),
  recipient: z.optional(z.string()),
  line1: z.string(),
  line2: z.optional(z.string()),
  postalCode: z.string(),
  city: z.string(),
  country,
  email: z.optional(z.email()),
  createdAt: timestamp,
});

const billingAddressExample = {
  addressId: "YmlsbGluZ2FkZHIx",
  recipient: "Accounts payable",
  line1: "Bahnhofstrasse 1",
  line2: "Postfach",
  postalCode: "8001",
  city: "Zürich",
  country: "CH",
  email: "invoices@acme.example",
  createdAt: "2026-12-01T09:00:00.000Z",
};

/** POST /v1/organizations/{orgId}/billing-addresses. */
export const billingAddressResponse: JsonResponse = {
  name: "BillingAddress",
  schema: billingAddress,
  example: billingAddressExample,
};

/** GET /v1/organizations/{orgId}/billing-addresses. */
export const billingAddressListResponse: JsonResponse = {
  name: "BillingAddressList",
  schema: z.strictObject({ billingAddresses: z.array(billingAddress) }),
  components: { BillingAddress: billingAddress },
  example: { billingAddresses: [billingAddressExample] },
};

/** One entry of an organization's audit log (`shared/organizations/audit-log.ts`). */
export const auditEntry = z.strictObject({
  at: timestamp,
  entryId: z.string(),
  /** `organization.updated`, `member.invited`, `billing_address.added`... */
  action: z.string(),
  /** Absent for what no user did (a workflow's own steps record their requester). */
  actorUserId: z.optional(z.string()),
  details: z.optional(z.record(z.string(), z.unknown())),
  requestId: z.optional(z.string()),
  sourceIp: z.optional(z.string()),
});

/** GET /v1/organizations/{orgId}/audit: newest first; `nextCursor` is absent on the last page. */
export const auditLogResponse: JsonResponse = {
  name: "OrganizationAuditLog",
  schema: z.strictObject({
    entries: z.array(auditEntry),
    nextCursor,
  }),
  components: { OrganizationAuditEntry: auditEntry },
  example: {
    entries: [
      {
        at: "2026-12-01T09:00:00.000Z",
        entryId: "YXVkaXRlbnRyeTAx",
        action: "organization.updated",
        actorUserId: "dXNlcmFkYWxvdmVs",
        details: { changes: [{ field: "phone", before: "none", after: "+41 22 123 45 67" }] },
        requestId: "c0ffee00-1234-4abc-9def-0123456789ab",
        sourceIp: "203.0.113.7",
      },
    ],
    nextCursor: "eyJwayI6Ik9SRyNvcmcifQ",
  },
};
