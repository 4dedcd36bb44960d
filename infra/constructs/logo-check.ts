import { Duration, NestedStack, Stack } from "aws-cdk-lib";
import { ServicePrincipal } from "aws-cdk-lib/aws-iam";
import {
  type Bucket,
  BucketNotificationDestinationType,
  EventType,
  type IBucketNotificationDestination,
} from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import type { BucketNotificationConsumer } from "#functions/organizations/logo-check";
import { type BindTargets, ProjectFunction } from "#infra/constructs/function";
import { acknowledge } from "#infra/nag";
import { constructId } from "#infra/names";
import { parentTargets } from "#infra/parameters";
import { functionTimeoutSeconds } from "#shared/function-access";

export interface LogoCheckStackProps {
  readonly consumer: BucketNotificationConsumer;
  /** The parent's targets; the stack takes as parameters only what the consumer's access uses (the bucket among them). */
  readonly targets: BindTargets;
}

/**
 * The function the logo bucket's notification invokes (functions/organizations/logo-check.ts),
 * with the permission that lets S3 invoke it for that bucket only, and Lambda's asynchronous
 * retries as declared. The notification itself belongs to the bucket, in the parent
 * (`notifyLogoCheck`): the bucket's stack must not wait for the function's, nor the reverse.
 */
export class LogoCheckStack extends NestedStack {
  readonly function: ProjectFunction;

  constructor(scope: Construct, id: string, props: LogoCheckStackProps) {
    super(scope, id, { description: "The logo bucket's check of uploaded objects" });
    const { consumer } = props;
    const targets = parentTargets(this, props.targets, [consumer.access]);
    const bucket = targets.logos;
    if (!bucket)
      throw new Error(`${consumer.handler} is notified by the logo bucket, which this stack does not have`);
    this.function = new ProjectFunction(this, constructId(consumer.name), {
      entry: consumer.handler,
      description: `Logo bucket notification ${consumer.name} (${consumer.handler})`,
      timeout: Duration.seconds(functionTimeoutSeconds.task),
      retryAttempts: consumer.retryAttempts,
      // Past the upload URL's life and the check's grace (shared/organizations/logo-content.ts) it would be refused anyway.
      maxEventAge: Duration.hours(1),
    }).bind(consumer.access, targets);
    this.function.addPermission("FromLogoBucket", {
      principal: new ServicePrincipal("s3.amazonaws.com"),
      sourceArn: bucket.bucketArn,
      sourceAccount: Stack.of(this).account,
    });
  }
}

/**
 * The bucket's event notification to the logo check: objects created under the consumer's
 * prefix. CDK writes it with its `Custom::S3BucketNotifications` resource (a notification names
 * a function that must exist, with its permission, before S3 accepts it: CloudFormation's own
 * `NotificationConfiguration` would need the bucket's ARN in that permission before the bucket).
 */
export function notifyLogoCheck(
  bucket: Bucket,
  check: LogoCheckStack,
  consumer: BucketNotificationConsumer,
): void {
  const destination: IBucketNotificationDestination = {
    bind: () => ({
      type: BucketNotificationDestinationType.LAMBDA,
      arn: check.function.functionArn,
      // The permission first: S3 tests the destination when the notification is written.
      dependencies: [check],
    }),
  };
  for (const event of consumer.events)
    bucket.addEventNotification(eventTypeOf(event), destination, { prefix: consumer.prefix });
  const handler = Stack.of(bucket).node.tryFindChild(
    "BucketNotificationsHandler050a0587b7544547bf325f094a3db834",
  );
  const role = handler?.node.tryFindChild("Role");
  if (role) {
    acknowledge(
      role,
      "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
      "CDK's handler of the bucket's notification configuration (Custom::S3BucketNotifications), run at deploy only: " +
        "AWSLambdaBasicExecutionRole lets it write its own logs, nothing else.",
    );
  }
}

/** The event types a consumer declares, as CDK names them. */
export const eventTypeOf = (event: string): EventType => {
  const type = Object.values(EventType).find((each) => each === event);
  if (!type) throw new Error(`unknown S3 event type ${event}`);
  return type;
};
