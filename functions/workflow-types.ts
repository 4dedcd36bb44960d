import type { FunctionAccess } from "#shared/route-types";

/** A Lambda task of a state machine: the ASL file names it as `${<substitution>}`. */
export interface WorkflowTask {
  /** Module path from the project root; the module exports `handler`. */
  handler: string;
  access: FunctionAccess;
}

export interface WorkflowDefinition {
  /** The state machine's name, in AWS and locally, so operators find it by name. */
  name: string;
  /** ASL file path from the project root. */
  definitionFile: string;
  /** Definition substitution name (e.g. `TerminateProductFunctionArn`) to task function. */
  tasks: Record<string, WorkflowTask>;
}

export const workflow = (definition: WorkflowDefinition): WorkflowDefinition => definition;
