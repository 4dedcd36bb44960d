import { workflows } from "#functions/workflows";
import type { FunctionAccess } from "#shared/route-types";

/**
 * The reconciler's declaration (shared/reconciler.ts), read by the CDK stack (a function and an
 * EventBridge schedule every 5 minutes) and by the local runtime (a timer), as the purge job is.
 * It pays out and refunds through the payment port, and describes the executions of every
 * workflow to find those that ended without their Catch.
 */
export const reconcileJob: { handler: string; access: FunctionAccess } = {
  handler: "functions/reconcile/reconcile.ts",
  access: { table: "readWrite", workflows: workflows.map((workflow) => workflow.name) },
};
