import { notifyAdministrators, terminationTask } from "#shared/termination/workflow";

/** product-termination: the NotifyAdministrators task (statemachines/product-termination.asl.json). */
export const handler = terminationTask("NotifyAdministrators", notifyAdministrators);
