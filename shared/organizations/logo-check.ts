import { createHash } from "node:crypto";
import type { S3EventRecord } from "aws-lambda";
import { auditAction, orgScope } from "#shared/audit";
import { DeleteObjectCommand, GetObjectCommand, s3 } from "#shared/aws/s3";
import { requiredEnv } from "#shared/db";
import { LogoUpload, Organization } from "#shared/entities";
import { getItem } from "#shared/entity/reads";
import { transact } from "#shared/entity/transactions";
import { updateItem, write } from "#shared/entity/writes";
import { isDomainError } from "#shared/errors";
import { logger } from "#shared/logger";
import {
  checkLogoContent,
  formats,
  type LogoType,
  logoCheckGraceSeconds,
  maxLogoBytes,
  parseLogoObjectKey,
} from "#shared/organizations/logo-content";
import { logoContentType, notifyLegalRepresentatives } from "#shared/organizations/organizations";

/**
 * The logo check (R-O4), invoked by the logo bucket's object-created notification: an uploaded
 * object (shared/organizations/logo.ts) is read and checked as an upload through the API once
 * was (type by its bytes, size, SVG allow-list: shared/organizations/logo-content.ts). Accepted,
 * it becomes the organization's logo in one conditional write, unless a newer accepted upload
 * already is (the newest wins), and the previous logo's object is deleted; refused, its object
 * is deleted and the upload records why (`problem`: the code and detail the API would have
 * answered), which its status route shows. S3 may deliver a notification more than once: an
 * upload is checked once; a repeated delivery changes nothing.
 */

const bucket = requiredEnv("LOGO_BUCKET");

export type LogoCheckOutcome =
  | "accepted"
  | "rejected"
  | "superseded"
  | "already-checked"
  | "unknown-object-deleted"
  | "ignored";

/** A failed condition of the logo's write: the organization changed (deleted, or a newer logo). */
class NotApplied extends Error {}
/** A failed condition on the upload: another delivery checked it first. */
class AlreadyChecked extends Error {}

/** S3 notifications carry the key URL-encoded, spaces as `+`. */
const keyOf = (record: S3EventRecord) => decodeURIComponent(record.s3.object.key.replace(/\+/g, " "));

async function deleteObject(key: string) {
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}

async function readObject(key: string) {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return {
      bytes: Buffer.from((await object.Body?.transformToByteArray()) ?? []),
      contentType: (object.ContentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "",
    };
  } catch (error) {
    if ((error as { name?: string }).name === "NoSuchKey") return undefined;
    throw error;
  }
}

/** Why the bytes are not the logo that was asked for: a DomainError's code and detail. */
function problemOf(upload: LogoUpload, object: { bytes: Buffer; contentType: string }) {
  if (object.contentType !== upload.contentType) {
    return { code: "INVALID_IMAGE", detail: `The file was stored as ${object.contentType || "no type"}.` };
  }
  if (object.bytes.length > maxLogoBytes) {
    return { code: "PAYLOAD_TOO_LARGE", detail: `A logo may have at most ${maxLogoBytes / 1024} KiB.` };
  }
  if (object.bytes.length !== upload.sizeBytes) {
    return {
      code: "INVALID_IMAGE",
      detail: `The file has ${object.bytes.length} bytes, not the ${upload.sizeBytes} declared.`,
    };
  }
  try {
    checkLogoContent(upload.contentType as LogoType, object.bytes);
    return undefined;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    // Kept with the upload in English (the language of `Error.message`): no request asks for it yet.
    return { code: error.code, detail: error.message };
  }
}

/** Ends a pending upload without making it the logo: its object goes, its record says why. */
async function refuse(
  upload: LogoUpload,
  status: "rejected" | "superseded",
  problem?: { code: string; detail: string },
) {
  await deleteObject(upload.objectKey);
  try {
    await write(
      updateItem(
        LogoUpload,
        { orgId: upload.orgId, uploadId: upload.uploadId },
        { set: { status, checkedAt: new Date().toISOString(), ...(problem ? { problem } : {}) } },
        { condition: { status: "pending" }, fails: () => new AlreadyChecked() },
      ),
    );
  } catch (error) {
    if (!(error instanceof AlreadyChecked)) throw error;
  }
  logger.info("logo upload refused", { orgId: upload.orgId, uploadId: upload.uploadId, status, problem });
  return status;
}

