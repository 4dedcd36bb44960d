import { productTerminationWorkflow } from "#functions/termination/workflow";
import type { WorkflowDefinition } from "#functions/workflow-types";

/**
 * Every state machine, declared once. The local Step Functions service runs these ASL files
 * with each `${...FunctionArn}` substitution resolved to the task's own handler module; the
 * CDK workflows construct deploys the same files with the substitutions set to the deployed
 * functions' ARNs.
 */
export const workflows: WorkflowDefinition[] = [productTerminationWorkflow];
