import { Duration, Stack } from "aws-cdk-lib";
import {
  Alarm,
  ComparisonOperator,
  type IAlarmAction,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { IStateMachine } from "aws-cdk-lib/aws-stepfunctions";
import { Construct, type IConstruct } from "constructs";
import { constructId } from "#infra/names";
import { type CustomMetricName, dimensionsOf } from "#shared/metrics";

/** The namespace of the project's own metrics (EMF, Powertools Metrics), per stage. */
export const metricsNamespace = (stage: string) => `AccountWorkflows/${stage}`;

/**
 * One of the project's own metrics (shared/metrics.ts), with the exact dimension set the code
 * publishes it with (Powertools' `service` included): a metric named with fewer dimensions is
 * another series, one that never receives a data point.
 */
export const customMetric = (
  stage: string,
  name: CustomMetricName,
  values: Readonly<Record<string, string>> = {},
  statistic = "Sum",
) =>
  new Metric({
    namespace: metricsNamespace(stage),
    metricName: name,
    dimensionsMap: dimensionsOf(name, values),
    statistic,
    period,
  });

export interface AlarmsProps {
  /** Names every alarm `<stage>-<what>`. */
  readonly stage: string;
  /** Functions whose uncaught errors are real errors (routes, the authorizer, jobs): Errors and Throttles. */
  readonly functions: readonly IFunction[];
  /**
   * Workflow task functions: their errors are the workflow's (retried, then caught and recorded),
   * so only their throttles alarm here; the workflow's alarm covers retries that ran out.
   */
  readonly taskFunctions?: readonly IFunction[];
  /** State machines, by workflow name. */
  readonly stateMachines: ReadonlyMap<string, IStateMachine>;
  /** Where alarms and their return to OK go (the stage's alarm topic). */
  readonly actions?: readonly IAlarmAction[];
}

const period = Duration.minutes(5);

/** A workflow's unexpected failures in a period (see the alarm): the expression the alarm evaluates. */
export const workflowFailureExpression =
  "MAX([FILL(failed, 0) - FILL(expected, 0), 0]) + FILL(timedOut, 0) + FILL(aborted, 0)";

/**
 * The alarms of one stack's own functions and state machines (each stack alarms on what it holds:
 * no reference crosses stacks but the topic). Every alarm notifies on ALARM and on OK.
 */
export class Alarms extends Construct {
  readonly alarms: Alarm[] = [];
  private readonly props: AlarmsProps;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.props = props;
    this.watch(props);
  }

  /** Adds the alarms of functions, task functions and state machines. */
  watch(watched: Pick<AlarmsProps, "functions" | "taskFunctions" | "stateMachines">): void {
    const props = { ...this.props, ...watched };
    for (const fn of props.functions) {
      // Errors (uncaught: a handler answers a domain refusal as 4xx, never throws it) and throttles.
      this.add(`${pathOf(fn)}-errors`, {
        metric: new MathExpression({
          expression: "FILL(errors, 0) + FILL(throttles, 0)",
          usingMetrics: {
            errors: fn.metricErrors({ period, statistic: "Sum" }),
            throttles: fn.metricThrottles({ period, statistic: "Sum" }),
          },
          label: "Errors and throttles",
          period,
        }),
        description: `${pathOf(fn)} failed (uncaught error or timeout) or was throttled`,
      });
    }
    for (const fn of props.taskFunctions ?? []) {
      this.add(`${pathOf(fn)}-throttles`, {
        metric: fn.metricThrottles({ period, statistic: "Sum" }),
        description: `${pathOf(fn)} was throttled (its workflow retries it)`,
      });
    }
    for (const [workflow, machine] of props.stateMachines) {
      // Failed executions, less those whose failure the workflow recorded as an expected outcome
      // (a prerequisite not met, a refusal by the provisioning system: the customer sees it in
      // the status), plus those that timed out or were aborted. Every term FILLed: a metric with
      // no data point in the period (no expected failure, say) would empty the whole expression.
      this.add(`${workflow}-executions-failed`, {
        metric: new MathExpression({
          expression: workflowFailureExpression,
          usingMetrics: {
            failed: machine.metricFailed({ period, statistic: "Sum" }),
            expected: customMetric(props.stage, "ExpectedWorkflowFailures", { workflow }),
            timedOut: machine.metricTimedOut({ period, statistic: "Sum" }),
            aborted: machine.metricAborted({ period, statistic: "Sum" }),
          },
          label: "Executions failed unexpectedly, timed out or aborted",
          period,
        }),
        description: `An execution of ${workflow} failed unexpectedly, timed out or was aborted`,
      });
    }
  }

  /** One alarm named `<stage>-<what>`, at or over `threshold` (1 by default) in one period. */
  add(
    what: string,
    options: {
      metric: IMetric;
      description: string;
      threshold?: number;
      evaluationPeriods?: number;
      comparisonOperator?: ComparisonOperator;
    },
  ): Alarm {
    const alarm = new Alarm(this, constructId(what), {
      alarmName: `${this.props.stage}-${what}`.slice(0, 255),
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold ?? 1,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      comparisonOperator: options.comparisonOperator ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    if (this.props.actions?.length) {
      alarm.addAlarmAction(...this.props.actions);
      alarm.addOkAction(...this.props.actions);
    }
    this.alarms.push(alarm);
    return alarm;
  }
}

/** The construct path below the stack, dashed: stable, readable, and unique in the stack. */
export const pathOf = (construct: IConstruct) =>
  construct.node.path
    .slice(Stack.of(construct).node.path.length + 1)
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
