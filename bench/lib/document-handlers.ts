import { routes } from "#functions/routes";
import { streamConsumers } from "#functions/streams";
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
    // The mailer attaches invoice documents (rendered on its first such mail).
    ...streamConsumers
      .filter((consumer) => consumer.access.invoiceDocuments)
      .map((consumer) => consumer.handler),
  ]);
}
