import { Annotations, CfnOutput, Duration, Stack, type StackProps } from "aws-cdk-lib";
import type { CfnStage } from "aws-cdk-lib/aws-apigatewayv2";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { Function as LambdaFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import {
  type BucketNotificationConsumer,
  logoCheck as declaredLogoCheck,
} from "#functions/organizations/logo-check";
import { purgeJob } from "#functions/purge/job";
import { reconcileJob } from "#functions/reconcile/job";
import { routes as declaredRoutes, userAuthorizer } from "#functions/routes";
import type { StreamConsumer } from "#functions/stream-types";
import { streamConsumers as declaredStreamConsumers } from "#functions/streams";
import type { WorkflowDefinition } from "#functions/workflow-types";
import { workflows as declaredWorkflows } from "#functions/workflows";
import { hashingLatencyGoalMs, hashingPlan } from "#infra/capacity";
import { type DeployConfig, deployConfig } from "#infra/config";
import { Alarms, customMetric, metricsNamespace } from "#infra/constructs/alarms";
import { Api, type AuthorizerDefinition } from "#infra/constructs/api";
import { Data } from "#infra/constructs/data";
import { Email } from "#infra/constructs/email";
import type { BindTargets, ProjectFunction } from "#infra/constructs/function";
import { LogoCheckStack, notifyLogoCheck } from "#infra/constructs/logo-check";
import { Logos } from "#infra/constructs/logos";
import { Operations } from "#infra/constructs/operations";
import { routeKeyOf } from "#infra/constructs/routes";
import { defaultPurgeAccess, type ScheduledJob } from "#infra/constructs/schedules";
import { SigningKey } from "#infra/constructs/secrets";
import type { Workflows } from "#infra/constructs/workflows";
import { constructId } from "#infra/names";
import { areaOf, JobsStack, RouteAreaStack, StreamsStack, WorkflowsStack } from "#infra/nested-stacks";
import type { FunctionAccess, RouteDefinition } from "#shared/route-types";

export interface BackendStackProps extends StackProps {
  /** @default the route table, `functions/routes.ts` */
  readonly routes?: readonly RouteDefinition[];
  /** @default `userAuthorizer` from `functions/routes.ts` */
  readonly authorizer?: AuthorizerDefinition;
  /** @default the workflows, `functions/workflows.ts` */
  readonly workflows?: readonly WorkflowDefinition[];
  /** The scheduled purge of terminated products' backups; `null`: none. @default `purgeJob`, `functions/purge/job.ts` */
  readonly purge?: ScheduledJob | null;
  /** The reconciler of what was left half-way; `null`: none. @default `reconcileJob`, `functions/reconcile/job.ts` */
  readonly reconcile?: ScheduledJob | null;
  /** The check of uploaded logos, notified by the logo bucket; `null`: none. @default `logoCheck`, `functions/organizations/logo-check.ts` */
  readonly logoCheck?: BucketNotificationConsumer | null;
  /** The table stream's consumers. @default `streamConsumers`, `functions/streams.ts` (the mailer) */
  readonly streamConsumers?: readonly StreamConsumer[];
  /**
   * The deployment's configuration (`infra/config.ts`), each value over the CDK context key of the
   * same name: `stage`, `webAppUrl`, `emailDomain` or `emailIdentity`, `alarmEmail` or
   * `alarmTopicArn`, `corsOrigins`, `backupRetentionDays`, `archiveRetentionYears`.
   */
  readonly config?: Partial<Record<keyof DeployConfig, unknown>>;
}

/**
 * The whole back end. The parent stack holds what everything shares: table, logo bucket, email,
 * signing key (when needed), the HTTP API with its stage and session authorizer. Functions live in
 * nested stacks, so no stack nears CloudFormation's 500 resources as routes are added: one per route
 * area (`functions/<area>/`), one for the workflows, one for scheduled jobs. Each stack has its own
 * alarms. Routes and workflows come from their declarations in `functions/`; tests pass fixture lists.
 */
export class BackendStack extends Stack {
  readonly config: DeployConfig;
  readonly data: Data;
  readonly operations: Operations;
  readonly logos: Logos;
  readonly email: Email;
  readonly signingKey?: SigningKey;
  readonly api: Api;
  /** Absent when there is no workflow (a nested stack cannot be empty). */
  readonly workflowsStack?: WorkflowsStack;
  /** Route stacks by area, in the order the areas first appear in the route table. */
  readonly routeStacks = new Map<string, RouteAreaStack>();
  readonly jobsStack?: JobsStack;
  /** The logo check and its invoke permission; the bucket's notification is the parent's. */
  readonly logoCheckStack?: LogoCheckStack;
  /** Absent when nothing consumes the table's stream. */
  readonly streamsStack?: StreamsStack;
  /** Alarms of each stack, for its own functions and state machines. */
  readonly alarms = new Map<Stack, Alarms>();

  constructor(scope: Construct, id: string, props: BackendStackProps = {}) {
    super(scope, id, props);
    const routes = props.routes ?? declaredRoutes;
    const authorizer = props.authorizer ?? userAuthorizer;
    const workflows = props.workflows ?? declaredWorkflows;
    const purge = props.purge === undefined ? purgeJob : props.purge;
    const reconcile = props.reconcile === undefined ? reconcileJob : props.reconcile;
    const consumers = props.streamConsumers ?? declaredStreamConsumers;
    const config = deployConfig((key) => this.node.tryGetContext(key), props.config);
    this.config = config;
    if (config.placeholders.length) {
      Annotations.of(this).addWarningV2(
        "account-workflows:placeholders",
        `Stage "${config.stage}" uses documentation placeholders for ${config.placeholders.join(", ")}: ` +
          "fine to look at, not to serve customers (see the README's deploy section).",
      );
    }

    const accesses: FunctionAccess[] = [
      ...routes.map((route) => route.access),
      ...(routes.some((route) => route.auth === "user") ? [authorizer.access] : []),
      ...workflows.flatMap((workflow) => Object.values(workflow.tasks).map((task) => task.access)),
      ...(purge ? [purge.access ?? defaultPurgeAccess] : []),
      ...(reconcile ? [reconcile.access ?? defaultPurgeAccess] : []),
      ...consumers.map((consumer) => consumer.access),
    ];

    this.data = new Data(this, "Data");
    this.logos = new Logos(this, "Logos", { corsOrigins: config.corsOrigins });
    this.email = new Email(this, "Email", {
      domain: config.emailDomain,
      ...(config.emailIdentity ? { existingIdentity: config.emailIdentity } : {}),
    });
    if (accesses.some((access) => access.signingKey)) this.signingKey = new SigningKey(this, "SigningKey");

    const targets: BindTargets = {
      webAppUrl: config.webAppUrl,
      archiveRetentionYears: config.archiveRetentionYears,
      backupRetentionDays: config.backupRetentionDays,
      creditor: config.creditor,
      metricsNamespace: metricsNamespace(config.stage),
      table: this.data.table,
      email: this.email,
      logos: this.logos.bucket,
      signingKey: this.signingKey?.secret,
    };
    if (workflows.length > 0) {
      this.workflowsStack = new WorkflowsStack(this, "Workflows", {
        workflows,
        namePrefix: this.stackName,
        stage: config.stage,
        targets,
      });
    }
    const withWorkflows: BindTargets = {
      ...targets,
      workflows: this.workflowsStack?.workflows.stateMachines,
    };

    this.api = new Api(this, "Api", {
      routes,
      authorizer,
      targets,
      allowedOrigins: config.corsOrigins,
      name: `${config.stage}-account-workflows`,
    });
    const byArea = new Map<string, RouteDefinition[]>();
    const keys = new Set<string>();
    for (const route of routes) {
      const key = routeKeyOf(route);
      if (keys.has(key)) throw new Error(`Route ${key} is declared twice`);
      keys.add(key);
      const area = areaOf(route);
      byArea.set(area, [...(byArea.get(area) ?? []), route]);
    }
    for (const [area, areaRoutes] of byArea) {
      this.routeStacks.set(
        area,
        new RouteAreaStack(this, `Routes${constructId(area)}`, {
          area,
          routes: areaRoutes,
          api: this.api,
          targets: withWorkflows,
          reserveConcurrency: config.reserveConcurrency,
        }),
      );
    }

    const hashing = hashingPlan();
    if (routes.some((route) => route.passwordHashing) && !hashing.meetsGoal)
      Annotations.of(this).addWarningV2(
        "hashing-capacity",
        `A password hash takes ${Math.round(hashing.hashP99Ms)} ms at p99 even with a whole vCPU (infra/measured/password-hash.json): ` +
          `the hashing routes cannot answer within ${hashingLatencyGoalMs} ms at p99.`,
      );

    // The stage's route settings name routes by key, not by reference: CloudFormation would not
    // know to create those routes (in their area's nested stack) first, and API Gateway refuses
    // settings for a route it does not have yet. The stage waits for every stack holding one.
    const stage = this.api.stage.node.defaultChild as CfnStage;
    const settled = Object.keys((stage.routeSettings ?? {}) as Record<string, unknown>);
    for (const key of settled) {
      const holder = [...this.routeStacks.values()].find((stack) => stack.routes.functions.has(key));
      if (!holder) throw new Error(`The stage's route settings name ${key}, which no route stack holds`);
      // On the nested stack itself: CDK makes it the stage's DependsOn on the stack's resource.
      stage.node.addDependency(holder);
    }

    if (purge || reconcile) {
      this.jobsStack = new JobsStack(this, "Jobs", {
        ...(purge ? { purge } : {}),
        ...(reconcile ? { reconcile } : {}),
        targets: withWorkflows,
      });
    }

    if (consumers.length) {
      const streamArn = this.data.table.tableStreamArn;
      if (!streamArn) throw new Error("The table has no stream for its consumers");
      this.streamsStack = new StreamsStack(this, "Streams", { consumers, streamArn, targets: withWorkflows });
    }

    const logoCheck = props.logoCheck === undefined ? declaredLogoCheck : props.logoCheck;
    if (logoCheck) {
      this.logoCheckStack = new LogoCheckStack(this, "LogoCheck", { consumer: logoCheck, targets });
      notifyLogoCheck(this.logos.bucket, this.logoCheckStack, logoCheck);
    }

    // The alarm topic, the parent's alarms (API, table, mail) and the operators' dashboard.
    this.operations = new Operations(this, "Operations", {
      stage: config.stage,
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
      ...(config.alarmTopicArn ? { alarmTopicArn: config.alarmTopicArn } : {}),
      httpApi: this.api.httpApi,
      table: this.data.table,
      stateMachines: this.workflowsStack?.workflows.stateMachines ?? new Map(),
    });
    // Every function and state machine gets its alarms, in its own stack (only the topic's ARN
    // crosses into the nested stacks, as a parameter).
    const taskFunctions = new Set<Construct>(this.workflowsStack?.workflows.functions ?? []);
    for (const stack of this.stacks) {
      const own = stack.node.findAll().filter((construct) => Stack.of(construct) === stack);
      const functions = own.filter(
        (construct): construct is LambdaFunction => construct instanceof LambdaFunction,
      );
      const topic =
        stack === this
          ? this.operations.topic
          : Topic.fromTopicArn(stack, "AlarmTopic", this.operations.topic.topicArn);
      const alarms =
        stack === this
          ? this.operations.alarms
          : new Alarms(stack, "Alarms", {
              stage: config.stage,
              functions: [],
              stateMachines: new Map(),
              actions: [new SnsAction(topic)],
            });
      alarms.watch({
        functions: functions.filter((fn) => !taskFunctions.has(fn)),
        taskFunctions: functions.filter((fn) => taskFunctions.has(fn)),
        stateMachines:
          stack === this.workflowsStack ? this.workflowsStack.workflows.stateMachines : new Map(),
      });
      this.alarms.set(stack, alarms);
    }
    if (this.streamsStack) {
      const alarms = this.alarms.get(this.streamsStack);
      alarms?.add("stream-batches-given-up", {
        metric: this.streamsStack.consumers.failures.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: "Maximum",
        }),
        description:
          "A batch of the table's stream was given up by its consumer (its failure queue holds the record)",
      });
      alarms?.add("mails-failed", {
        metric: customMetric(config.stage, "MailsFailed"),
        description:
          "A mail could not be sent (GET /v1/operator/stuck-work?kind=mails lists it; it can be sent again)",
      });
    }
    if (this.jobsStack) {
      const alarms = this.alarms.get(this.jobsStack);
      alarms?.add("jobs-failed-runs", {
        metric: this.jobsStack.schedules.failures.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: "Maximum",
        }),
        description: "A scheduled job's run failed for good (its dead-letter queue holds the event)",
      });
    }

    new CfnOutput(this, "TableName", { value: this.data.table.tableName });
    // Where `npm run preflight` finds the alarm topic, to check that someone confirmed its subscription.
    new CfnOutput(this, "AlarmTopicArn", { value: this.operations.topic.topicArn });
    new CfnOutput(this, "LogoBucketName", { value: this.logos.bucket.bucketName });
  }

  /** This stack and its nested stacks. */
  get stacks(): Stack[] {
    return [
      this,
      ...(this.workflowsStack ? [this.workflowsStack] : []),
      ...this.routeStacks.values(),
      ...(this.jobsStack ? [this.jobsStack] : []),
      ...(this.logoCheckStack ? [this.logoCheckStack] : []),
      ...(this.streamsStack ? [this.streamsStack] : []),
    ];
  }

  /** The workflows construct (state machines by name), when there are workflows. */
  get workflows(): Workflows | undefined {
    return this.workflowsStack?.workflows;
  }

  /** The function of a route, by route key (`GET /v1/health`), whichever area stack holds it. */
  routeFunction(key: string): ProjectFunction | undefined {
    for (const stack of this.routeStacks.values()) {
      const fn = stack.routes.functions.get(key);
      if (fn) return fn;
    }
    return undefined;
  }
}
