import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import { type ITopic, Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { IStateMachine } from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";
import { Alarms, customMetric } from "#infra/constructs/alarms";

export interface OperationsProps {
  readonly stage: string;
  /** Subscribed to the stage's alarm topic... */
  readonly alarmEmail?: string;
  /** ...or an existing topic, used instead of one of our own. */
  readonly alarmTopicArn?: string;
  readonly httpApi: HttpApi;
  readonly table: ITableV2;
  /** State machines by workflow name. */
  readonly stateMachines: ReadonlyMap<string, IStateMachine>;
}

const period = Duration.minutes(5);

/**
 * What operators get from the parent stack: the alarm topic every alarm of every stack notifies
 * (encrypted with a key CloudWatch may use), the alarms on what the parent holds (API, table,
 * mail reputation), and the operators' dashboard `<stage>-operations`.
 */
export class Operations extends Construct {
  readonly topic: ITopic;
  readonly alarms: Alarms;
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const { stage } = props;
    if (props.alarmTopicArn) {
      this.topic = Topic.fromTopicArn(this, "AlarmTopic", props.alarmTopicArn);
    } else {
      // A key of our own: CloudWatch cannot publish to a topic under the AWS-managed SNS key.
      const key = new Key(this, "AlarmTopicKey", {
        description: `Encrypts the ${stage} alarm topic`,
        enableKeyRotation: true,
        // Deleted (scheduled for deletion) when the first deploy rolls back; kept afterwards.
        removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      });
      key.addToResourcePolicy(
        new PolicyStatement({
          principals: [new ServicePrincipal("cloudwatch.amazonaws.com")],
          actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
          resources: ["*"],
          conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
        }),
      );
      const topic = new Topic(this, "AlarmTopic", {
        displayName: `${stage} account workflows alarms`,
        masterKey: key,
        enforceSSL: true,
      });
      if (props.alarmEmail) topic.addSubscription(new EmailSubscription(props.alarmEmail));
      this.topic = topic;
    }

    this.alarms = new Alarms(this, "Alarms", {
      stage,
      functions: [],
      stateMachines: new Map(),
      actions: [new SnsAction(this.topic)],
    });
    const api = props.httpApi;
    this.alarms.add("api-5xx-rate", {
      metric: new MathExpression({
        expression: "IF(FILL(requests, 0) >= 20, 100 * FILL(errors, 0) / FILL(requests, 0), 0)",
        usingMetrics: {
          errors: api.metricServerError({ period, statistic: "Sum" }),
          requests: api.metricCount({ period, statistic: "Sum" }),
        },
        label: "5xx, % of requests (from 20 requests in 5 minutes)",
        period,
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: "More than 1% of the API's answers are 5xx",
    });
    this.alarms.add("api-latency-p99", {
      metric: api.metricLatency({ period, statistic: "p99" }),
      threshold: 3000,
      evaluationPeriods: 3,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: "The API's p99 latency is above 3 s for 15 minutes",
    });
    const operations = [
      "GetItem",
      "PutItem",
      "UpdateItem",
      "DeleteItem",
      "Query",
      "BatchGetItem",
      "TransactWriteItems",
    ];
    // A sum over the operations, each FILLed: DynamoDB publishes a throttle or an error only
    // for the operation that met one, and a sum with a term missing is missing (CDK's own
    // metricThrottledRequestsForOperations adds them bare).
    const perOperation = (metricName: string, label: string) =>
      new MathExpression({
        expression: operations.map((operation) => `FILL(${operation.toLowerCase()}, 0)`).join(" + "),
        usingMetrics: Object.fromEntries(
          operations.map((operation) => [
            operation.toLowerCase(),
            // dimensionsMap replaces the table's own: name both.
            props.table.metric(metricName, {
              dimensionsMap: { TableName: props.table.tableName, Operation: operation },
              statistic: "Sum",
              period,
            }),
          ]),
        ),
        label,
        period,
      });
    const throttled = perOperation("ThrottledRequests", "Throttled requests, all operations");
    this.alarms.add("dynamodb-throttled", {
      metric: throttled,
      description: "DynamoDB throttled requests of the table",
    });
    this.alarms.add("dynamodb-system-errors", {
      metric: perOperation("SystemErrors", "System errors, all operations"),
      description: "DynamoDB answered the table's requests with system errors",
    });
    // The account's sending reputation (SES publishes it per account): the thresholds are those
    // below which AWS starts to review an account.
    const reputation = (name: string) =>
      new Metric({ namespace: "AWS/SES", metricName: name, statistic: "Maximum", period: Duration.hours(1) });
    this.alarms.add("ses-bounce-rate", {
      metric: reputation("Reputation.BounceRate"),
      threshold: 0.05,
      description: "The mail bounce rate is 5% or more",
    });
    this.alarms.add("ses-complaint-rate", {
      metric: reputation("Reputation.ComplaintRate"),
      threshold: 0.001,
      description: "The mail complaint rate is 0.1% or more",
    });

    this.dashboard = new Dashboard(this, "Dashboard", {
      dashboardName: `${stage}-operations`,
      defaultInterval: Duration.hours(24),
    });
    const graph = (title: string, left: IMetric[], right: IMetric[] = []) =>
      new GraphWidget({ title, left, right, width: 12, height: 6 });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# ${stage}: account workflows\nAlarms go to the stage's topic; stuck work: \`GET /v1/operator/stuck-work\`.`,
        width: 24,
        height: 2,
      }),
    );
    for (const [workflow, machine] of props.stateMachines) {
      this.dashboard.addWidgets(
        graph(
          `${workflow}: executions`,
          [
            machine.metricStarted({ period, statistic: "Sum" }),
            machine.metricSucceeded({ period, statistic: "Sum" }),
            machine.metricFailed({ period, statistic: "Sum" }),
            machine.metricTimedOut({ period, statistic: "Sum" }),
          ],
          [
            customMetric(stage, "ExpectedWorkflowFailures", { workflow }),
            customMetric(stage, "UnexpectedWorkflowFailures", { workflow }),
          ],
        ),
        graph(`${workflow}: duration`, [
          machine.metricTime({ period, statistic: "p50" }),
          machine.metricTime({ period, statistic: "p99" }),
        ]),
      );
    }
    this.dashboard.addWidgets(
      graph("API: requests and errors", [
        api.metricCount({ period, statistic: "Sum" }),
        api.metricClientError({ period, statistic: "Sum" }),
        api.metricServerError({ period, statistic: "Sum" }),
      ]),
      graph("API: latency", [
        api.metricLatency({ period, statistic: "p50" }),
        api.metricLatency({ period, statistic: "p99" }),
      ]),
    );
    // Every function of the stage: its names start with the stack's name.
    const search = (metric: string, statistic: string) =>
      new MathExpression({
        expression: `SEARCH('{AWS/Lambda,FunctionName} MetricName="${metric}" "${Stack.of(this).stackName}"', '${statistic}', 300)`,
        label: metric,
        period,
      });
    this.dashboard.addWidgets(
      graph("Lambda: errors and throttles", [search("Errors", "Sum"), search("Throttles", "Sum")]),
      graph("Lambda: concurrency", [search("ConcurrentExecutions", "Maximum")]),
      graph(
        "DynamoDB: capacity",
        [
          props.table.metricConsumedReadCapacityUnits({ period, statistic: "Sum" }),
          props.table.metricConsumedWriteCapacityUnits({ period, statistic: "Sum" }),
        ],
        [throttled],
      ),
      graph(
        "Jobs: backups purged and failed, work reconciled",
        (["BackupsPurged", "BackupsFailed", "DeletionsResumed", "ChargesRefunded"] as const).map((name) =>
          customMetric(stage, name),
        ),
      ),
    );
  }
}
