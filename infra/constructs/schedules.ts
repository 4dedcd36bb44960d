import { Duration, Stack, TimeZone } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import { Schedule, ScheduleExpression } from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { type BindTargets, ProjectFunction } from "#infra/constructs/function";
import { acknowledge, acknowledgeWildcardResource } from "#infra/nag";
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
  /** The purge of terminated products' backups (R-T5). */
  readonly purge?: ScheduledJob;
  /** The reconciler of payments and workflows left half-way (shared/reconciler.ts). */
  readonly reconcile?: ScheduledJob;
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
  readonly reconcileFunction?: ProjectFunction;
  readonly reconcileSchedule?: Schedule;
  /**
   * Where a job's run goes when it failed for good: the schedule's dead-letter queue (the
   * invocation could not be made) and the function's on-failure destination (the run failed
   * after its retries). The jobs stack alarms on its depth.
   */
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    this.failures = new Queue(this, "Failures", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.failures,
      "AwsSolutions-SQS3",
      "This queue is itself the dead-letter queue of the scheduled jobs; operators read and empty it.",
    );
    if (props.purge) {
      const { fn, schedule } = this.job("Purge", props.purge, {
        what: "Purges backups of terminated products",
        schedule: ScheduleExpression.cron({ minute: "0", hour: "3", timeZone: TimeZone.EUROPE_ZURICH }),
        targets: props.targets,
        // The purge is idempotent: a late or repeated run does no harm, a missed one waits a day.
        maxEventAge: Duration.hours(2),
      });
      this.purgeFunction = fn;
      this.purgeSchedule = schedule;
    }
    if (props.reconcile) {
      const { fn, schedule } = this.job("Reconcile", props.reconcile, {
        what: "Finishes payments and workflows left half-way",
        schedule: ScheduleExpression.rate(Duration.minutes(5)),
        targets: props.targets,
        // The next run comes five minutes later: an old event is not worth running.
        maxEventAge: Duration.minutes(5),
      });
      this.reconcileFunction = fn;
      this.reconcileSchedule = schedule;
    }
  }

  private job(
    id: string,
    job: ScheduledJob,
    options: { what: string; schedule: ScheduleExpression; targets: BindTargets; maxEventAge: Duration },
  ) {
    const fn = new ProjectFunction(this, id, {
      entry: job.handler,
      description: `${options.what} (${job.handler})`,
      timeout: Duration.seconds(functionTimeoutSeconds.job),
    }).bind(job.access ?? defaultPurgeAccess, options.targets);
    this.functions.push(fn);
    const invoker = new Role(this, `${id}Invoker`, {
      description: `Lets EventBridge Scheduler start the ${id.toLowerCase()} function`,
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
      }),
    });
    const schedule = new Schedule(this, `${id}Schedule`, {
      description: options.what,
      schedule: job.schedule ?? options.schedule,
      target: new LambdaInvoke(fn, {
        role: invoker,
        retryAttempts: 3,
        maxEventAge: options.maxEventAge,
        deadLetterQueue: this.failures,
      }),
    });
    // Scheduler invokes asynchronously: a run that fails after Lambda's own retries lands here too.
    fn.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(this.failures) });
    acknowledgeWildcardResource(
      invoker,
      `${fn.functionArn}:*`,
      `Versions and aliases of the ${id.toLowerCase()} function only (added by Function.grantInvoke).`,
    );
    return { fn, schedule };
  }
}
