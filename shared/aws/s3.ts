/**
 * An S3 client for code that rarely touches the logo bucket (the organization deletion's last
 * page), loaded with `await import("#shared/aws/s3")` when first needed. One client per
 * process: the module is evaluated once.
 */
import { S3Client } from "@aws-sdk/client-s3";

export { DeleteObjectCommand } from "@aws-sdk/client-s3";

// Endpoint from AWS_ENDPOINT_URL_S3 locally (the SDK reads it itself); the local store knows
// path-style addressing only.
export const s3 = new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) });
