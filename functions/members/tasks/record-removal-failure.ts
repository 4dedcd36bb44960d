import { type RemovalRef, recordRemovalFailure } from "#shared/members/removal-steps";
import { reasonOf, workflowTask } from "#shared/members/workflow-task";
import { countRecordedFailure } from "#shared/metrics";

/** member-removal, the Catch of every step: the failure, its step and reason, on the removal. */
export const handler = workflowTask(
  async (input: RemovalRef & { error?: { Error?: string; Cause?: string } }) => {
    await recordRemovalFailure(
      { orgId: input.orgId, removalId: input.removalId },
      undefined,
      reasonOf(input.error),
    );
    // Counted once recorded: an outcome the member's remover reads, or a fault the alarm reports.
    countRecordedFailure("member-removal", input.error?.Error);
    return { status: "failed" };
  },
);
