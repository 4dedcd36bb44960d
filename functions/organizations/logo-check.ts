import type { FunctionAccess } from "#shared/route-types";

/**
 * A function the logo bucket's event notifications invoke (asynchronously, as S3 invokes
 * Lambda), declared once: the CDK app deploys the function, its invoke permission for the
 * bucket and the bucket's notification (infra/constructs/logo-check.ts), and the local runtime
 * delivers the local S3's object-created events to the same handler (local/bucket-notifications.ts).
 */
export interface BucketNotificationConsumer {
  /** The function's name, in AWS (after the stage) and locally. */
  name: string;
  /** Module path from the project root; the module exports `handler`. */
  handler: string;
  access: FunctionAccess;
  /** The S3 event types notified, as S3 names them. */
  events: readonly "s3:ObjectCreated:*"[];
  /** Only objects whose key begins with this are notified. */
  prefix: string;
  /** Lambda retries a failed asynchronous invocation this many times (0 to 2), then drops the event. */
  retryAttempts: number;
}

/**
 * The logo check (shared/organizations/logo-check.ts): every object created under `logos/`
 * (an upload through a presigned URL) is read, checked, and made the logo or deleted.
 */
export const logoCheck: BucketNotificationConsumer = {
  name: "check-logo-upload",
  handler: "functions/organizations/check-logo-upload.ts",
  access: { table: "readWrite", logos: "check" },
  events: ["s3:ObjectCreated:*"],
  prefix: "logos/",
  retryAttempts: 2,
};
