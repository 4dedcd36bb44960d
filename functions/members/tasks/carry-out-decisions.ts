import { carryOutDecisions, type RemovalRef } from "#shared/members/removal-steps";
import { workflowTask } from "#shared/members/workflow-task";

/** member-removal, step 1: the remover's data decisions, through the provisioning port. */
export const handler = workflowTask(async (input: RemovalRef) => {
  await carryOutDecisions(input);
  return { done: "carry-out-decisions" };
});
