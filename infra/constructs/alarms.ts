import { Duration, Stack } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, type IAlarmAction, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { IStateMachine } from "aws-cdk-lib/aws-stepfunctions";
import { Construct, type IConstruct } from "constructs";
import { constructId } from "#infra/names";

export interface AlarmsProps {
  readonly functions: readonly IFunction[];
  readonly stateMachines: readonly IStateMachine[];
  /** Where alarms go (an SNS topic action, for example); none: alarms show in the console only. */
  readonly actions?: readonly IAlarmAction[];
}

/** One alarm per function on `Errors` and one per state machine on `ExecutionsFailed`: any in 5 minutes. */
export class Alarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const add = (
      owner: IConstruct,
      kind: string,
      alarm: Omit<ConstructorParameters<typeof Alarm>[2], "threshold" | "evaluationPeriods">,
    ) => {
      const created = new Alarm(this, `${pathId(owner)}${kind}`, {
        ...alarm,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      if (props.actions) created.addAlarmAction(...props.actions);
      this.alarms.push(created);
    };
    for (const fn of props.functions) {
      add(fn, "Errors", {
        metric: fn.metricErrors({ period, statistic: "Sum" }),
        alarmDescription: `${pathOf(fn)} failed (uncaught error or timeout)`,
      });
    }
    for (const machine of props.stateMachines) {
      add(machine, "ExecutionsFailed", {
        metric: machine.metricFailed({ period, statistic: "Sum" }),
        alarmDescription: `An execution of ${pathOf(machine)} failed`,
      });
    }
  }
}

/** The construct path below the stack: stable, readable, and unique. */
const pathOf = (construct: IConstruct) => construct.node.path.slice(Stack.of(construct).node.path.length + 1);
const pathId = (construct: IConstruct) => constructId(pathOf(construct));
