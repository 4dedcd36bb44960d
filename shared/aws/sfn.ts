/**
 * The Step Functions client, in a module of its own that the code starting workflows loads with
 * `await import("#shared/aws/sfn")` when it first needs it: the functions that import that code
 * but rarely or never start a workflow (status routes, workflow tasks) do not load the SDK at
 * cold start. One client per process: the module is evaluated once. Only what the project uses
 * is re-exported, so the bundle keeps only that of the SDK.
 */
import { SFNClient } from "@aws-sdk/client-sfn";

export { DescribeExecutionCommand, ExecutionAlreadyExists, StartExecutionCommand } from "@aws-sdk/client-sfn";

// Endpoint from AWS_ENDPOINT_URL_SFN locally; the SDK reads it itself.
export const sfn = new SFNClient({});
