import { NestedStack } from "aws-cdk-lib";
import { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import type { Construct } from "constructs";
import type { StreamConsumer } from "#functions/stream-types";
import type { WorkflowDefinition } from "#functions/workflow-types";
import type { Api } from "#infra/constructs/api";
import type { BindTargets } from "#infra/constructs/function";
import { Routes } from "#infra/constructs/routes";
import { defaultPurgeAccess, type ScheduledJob, Schedules } from "#infra/constructs/schedules";
import { StreamConsumers } from "#infra/constructs/stream-consumers";
import { Workflows } from "#infra/constructs/workflows";
import { parentTargets, parentValue } from "#infra/parameters";
import type { RouteDefinition } from "#shared/route-types";

/**
 * The area of a route: the folder of its handler, `functions/<area>/...`. The area names the nested
 * stack that holds the route's function; a handler outside an area folder fails synth.
 */
export function areaOf(route: Pick<RouteDefinition, "method" | "path" | "handler">): string {
  const area = /(?:^|\/)functions\/([a-z0-9-]+)\/[^/]+$/.exec(route.handler)?.[1];
  if (!area) {
    throw new Error(
      `${route.method} ${route.path}: handler ${route.handler} is not in a functions/<area>/ folder ` +
        "(the area names the nested stack of the route's function)",
    );
  }
  return area;
}

export interface RouteAreaStackProps {
  readonly area: string;
  /** The routes of this area. */
  readonly routes: readonly RouteDefinition[];
  /** The API and its authorizer, in the parent stack. */
  readonly api: Api;
  /** The parent's targets; the stack takes as parameters only what its routes' accesses use. */
  readonly targets: BindTargets;
  /** Reserve the password-hashing routes' concurrency (infra/throttles.ts). */
  readonly reserveConcurrency: boolean;
}

/** One route area (`functions/<area>/`): a function, role, log group, integration and route per route. */
export class RouteAreaStack extends NestedStack {
  readonly area: string;
  readonly routes: Routes;

  constructor(scope: Construct, id: string, props: RouteAreaStackProps) {
    super(scope, id, { description: `Routes of functions/${props.area}/` });
    this.area = props.area;
    const { routes, api } = props;
    const userAuthorizerId =
      routes.some((route) => route.auth === "user") && api.userAuthorizer
        ? parentValue(this, "UserAuthorizerId", api.userAuthorizer.authorizerId)
        : undefined;
    this.routes = new Routes(this, "Routes", {
      routes,
      httpApi: HttpApi.fromHttpApiAttributes(this, "HttpApi", {
        httpApiId: parentValue(this, "HttpApiId", api.httpApi.apiId),
      }),
      userAuthorizerId,
      reserveConcurrency: props.reserveConcurrency,
      targets: parentTargets(
        this,
        props.targets,
        routes.map((route) => route.access),
      ),
    });
  }
}

export interface WorkflowsStackProps {
  readonly workflows: readonly WorkflowDefinition[];
  /** The top-level stack's name: state machines are `<name>-<workflow>`. */
  readonly namePrefix: string;
  readonly stage: string;
  readonly targets: Omit<BindTargets, "workflows">;
}

/** Every workflow: its state machine, log group and role, and a function per task. */
export class WorkflowsStack extends NestedStack {
  readonly workflows: Workflows;

  constructor(scope: Construct, id: string, props: WorkflowsStackProps) {
    super(scope, id, { description: "State machines and their task functions (functions/workflows.ts)" });
    const accesses = props.workflows.flatMap((workflow) =>
      Object.values(workflow.tasks).map((task) => task.access),
    );
    // Tasks start only machines of this stack (`Workflows` binds them), never the parent's.
    const { workflows: _none, ...targets } = parentTargets(this, props.targets, accesses);
    this.workflows = new Workflows(this, "Workflows", {
      workflows: props.workflows,
      namePrefix: props.namePrefix,
      stage: props.stage,
      targets,
    });
  }
}

export interface JobsStackProps {
  readonly purge?: ScheduledJob;
  readonly reconcile?: ScheduledJob;
  readonly targets: BindTargets;
}

/** Scheduled jobs: the purge and the reconciler, their EventBridge Scheduler schedules and roles. */
export class JobsStack extends NestedStack {
  readonly schedules: Schedules;

  constructor(scope: Construct, id: string, props: JobsStackProps) {
    super(scope, id, { description: "Scheduled jobs" });
    const accesses = [props.purge, props.reconcile].flatMap((job) =>
      job ? [job.access ?? defaultPurgeAccess] : [],
    );
    this.schedules = new Schedules(this, "Schedules", {
      ...(props.purge ? { purge: props.purge } : {}),
      ...(props.reconcile ? { reconcile: props.reconcile } : {}),
      targets: parentTargets(this, props.targets, accesses),
    });
  }
}

export interface StreamsStackProps {
  readonly consumers: readonly StreamConsumer[];
  /** The table's stream, in the parent stack. */
  readonly streamArn: string;
  readonly targets: BindTargets;
}

/** The table stream's consumers (functions/streams.ts): the outbox's mailer. */
export class StreamsStack extends NestedStack {
  readonly consumers: StreamConsumers;

  constructor(scope: Construct, id: string, props: StreamsStackProps) {
    super(scope, id, { description: "The table stream's consumers (functions/streams.ts)" });
    this.consumers = new StreamConsumers(this, "Consumers", {
      consumers: props.consumers,
      streamArn: parentValue(this, "TableStreamArn", props.streamArn),
      targets: parentTargets(
        this,
        props.targets,
        props.consumers.map((consumer) => consumer.access),
      ),
    });
  }
}
