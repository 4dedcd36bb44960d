import { Duration, Stack, TimeZone } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Schedule, ScheduleExpression } from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import { Construct } from "constructs";
import { type BindTargets, ProjectFunction } from "#infra/constructs/function";
import { acknowledgeWildcardResource } from "#infra/nag";
import { functionTimeoutSeconds } from "#shared/function-access";
import type { FunctionAccess } from "#shared/route-types";

/** A job run on a schedule. */
export interface ScheduledJob {
  /** Handler module path from the project root; the module exports `handler`. */
  readonly handler: string;
  /** @default { table: "readWrite" } */
  readonly access?: FunctionAccess;
  /** @default every day at 03:00, Europe/Zurich */
  readonly schedule?: ScheduleExpression;
}

/** What the purge may touch unless its declaration says otherwise. */
export const defaultPurgeAccess: FunctionAccess = { table: "readWrite" };

export interface SchedulesProps {
  /** The purge of terminated products' backups (R-T5); nothing is created without it. */
  readonly purge?: ScheduledJob;
  readonly targets: BindTargets;
}

/**
 * EventBridge Scheduler schedules. Scheduler rather than an EventBridge rule: schedules carry their
 * time zone (the purge runs at night in the provider's own time, across daylight saving), and a
 * retry policy with a maximum event age.
 */
export class Schedules extends Construct {
  readonly functions: ProjectFunction[] = [];
  readonly purgeFunction?: ProjectFunction;
  readonly purgeSchedule?: Schedule;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const { purge } = props;
    if (!purge) return;

    const fn = new ProjectFunction(this, "Purge", {
      entry: purge.handler,
      description: `Purges backups of terminated products (${purge.handler})`,
      timeout: Duration.seconds(functionTimeoutSeconds.job),
    }).bind(purge.access ?? defaultPurgeAccess, props.targets);
    this.purgeFunction = fn;
    this.functions.push(fn);

    const invoker = new Role(this, "PurgeInvoker", {
      description: "Lets EventBridge Scheduler start the purge function",
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
      }),
    });
    this.purgeSchedule = new Schedule(this, "PurgeSchedule", {
      description: "Purge backups of terminated products",
      schedule:
        purge.schedule ??
        ScheduleExpression.cron({ minute: "0", hour: "3", timeZone: TimeZone.EUROPE_ZURICH }),
      // The purge is idempotent: a late or repeated run does no harm, a missed one waits a day.
      target: new LambdaInvoke(fn, { role: invoker, retryAttempts: 3, maxEventAge: Duration.hours(2) }),
    });
    acknowledgeWildcardResource(
      invoker,
      `${fn.functionArn}:*`,
      "Versions and aliases of the purge function only (added by Function.grantInvoke).",
    );
  }
}
