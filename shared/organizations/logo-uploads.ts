import { authorize, needs } from "#shared/authorization";
import { LogoUpload } from "#shared/entities";
import { getItem } from "#shared/entity/reads";
import { errors } from "#shared/errors";
import * as texts from "#shared/i18n/error-texts";
import { logoCheckGraceSeconds } from "#shared/organizations/logo-content";

/**
 * Logo uploads as their status route shows them (shared/organizations/logo.ts makes them, the
 * logo check decides them): apart from the signing code, which this route does not carry.
 */

const statusUrl = (orgId: string, uploadId: string) => `/v1/organizations/${orgId}/logo/uploads/${uploadId}`;

/** An upload as its status route shows it: `expired` is a pending upload past its URL and grace. */
export function logoUploadView(upload: LogoUpload, now = Date.now()) {
  const expired =
    upload.status === "pending" && now > Date.parse(upload.urlExpiresAt) + logoCheckGraceSeconds * 1000;
  return {
    uploadId: upload.uploadId,
    status: expired ? ("expired" as const) : upload.status,
    contentType: upload.contentType,
    sizeBytes: upload.sizeBytes,
    createdAt: upload.createdAt,
    urlExpiresAt: upload.urlExpiresAt,
    ...(upload.checkedAt ? { checkedAt: upload.checkedAt } : {}),
    ...(upload.problem ? { problem: upload.problem } : {}),
    statusUrl: statusUrl(upload.orgId, upload.uploadId),
  };
}

/** An upload's outcome, for the legal representatives (who may upload). */
export async function readLogoUpload(userId: string, orgId: string, uploadId: string) {
  await authorize(userId, orgId, needs.legalRepresentative);
  const upload = await getItem(LogoUpload, { orgId, uploadId }, { consistent: true });
  if (!upload) throw errors.notFound(texts.uploadNotFound);
  return logoUploadView(upload);
}
