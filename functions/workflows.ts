import { organizationDeletionWorkflow } from "#functions/deletion/workflow";
import { productTerminationWorkflow } from "#functions/termination/workflow";
import { type WorkflowDefinition, workflow } from "#functions/workflow-types";
import type { FunctionAccess } from "#shared/route-types";

const removalStep: FunctionAccess = { table: "readWrite" };

/**
 * Every state machine, declared once. The local Step Functions service runs these ASL files
 * with each `${...FunctionArn}` substitution resolved to the task's own handler module; the
 * CDK workflows construct deploys the same files with the substitutions set to the deployed
 * functions' ARNs.
 */
export const workflows: WorkflowDefinition[] = [
  workflow({
    name: "member-removal",
    definitionFile: "statemachines/member-removal.asl.json",
    tasks: {
      CarryOutDecisionsFunctionArn: {
        handler: "functions/members/tasks/carry-out-decisions.ts",
        access: removalStep,
      },
      RemoveMembershipFunctionArn: {
        handler: "functions/members/tasks/remove-membership.ts",
        access: removalStep,
      },
      NotifyMemberFunctionArn: {
        handler: "functions/members/tasks/notify-member.ts",
        access: { table: "readWrite" },
      },
      CompleteRemovalFunctionArn: {
        handler: "functions/members/tasks/complete-removal.ts",
        access: removalStep,
      },
      RecordRemovalFailureFunctionArn: {
        handler: "functions/members/tasks/record-removal-failure.ts",
        access: removalStep,
      },
    },
  }),
  productTerminationWorkflow,
  organizationDeletionWorkflow,
];
