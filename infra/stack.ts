import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { Function as LambdaFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import { StateMachine } from "aws-cdk-lib/aws-stepfunctions";
import type { Construct } from "constructs";
import type { FunctionAccess, RouteDefinition } from "#functions/route-types";
import { routes as declaredRoutes, userAuthorizer } from "#functions/routes";
import type { WorkflowDefinition } from "#functions/workflow-types";
import { workflows as declaredWorkflows } from "#functions/workflows";
import { Alarms } from "#infra/constructs/alarms";
import { Api, type AuthorizerDefinition } from "#infra/constructs/api";
import { Data } from "#infra/constructs/data";
import { Email } from "#infra/constructs/email";
import type { BindTargets } from "#infra/constructs/function";
import { Logos } from "#infra/constructs/logos";
import { defaultPurgeAccess, type ScheduledJob, Schedules } from "#infra/constructs/schedules";
import { SigningKey } from "#infra/constructs/secrets";
import { Workflows } from "#infra/constructs/workflows";

export interface BackendStackProps extends StackProps {
  /** @default the route table, `functions/routes.ts` */
  readonly routes?: readonly RouteDefinition[];
  /** @default `userAuthorizer` from `functions/routes.ts` */
  readonly authorizer?: AuthorizerDefinition;
  /** @default the workflows, `functions/workflows.ts` */
  readonly workflows?: readonly WorkflowDefinition[];
  /** The scheduled purge of terminated products' backups. @default none (no handler yet) */
  readonly purge?: ScheduledJob;
  /** The sending domain. @default context `emailDomain`, else `example.com` */
  readonly emailDomain?: string;
  /** CORS origins. @default context `allowedOrigins` (array or comma-separated), else `*` */
  readonly allowedOrigins?: readonly string[];
  /** An existing SNS topic for alarms. @default context `alarmTopicArn`, else alarms without actions */
  readonly alarmTopicArn?: string;
}

/**
 * The whole back end: table, logo bucket, email, signing key (when needed), workflows, HTTP API,
 * schedules, alarms. Routes and workflows come from their declarations in `functions/`; tests pass
 * fixture lists instead.
 */
export class BackendStack extends Stack {
  readonly data: Data;
  readonly logos: Logos;
  readonly email: Email;
  readonly signingKey?: SigningKey;
  readonly workflows: Workflows;
  readonly api: Api;
  readonly schedules: Schedules;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: BackendStackProps = {}) {
    super(scope, id, props);
    const routes = props.routes ?? declaredRoutes;
    const authorizer = props.authorizer ?? userAuthorizer;
    const workflows = props.workflows ?? declaredWorkflows;
    const context = (key: string): unknown => this.node.tryGetContext(key);

    const accesses: FunctionAccess[] = [
      ...routes.map((route) => route.access),
      ...(routes.some((route) => route.auth === "user") ? [authorizer.access] : []),
      ...workflows.flatMap((workflow) => Object.values(workflow.tasks).map((task) => task.access)),
      ...(props.purge ? [props.purge.access ?? defaultPurgeAccess] : []),
    ];

    this.data = new Data(this, "Data");
    this.logos = new Logos(this, "Logos");
    this.email = new Email(this, "Email", {
      domain: props.emailDomain ?? stringContext(context("emailDomain")) ?? "example.com",
    });
    if (accesses.some((access) => access.signingKey)) this.signingKey = new SigningKey(this, "SigningKey");

    const targets: BindTargets = {
      table: this.data.table,
      email: this.email,
      logos: this.logos.bucket,
      signingKey: this.signingKey?.secret,
    };
    this.workflows = new Workflows(this, "Workflows", { workflows, targets });
    this.api = new Api(this, "Api", {
      routes,
      authorizer,
      targets: { ...targets, workflows: this.workflows.stateMachines },
      allowedOrigins: props.allowedOrigins ?? listContext(context("allowedOrigins")) ?? ["*"],
    });
    this.schedules = new Schedules(this, "Schedules", {
      purge: props.purge,
      targets: { ...targets, workflows: this.workflows.stateMachines },
    });

    // Every function and state machine of the stack, whichever construct made it, gets its alarm.
    const all = this.node.findAll();
    const alarmTopicArn = props.alarmTopicArn ?? stringContext(context("alarmTopicArn"));
    this.alarms = new Alarms(this, "Alarms", {
      functions: all.filter((construct) => construct instanceof LambdaFunction),
      stateMachines: all.filter((construct) => construct instanceof StateMachine),
      ...(alarmTopicArn
        ? { actions: [new SnsAction(Topic.fromTopicArn(this, "AlarmTopic", alarmTopicArn))] }
        : {}),
    });

    new CfnOutput(this, "TableName", { value: this.data.table.tableName });
    new CfnOutput(this, "LogoBucketName", { value: this.logos.bucket.bucketName });
  }
}

const stringContext = (value: unknown): string | undefined =>
  typeof value === "string" && value.length > 0 ? value : undefined;

const listContext = (value: unknown): string[] | undefined => {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string" && value.length > 0) return value.split(",").map((item) => item.trim());
  return undefined;
};
