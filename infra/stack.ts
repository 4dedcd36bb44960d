import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { Function as LambdaFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import { StateMachine } from "aws-cdk-lib/aws-stepfunctions";
import type { Construct } from "constructs";
import { purgeJob } from "#functions/purge/job";
import { reconcileJob } from "#functions/reconcile/job";
import { routes as declaredRoutes, userAuthorizer } from "#functions/routes";
import type { WorkflowDefinition } from "#functions/workflow-types";
import { workflows as declaredWorkflows } from "#functions/workflows";
import { Alarms } from "#infra/constructs/alarms";
import { Api, type AuthorizerDefinition } from "#infra/constructs/api";
import { Data } from "#infra/constructs/data";
import { Email } from "#infra/constructs/email";
import type { BindTargets, ProjectFunction } from "#infra/constructs/function";
import { Logos } from "#infra/constructs/logos";
import { routeKeyOf } from "#infra/constructs/routes";
import { defaultPurgeAccess, type ScheduledJob } from "#infra/constructs/schedules";
import { SigningKey } from "#infra/constructs/secrets";
import type { Workflows } from "#infra/constructs/workflows";
import { constructId } from "#infra/names";
import { areaOf, JobsStack, RouteAreaStack, WorkflowsStack } from "#infra/nested-stacks";
import { archiveRetentionYears } from "#shared/archive/retention";
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
  /** The sending domain. @default context `emailDomain`, else `example.com` */
  readonly emailDomain?: string;
  /** The portal's URL, for the links in mails. @default context `webAppUrl`, else a placeholder */
  readonly webAppUrl?: string;
  /** How long deleted organizations' records are kept (R-D7). @default context `archiveRetentionYears`, else 10 */
  readonly archiveRetentionYears?: number;
  /** CORS origins (never `*`). @default context `allowedOrigins` (array or comma-separated), else the portal's placeholder origin */
  readonly allowedOrigins?: readonly string[];
  /** An existing SNS topic for alarms. @default context `alarmTopicArn`, else alarms without actions */
  readonly alarmTopicArn?: string;
}

/**
 * The whole back end. The parent stack holds what everything shares: table, logo bucket, email,
 * signing key (when needed), the HTTP API with its stage and session authorizer. Functions live in
 * nested stacks, so no stack nears CloudFormation's 500 resources as routes are added: one per route
 * area (`functions/<area>/`), one for the workflows, one for scheduled jobs. Each stack has its own
 * alarms. Routes and workflows come from their declarations in `functions/`; tests pass fixture lists.
 */
export class BackendStack extends Stack {
  readonly data: Data;
  readonly logos: Logos;
  readonly email: Email;
  readonly signingKey?: SigningKey;
  readonly api: Api;
  /** Absent when there is no workflow (a nested stack cannot be empty). */
  readonly workflowsStack?: WorkflowsStack;
  /** Route stacks by area, in the order the areas first appear in the route table. */
  readonly routeStacks = new Map<string, RouteAreaStack>();
  readonly jobsStack?: JobsStack;
  /** Alarms of each stack, for its own functions and state machines. */
  readonly alarms = new Map<Stack, Alarms>();

  constructor(scope: Construct, id: string, props: BackendStackProps = {}) {
    super(scope, id, props);
    const routes = props.routes ?? declaredRoutes;
    const authorizer = props.authorizer ?? userAuthorizer;
    const workflows = props.workflows ?? declaredWorkflows;
    const purge = props.purge === undefined ? purgeJob : props.purge;
    const reconcile = props.reconcile === undefined ? reconcileJob : props.reconcile;
    const context = (key: string): unknown => this.node.tryGetContext(key);
    const allowedOrigins = props.allowedOrigins ??
      listContext(context("allowedOrigins")) ?? ["https://portal.example.com"];

    const accesses: FunctionAccess[] = [
      ...routes.map((route) => route.access),
      ...(routes.some((route) => route.auth === "user") ? [authorizer.access] : []),
      ...workflows.flatMap((workflow) => Object.values(workflow.tasks).map((task) => task.access)),
      ...(purge ? [purge.access ?? defaultPurgeAccess] : []),
      ...(reconcile ? [reconcile.access ?? defaultPurgeAccess] : []),
    ];

    this.data = new Data(this, "Data");
    this.logos = new Logos(this, "Logos");
    this.email = new Email(this, "Email", {
      domain: props.emailDomain ?? stringContext(context("emailDomain")) ?? "example.com",
    });
    if (accesses.some((access) => access.signingKey)) this.signingKey = new SigningKey(this, "SigningKey");

    const targets: BindTargets = {
      webAppUrl: props.webAppUrl ?? stringContext(context("webAppUrl")) ?? "https://portal.example.com",
      archiveRetentionYears: archiveRetentionYears(
        props.archiveRetentionYears?.toString() ?? stringContext(context("archiveRetentionYears")),
      ),
      table: this.data.table,
      email: this.email,
      logos: this.logos.bucket,
      signingKey: this.signingKey?.secret,
    };
    if (workflows.length > 0) {
      this.workflowsStack = new WorkflowsStack(this, "Workflows", {
        workflows,
        namePrefix: this.stackName,
        targets,
      });
    }
    const withWorkflows: BindTargets = {
      ...targets,
      workflows: this.workflowsStack?.workflows.stateMachines,
    };

    this.api = new Api(this, "Api", { routes, authorizer, targets, allowedOrigins });
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
        }),
      );
    }

    if (purge || reconcile) {
      this.jobsStack = new JobsStack(this, "Jobs", {
        ...(purge ? { purge } : {}),
        ...(reconcile ? { reconcile } : {}),
        targets: withWorkflows,
      });
    }

    // Every function and state machine gets its alarm, in its own stack (no reference crosses stacks).
    const alarmTopicArn = props.alarmTopicArn ?? stringContext(context("alarmTopicArn"));
    for (const stack of this.stacks) {
      const own = stack.node.findAll().filter((construct) => Stack.of(construct) === stack);
      this.alarms.set(
        stack,
        new Alarms(stack, "Alarms", {
          functions: own.filter((construct) => construct instanceof LambdaFunction),
          stateMachines: own.filter((construct) => construct instanceof StateMachine),
          ...(alarmTopicArn
            ? { actions: [new SnsAction(Topic.fromTopicArn(stack, "AlarmTopic", alarmTopicArn))] }
            : {}),
        }),
      );
    }

    new CfnOutput(this, "TableName", { value: this.data.table.tableName });
    new CfnOutput(this, "LogoBucketName", { value: this.logos.bucket.bucketName });
  }

  /** This stack and its nested stacks. */
  get stacks(): Stack[] {
    return [
      this,
      ...(this.workflowsStack ? [this.workflowsStack] : []),
      ...this.routeStacks.values(),
      ...(this.jobsStack ? [this.jobsStack] : []),
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

const stringContext = (value: unknown): string | undefined =>
  typeof value === "string" && value.length > 0 ? value : undefined;

const listContext = (value: unknown): string[] | undefined => {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string" && value.length > 0) return value.split(",").map((item) => item.trim());
  return undefined;
};
