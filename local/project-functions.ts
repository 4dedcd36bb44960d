import type { WorkflowDefinition } from "#functions/workflow-types";

/**
 * The handler of every function the local runtime may run: each route's, the authorizer's, each
 * workflow task's and each scheduled job's (the signing-key rotation has no local Secrets Manager
 * to rotate, so it is left out). Their bundles are built together before anything is served.
 */
export async function projectHandlers(workflows?: readonly WorkflowDefinition[]): Promise<string[]> {
  const [{ routes, userAuthorizer }, { workflows: projectWorkflows }, { purgeJob }, { reconcileJob }] =
    await Promise.all([
      import("#functions/routes"),
      import("#functions/workflows"),
      import("#functions/purge/job"),
      import("#functions/reconcile/job"),
    ]);
  return [
    ...routes.map((route) => route.handler),
    userAuthorizer.handler,
    ...(workflows ?? projectWorkflows).flatMap((workflow) =>
      Object.values(workflow.tasks).map((task) => task.handler),
    ),
    purgeJob.handler,
    reconcileJob.handler,
  ];
}
