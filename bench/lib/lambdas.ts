import { logoCheck } from "#functions/organizations/logo-check";
import { purgeJob } from "#functions/purge/job";
import { reconcileJob } from "#functions/reconcile/job";
import { routes, userAuthorizer } from "#functions/routes";
import { streamConsumers } from "#functions/streams";
import { workflows } from "#functions/workflows";
import { type RouteDefinition, routeKey } from "#shared/route-types";

/**
 * One deployed Lambda function: a route handler, the authorizer, a workflow task, a consumer of
 * the table's stream (the mailer), the logo bucket's notification or a scheduled job.
 */
export type LambdaFunction =
  | { kind: "route"; name: string; handler: string; route: RouteDefinition }
  | { kind: "authorizer"; name: string; handler: string }
  | { kind: "task"; name: string; handler: string; workflow: string; task: string }
  | { kind: "stream"; name: string; handler: string }
  | { kind: "notification"; name: string; handler: string }
  | { kind: "job"; name: string; handler: string };

/**
 * Every function the CDK app deploys, read from its declarations (never a hand-kept list): one
 * per route, the session authorizer, one per workflow task, each stream consumer
 * (functions/streams.ts), the logo check and the scheduled jobs. The signing key's rotation is
 * left out, as the local runtime leaves it out: it has no Secrets Manager to answer it.
 */
export function lambdaFunctions(): LambdaFunction[] {
  return [
    ...routes.map((route) => ({
      kind: "route" as const,
      name: routeKey(route),
      handler: route.handler,
      route,
    })),
    { kind: "authorizer", name: "authorizer", handler: userAuthorizer.handler },
    ...workflows.flatMap((workflow) =>
      Object.entries(workflow.tasks).map(([task, definition]) => ({
        kind: "task" as const,
        name: `${workflow.name}: ${task.replace(/FunctionArn$/, "")}`,
        handler: definition.handler,
        workflow: workflow.name,
        task,
      })),
    ),
    ...streamConsumers.map((consumer) => ({
      kind: "stream" as const,
      name: `stream: ${consumer.name}`,
      handler: consumer.handler,
    })),
    { kind: "notification", name: "logo bucket: logo check", handler: logoCheck.handler },
    { kind: "job", name: "job: purge backups", handler: purgeJob.handler },
    { kind: "job", name: "job: reconcile", handler: reconcileJob.handler },
  ];
}

/** A file-system-safe name for a handler module: `functions/accounts/me.ts` -> `accounts-me`. */
export const bundleNameOf = (handler: string) =>
  handler
    .replace(/^functions\//, "")
    .replace(/\.ts$/, "")
    .replaceAll(/[^A-Za-z0-9]+/g, "-");
