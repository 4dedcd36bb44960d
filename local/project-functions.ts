import { logoCheck } from "#functions/organizations/logo-check";
import type { WorkflowDefinition } from "#functions/workflow-types";

/**
 * The handler of every function the local runtime may run: each route's, the authorizer's, each
 * workflow task's, each scheduled job's and each stream consumer's (the signing-key rotation has no local Secrets Manager
 * to rotate, so it is left out). Their bundles are built together before anything is served.
 */
export async function projectHandlers(workflows?: readonly WorkflowDefinition[]): Promise<string[]> {
  const [
    { routes, userAuthorizer },
    { workflows: projectWorkflows },
    { purgeJob },
    { reconcileJob },
    { streamConsumers },
  ] = await Promise.all([
    import("#functions/routes"),
    import("#functions/workflows"),
    import("#functions/purge/job"),
    import("#functions/reconcile/job"),
    import("#functions/streams"),
  ]);
  return [
    ...routes.map((route) => route.handler),
    userAuthorizer.handler,
    ...(workflows ?? projectWorkflows).flatMap((workflow) =>
      Object.values(workflow.tasks).map((task) => task.handler),
    ),
    // The logo bucket's notification (functions/organizations/logo-check.ts).
    logoCheck.handler,
    purgeJob.handler,
    reconcileJob.handler,
    ...streamConsumers.map((consumer) => consumer.handler),
  ];
}
