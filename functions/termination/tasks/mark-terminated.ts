import { markTerminated, terminationTask } from "#shared/termination/workflow";

/** product-termination: the MarkTerminated task (statemachines/product-termination.asl.json). */
export const handler = terminationTask("MarkTerminated", markTerminated);
