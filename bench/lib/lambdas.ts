import { routes, userAuthorizer } from "#functions/routes";
import { workflows } from "#functions/workflows";
import { type RouteDefinition, routeKey } from "#shared/route-types";

/** One deployed Lambda function: a route handler, the authorizer or a workflow task. */
export type LambdaFunction =
  | { kind: "route"; name: string; handler: string; route: RouteDefinition }
  | { kind: "authorizer"; name: string; handler: string }
  | { kind: "task"; name: string; handler: string; workflow: string; task: string };

/**
 * Every function the CDK app deploys, read from the route and workflow tables (never a
 * hand-kept list): one per route, the session authorizer, one per workflow task.
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
  ];
}

/** A file-system-safe name for a handler module: `functions/accounts/me.ts` -> `accounts-me`. */
export const bundleNameOf = (handler: string) =>
  handler
    .replace(/^functions\//, "")
    .replace(/\.ts$/, "")
    .replaceAll(/[^A-Za-z0-9]+/g, "-");
