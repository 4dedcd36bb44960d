import type { RequestOrigin } from "#shared/audit";
import { assertOrganizationActive, authorize, needs } from "#shared/authorization";
import { presignObjectRequest } from "#shared/aws/presign";
import { nowSeconds, requiredEnv } from "#shared/db";
import { LogoUpload } from "#shared/entities";
import { createItem, write } from "#shared/entity/writes";
import { errors } from "#shared/errors";
import { message } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import {
  formats,
  isLogoType,
  logoObjectKey,
  logoUrlSeconds,
  maxLogoBytes,
  newLogoUploadId,
} from "#shared/organizations/logo-content";
import { logoUploadView } from "#shared/organizations/logo-uploads";
import { logoContentType, readOrganization } from "#shared/organizations/organizations";

/**
 * R-O4: the organization's logo, through presigned S3 URLs: no logo byte passes through a
 * function. A legal representative asks for an upload (type and size declared) and gets a URL
 * that writes one new object, of that type and size, once, for a few minutes; the logo check
 * (shared/organizations/logo-check.ts), which the bucket's object-created notification invokes,
 * checks the object and only then makes it the logo, or deletes it and records why. Members read
 * the logo through a download URL. Only these functions sign; what S3 allows is their role's.
 */

const bucket = requiredEnv("LOGO_BUCKET");

/** How long an upload's record (its outcome) is kept. */
const uploadRecordSeconds = 30 * 24 * 3600;

/**
 * R-O4: a legal representative asks to upload a logo of a type and size: PNG, JPEG or SVG, at
 * most 512 KiB (the same answers as the upload itself once had: 415, 413). The answer is a PUT
 * URL for a new object, signed with that content type and exact size and `If-None-Match: *`
 * (S3 refuses another type or size, and a second write of the same URL); the upload is pending
 * until the logo check has read the object.
 */
export async function requestLogoUpload(
  userId: string,
  orgId: string,
  declared: { contentType: string; sizeBytes: number },
  origin: RequestOrigin,
) {
  await authorize(userId, orgId, needs.legalRepresentative);
  const contentType = declared.contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!isLogoType(contentType)) {
    throw errors.unsupportedMediaType(texts.logoTypeNotAllowed);
  }
  if (declared.sizeBytes > maxLogoBytes) {
    throw errors.payloadTooLarge(message(texts.logoTooLarge, { maxKib: maxLogoBytes / 1024 }));
  }
  await assertOrganizationActive(orgId);
  const uploadId = newLogoUploadId();
  const objectKey = logoObjectKey(orgId, uploadId, contentType);
  const put = await presignObjectRequest({
    method: "PUT",
    bucket,
    key: objectKey,
    headers: {
      "content-type": contentType,
      "content-length": String(declared.sizeBytes),
      // Written once: a second PUT of the same URL meets 412, never the checked object.
      "if-none-match": "*",
    },
    expiresInSeconds: logoUrlSeconds,
  });
  const upload: LogoUpload = {
    orgId,
    uploadId,
    objectKey,
    contentType,
    sizeBytes: declared.sizeBytes,
    status: "pending",
    requestedBy: userId,
    ...(origin.requestId ? { requestId: origin.requestId } : {}),
    ...(origin.sourceIp ? { sourceIp: origin.sourceIp } : {}),
    createdAt: new Date().toISOString(),
    urlExpiresAt: put.expiresAt,
    expiresAt: nowSeconds() + uploadRecordSeconds,
  };
  await write(createItem(LogoUpload, upload));
  return { ...logoUploadView(upload), upload: put };
}

/**
 * The logo for any member: a GET URL of its object, valid a few minutes, whose answer S3 sends
 * as a download (`Content-Disposition: attachment`) of the logo's own type. It comes from the
 * bucket's origin, never the API's, and a browser renders no SVG as a page from it: an `<img>`
 * shows it (scripts never run in an image), a navigation saves it.
 */
export async function readLogo(userId: string, orgId: string) {
  const organization = await readOrganization(userId, orgId);
  const contentType = logoContentType(organization.logoKey);
  if (!organization.logoKey || !contentType) throw errors.notFound(texts.logoNotFound);
  const extension = formats[contentType as keyof typeof formats]?.extension ?? "bin";
  const get = await presignObjectRequest({
    method: "GET",
    bucket,
    key: organization.logoKey,
    query: {
      "response-content-disposition": `attachment; filename="logo.${extension}"`,
      "response-content-type": contentType,
    },
    expiresInSeconds: logoUrlSeconds,
  });
  return {
    contentType,
    ...(organization.logoSizeBytes !== undefined ? { sizeBytes: organization.logoSizeBytes } : {}),
    url: get.url,
    expiresAt: get.expiresAt,
  };
}
