import { deprovision, terminationTask } from "#shared/termination/workflow";

/** product-termination: the Deprovision task (statemachines/product-termination.asl.json). */
export const handler = terminationTask("Deprovision", deprovision);
