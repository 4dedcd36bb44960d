import { recordFailure, terminationTask } from "#shared/termination/workflow";

/** product-termination: the RecordFailure task (statemachines/product-termination.asl.json). */
export const handler = terminationTask("RecordFailure", recordFailure);
