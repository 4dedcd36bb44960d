import { call, eventually } from "#test/support/runtime";

/**
 * Logo uploads as a portal page makes them: ask the API for an upload (type and size), PUT the
 * file to the presigned URL it answers, with the headers it lists (fetch sets the length from
 * the body), then read the upload's status until the logo check has decided.
 */

export interface RequestedUpload {
  uploadId: string;
  status: string;
  statusUrl: string;
  upload: { method: "PUT"; url: string; headers: Record<string, string>; expiresAt: string };
}

export interface UploadOutcome {
  uploadId: string;
  status: "accepted" | "rejected" | "superseded" | "expired" | "pending";
  problem?: { code: string; detail: string };
  checkedAt?: string;
}

/** PUT .../logo: the upload's declaration, answered with its presigned PUT (or a problem). */
export const askUpload = (
  api: string,
  token: string,
  orgId: string,
  contentType: string,
  sizeBytes: number,
) =>
  call<RequestedUpload & { code?: string }>(api, "PUT", `/v1/organizations/${orgId}/logo`, {
    token,
    body: { contentType, sizeBytes },
  });

/** The file sent to the presigned URL, as a browser would (headers given, `overrides` over them). */
export const sendFile = (
  upload: RequestedUpload["upload"],
  body: Buffer | string,
  overrides: Record<string, string> = {},
) => fetch(upload.url, { method: upload.method, headers: { ...upload.headers, ...overrides }, body });

/** An upload's status (GET its statusUrl), as its uploader reads it. */
export const uploadStatus = (api: string, token: string, statusUrl: string) =>
  call<UploadOutcome & { code?: string }>(api, "GET", statusUrl, { token });

/** Waits for the logo check to decide an upload (its status leaves `pending`). */
export const outcomeOf = (api: string, token: string, statusUrl: string) =>
  eventually(
    async () => {
      const status = await uploadStatus(api, token, statusUrl);
      if (status.status !== 200) throw new Error(`${statusUrl} answered ${status.status}`);
      return status.body.status === "pending" ? undefined : status.body;
    },
    10_000,
    `the check of ${statusUrl}`,
  );

/** The whole upload: asked, sent (S3 must take it) and checked; the check's outcome. */
export async function uploadLogo(
  api: string,
  token: string,
  orgId: string,
  contentType: string,
  file: Buffer | string,
): Promise<UploadOutcome> {
  const bytes = Buffer.from(file);
  const asked = await askUpload(api, token, orgId, contentType, bytes.length);
  if (asked.status !== 200) throw new Error(`upload not granted: ${asked.status} ${asked.body.code}`);
  const sent = await sendFile(asked.body.upload, bytes);
  if (sent.status !== 200) throw new Error(`S3 refused the file: ${sent.status} ${await sent.text()}`);
  return outcomeOf(api, token, asked.body.statusUrl);
}
