import { countRecordedFailure } from "#shared/metrics";
import { recordFailure, terminationTask } from "#shared/termination/workflow";

/** product-termination: the RecordFailure task (statemachines/product-termination.asl.json). */
export const handler = terminationTask(
  "RecordFailure",
  async (input: Parameters<typeof recordFailure>[0]) => {
    const recorded = await recordFailure(input);
    // Counted once recorded: an outcome the customer reads, or a fault the alarm reports.
    countRecordedFailure("product-termination", input.error?.Error);
    return recorded;
  },
);
