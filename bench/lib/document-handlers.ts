import { routes } from "#functions/routes";
import { workflows } from "#functions/workflows";

/**
 * Handler modules whose declared access renders invoice documents: figures 1 and 2 leave them
 * out of their goals, figure 9 reports them (kept here, beneath the three figures that read it).
 */
export function documentHandlers(): Set<string> {
  return new Set([
    ...routes.filter((route) => route.access.invoiceDocuments).map((route) => route.handler),
    ...workflows.flatMap((workflow) =>
      Object.values(workflow.tasks)
        .filter((task) => task.access.invoiceDocuments)
        .map((task) => task.handler),
    ),
  ]);
}
