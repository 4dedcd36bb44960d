import { type RemovalRef, recordRemovalFailure } from "#shared/members/removals";
import { reasonOf, workflowTask } from "#shared/members/workflow-task";

/** member-removal, the Catch of every step: the failure, its step and reason, on the removal. */
export const handler = workflowTask(
  async (input: RemovalRef & { error?: { Error?: string; Cause?: string } }) => {
    await recordRemovalFailure(
      { orgId: input.orgId, removalId: input.removalId },
      undefined,
      reasonOf(input.error),
    );
    return { status: "failed" };
  },
);
