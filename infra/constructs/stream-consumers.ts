import { Duration } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { EventSourceMapping, FilterCriteria, StartingPosition } from "aws-cdk-lib/aws-lambda";
import { SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { StreamConsumer } from "#functions/stream-types";
import { type BindTargets, ProjectFunction } from "#infra/constructs/function";
import { acknowledge } from "#infra/nag";
import { constructId } from "#infra/names";

export interface StreamConsumersProps {
  readonly consumers: readonly StreamConsumer[];
  /** The table's stream (NEW_AND_OLD_IMAGES). */
  readonly streamArn: string;
  readonly targets: BindTargets;
}

/**
 * A function per stream consumer (functions/streams.ts) and its event source mapping on the
 * table's stream, with the consumer's batching, retries, bisection and filter, batch item failures
 * reported by the function, and a failure destination: a queue that receives Lambda's record of a
 * batch given up (its shard and sequence numbers), on which the stack alarms.
 */
export class StreamConsumers extends Construct {
  readonly functions = new Map<string, ProjectFunction>();
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: StreamConsumersProps) {
    super(scope, id);
    this.failures = new Queue(this, "Failures", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.failures,
      "AwsSolutions-SQS3",
      "This queue is itself the failure destination of the stream's consumers; operators read and empty it.",
    );
    for (const consumer of props.consumers) {
      const fn = new ProjectFunction(this, constructId(consumer.name), {
        entry: consumer.handler,
        description: `Stream consumer ${consumer.name} (${consumer.handler})`,
        // Past the batch's worst case: a mail rendering its invoices' documents, each retried.
        timeout: Duration.seconds(60),
      }).bind(consumer.access, props.targets);
      // What an event source mapping needs to read the stream, on this stream only.
      fn.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: [
            "dynamodb:DescribeStream",
            "dynamodb:GetRecords",
            "dynamodb:GetShardIterator",
            "dynamodb:ListStreams",
          ],
          resources: [props.streamArn],
        }),
      );
      new EventSourceMapping(this, `${constructId(consumer.name)}Mapping`, {
        target: fn,
        eventSourceArn: props.streamArn,
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: consumer.batchSize,
        maxBatchingWindow: Duration.seconds(consumer.maximumBatchingWindowSeconds),
        retryAttempts: consumer.maximumRetryAttempts,
        bisectBatchOnError: consumer.bisectBatchOnFunctionError,
        reportBatchItemFailures: true,
        // A record older than a day is not delivered any more: the reconciler owns its item.
        maxRecordAge: Duration.days(1),
        onFailure: new SqsDlq(this.failures),
        ...(consumer.filters.length
          ? { filters: consumer.filters.map((pattern) => FilterCriteria.filter(pattern as never)) }
          : {}),
      });
      this.failures.grantSendMessages(fn);
      this.functions.set(consumer.name, fn);
    }
  }
}
