import { Duration, RemovalPolicy } from "aws-cdk-lib";
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
} from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { acknowledge } from "#infra/nag";
import { logoBucketCors } from "#shared/cors";

export interface LogosProps {
  /** The portal's origins: their pages send uploads and read logos straight from the bucket. */
  readonly corsOrigins: readonly string[];
}

/**
 * The organization logo bucket (R-O4) and the bucket that receives its server access logs.
 * Both: no public access, S3-managed encryption, TLS only, kept when the stack goes. Browsers
 * reach logo objects only through the presigned URLs the API signs (shared/aws/presign.ts), from
 * the portal's origins (CORS: PUT and GET, with the headers an upload signs).
 */
export class Logos extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: LogosProps) {
    super(scope, id);
    this.accessLogs = new Bucket(this, "AccessLogs", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    acknowledge(
      this.accessLogs,
      "AwsSolutions-S1",
      "This bucket is the server access log destination; logging its own access would log the log writes.",
    );

    this.bucket = new Bucket(this, "Bucket", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: "logos/",
      cors: [
        {
          allowedOrigins: [...props.corsOrigins],
          allowedMethods: logoBucketCors.allowedMethods.map((method) => HttpMethods[method]),
          allowedHeaders: [...logoBucketCors.allowedHeaders],
          exposedHeaders: [...logoBucketCors.exposedHeaders],
          maxAge: logoBucketCors.maxAgeSeconds,
        },
      ],
      lifecycleRules: [
        // A replaced, refused or deleted logo stays recoverable for a while, not forever.
        {
          noncurrentVersionExpiration: Duration.days(90),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
  }
}
