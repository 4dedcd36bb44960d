import { notifyRemovedMember, type RemovalRef } from "#shared/members/removal-steps";
import { workflowTask } from "#shared/members/workflow-task";

/** member-removal, step 3: the member is told. */
export const handler = workflowTask(async (input: RemovalRef) => {
  await notifyRemovedMember(input);
  return { done: "notify-member" };
});