export async function checkLogoUpload(record: S3EventRecord): Promise<LogoCheckOutcome> {
  if (!record.eventName.startsWith("ObjectCreated:") || record.s3.bucket.name !== bucket) return "ignored";
  const key = keyOf(record);
  const named = parseLogoObjectKey(key);
  // A logo stored before uploads were checked apart, or anything else: not an upload of ours.
  if (!named) return "ignored";
  const upload = await getItem(
    LogoUpload,
    { orgId: named.orgId, uploadId: named.uploadId },
    { consistent: true },
  );
  if (!upload) {
    // No upload asked for it (or its organization was deleted meanwhile, with its uploads).
    await deleteObject(key);
    return "unknown-object-deleted";
  }
  if (upload.status !== "pending") {
    // A repeated delivery: what it decided stands; a refused object stays deleted.
    if (upload.status !== "accepted") await deleteObject(key);
    return "already-checked";
  }
  if (Date.now() > Date.parse(upload.urlExpiresAt) + logoCheckGraceSeconds * 1000) {
    return refuse(upload, "rejected", {
      code: "UPLOAD_EXPIRED",
      detail: "The file arrived after its upload had expired; ask for a new upload.",
    });
  }
  const object = await readObject(key);
  // Gone already (a delivery before this one deleted it): nothing to check.
  if (!object) return "already-checked";
  const problem = problemOf(upload, object);
  if (problem) return refuse(upload, "rejected", problem);

  const { orgId, uploadId } = upload;
  const sha256 = createHash("sha256").update(object.bytes).digest("hex");
  const deleting = {
    code: "ORGANIZATION_DELETING",
    detail: "This organization is being deleted; it cannot change.",
  };
  // The logo this upload replaces is read first and named in the write's condition: so the
  // object deleted afterwards is exactly the one replaced. Another upload accepted in between
  // (an older one: a newer one wins) makes the condition fail, and the check reads again.
  let replaced: Organization | undefined;
  for (let attempt = 0; !replaced; attempt++) {
    const organization = await getItem(Organization, { orgId }, { consistent: true });
    if (organization?.status !== "active") return refuse(upload, "rejected", deleting);
    if (organization.logoUploadId !== undefined && organization.logoUploadId >= uploadId)
      return refuse(upload, "superseded");
    const now = new Date().toISOString();
    try {
      await transact([
        updateItem(
          Organization,
          { orgId },
          {
            set: { logoKey: key, logoUploadId: uploadId, logoSizeBytes: object.bytes.length, updatedAt: now },
            add: { version: 1 },
          },
          {
            condition: {
              status: "active",
              logoKey: organization.logoKey ?? { exists: false },
              // The newest accepted upload wins: a slower check of an older one never replaces it.
              $or: [{ logoUploadId: { exists: false } }, { logoUploadId: { lt: uploadId } }],
            },
            fails: () => new NotApplied(),
          },
        ),
        updateItem(
          LogoUpload,
          { orgId, uploadId },
          { set: { status: "accepted", checkedAt: now, sha256 } },
          { condition: { status: "pending" }, fails: () => new AlreadyChecked() },
        ),
        auditAction(
          orgScope(orgId),
          "organization.logo_changed",
          upload.requestedBy,
          {
            ...(upload.requestId ? { requestId: upload.requestId } : {}),
            ...(upload.sourceIp ? { sourceIp: upload.sourceIp } : {}),
          },
          { contentType: upload.contentType, sizeBytes: object.bytes.length, sha256, uploadId },
        ),
      ]);
      replaced = organization;
    } catch (error) {
      if (error instanceof AlreadyChecked) return "already-checked";
      if (!(error instanceof NotApplied) || attempt >= 4) throw error;
    }
  }
  if (replaced.logoKey && replaced.logoKey !== key) {
    // The bucket keeps the previous version a while (its lifecycle), not as the logo.
    await deleteObject(replaced.logoKey).catch((error: unknown) =>
      logger.warn("could not delete the previous logo", { error: error as Error }),
    );
  }
  const before = logoContentType(replaced.logoKey);
  await notifyLegalRepresentatives(replaced, upload.requestedBy, [
    {
      field: "logo",
      before: before ? `${formats[before as LogoType]?.label ?? before} image` : "none",
      after: `${formats[upload.contentType].label} image (${Math.ceil(object.bytes.length / 1024)} KiB)`,
    },
  ]).catch((error: unknown) =>
    // The logo is set; the notice is not worth checking the upload again.
    logger.error("could not tell the legal representatives of the new logo", { error: error as Error }),
  );
  logger.info("logo upload accepted", { orgId, uploadId });
  return "accepted";
}
