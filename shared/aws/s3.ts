/**
 * An S3 client for the code that calls the logo bucket: the logo check, and the organization
 * deletion's last page, which loads it with `await import("#shared/aws/s3")` when first needed.
 * One client per process: the module is evaluated once. (The routes that hand out logo URLs only
 * sign them: shared/aws/presign.ts, no client.)
 */
import { S3Client } from "@aws-sdk/client-s3";

export { DeleteObjectCommand, GetObjectCommand } from "@aws-sdk/client-s3";

// Endpoint from AWS_ENDPOINT_URL_S3 locally (the SDK reads it itself); the local store knows
// path-style addressing only.
export const s3 = new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) });
