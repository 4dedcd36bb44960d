import { markTerminating, terminationTask } from "#shared/termination/workflow";

/** product-termination: the MarkTerminating task (statemachines/product-termination.asl.json). */
export const handler = terminationTask("MarkTerminating", markTerminating);
