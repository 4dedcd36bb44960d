import { completeRemoval, type RemovalRef } from "#shared/members/removal-steps";
import { workflowTask } from "#shared/members/workflow-task";

/** member-removal: the outcome, succeeded. */
export const handler = workflowTask(async (input: RemovalRef) => {
  await completeRemoval(input);
  return { status: "succeeded" };
});
