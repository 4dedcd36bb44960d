import { terminationWorkflow } from "#shared/termination/workflow-name";

/**
 * The executions of the product-termination workflow: named after the confirmed request, so the
 * request names its execution (and a new request, a new execution), and read back to tell a
 * running termination from one whose execution ended without its Catch running.
 */

/** What the product-termination state machine receives; derived from the request only. */
export interface TerminationInput {
  orgId: string;
  productId: string;
  requestId: string;
  requestedBy: string;
}

/**
 * The execution of one confirmed request: its name is made from the request, so starting it
 * twice (a double click, a retried confirmation) is the same execution.
 */
export function terminationExecution(input: TerminationInput) {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, "_");
  return {
    name: `product-${safe(input.productId)}-${safe(input.requestId)}`.slice(0, 80),
    input: JSON.stringify({
      orgId: input.orgId,
      productId: input.productId,
      requestId: input.requestId,
      requestedBy: input.requestedBy,
    }),
  };
}

/** The state machine's ARN, from the function's environment (its `access.workflows`). */
export function terminationMachineArn(): string {
  const arns = JSON.parse(process.env.WORKFLOW_ARNS ?? "{}") as Record<string, string>;
  const arn = arns[terminationWorkflow];
  if (!arn) throw new Error(`WORKFLOW_ARNS has no "${terminationWorkflow}"`);
  return arn;
}

/** An execution's ARN from its name. */
export const terminationExecutionArn = (executionName: string) =>
  `${terminationMachineArn().replace(":stateMachine:", ":execution:")}:${executionName}`;

/** Execution statuses in which an execution still does (or will do) its work. */
const liveStatuses = new Set(["RUNNING", "PENDING_REDRIVE"]);
export const isLive = (status: string) => liveStatuses.has(status);

/**
 * The status of the execution of that name (DescribeExecution): `NOT_STARTED` when none is
 * named or it does not exist. The SDK loads on first use (see shared/aws/sfn.ts).
 */
export async function executionStatus(executionName: string | undefined): Promise<string> {
  if (!executionName) return "NOT_STARTED";
  const { sfn, DescribeExecutionCommand } = await import("#shared/aws/sfn");
  try {
    const execution = await sfn.send(
      new DescribeExecutionCommand({ executionArn: terminationExecutionArn(executionName) }),
    );
    return execution.status ?? "UNKNOWN";
  } catch (error) {
    if ((error as Error).name === "ExecutionDoesNotExist") return "NOT_STARTED";
    throw error;
  }
}
