import type { FunctionAccess } from "#shared/route-types";

/**
 * A function fed by the table's DynamoDB stream (NEW_AND_OLD_IMAGES) through a Lambda event
 * source mapping: the CDK app deploys the mapping with these settings, and the local runtime
 * runs the same mapping over the local DynamoDB's stream.
 */
export interface StreamConsumer {
  /** The function's name, in AWS (after the stage) and locally. */
  name: string;
  /** Module path from the project root; the module exports `handler`. */
  handler: string;
  access: FunctionAccess;
  /** Records per invocation, at most. */
  batchSize: number;
  /** How long records are gathered before an invocation with fewer than `batchSize`. */
  maximumBatchingWindowSeconds: number;
  /** Retries of a failed batch (or of its failed part) before it goes to the failure destination. */
  maximumRetryAttempts: number;
  /** A batch whose invocation failed is split in two and each half retried apart. */
  bisectBatchOnFunctionError: boolean;
  /**
   * Lambda event filtering: a record reaches the function when it matches one of these patterns
   * (each a pattern over the stream record: `eventName`, `dynamodb.NewImage`...). Empty: every record.
   */
  filters: readonly Record<string, unknown>[];
}

export const streamConsumer = (definition: StreamConsumer): StreamConsumer => definition;
