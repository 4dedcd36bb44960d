import { type RemovalRef, removeMembership } from "#shared/members/removal-steps";
import { workflowTask } from "#shared/members/workflow-task";

/** member-removal, step 2: the membership goes, counters with it. */
export const handler = workflowTask(async (input: RemovalRef) => {
  await removeMembership(input);
  return { done: "remove-membership" };
});
