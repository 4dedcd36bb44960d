import type { FunctionAccess } from "#shared/route-types";

/**
 * The purge job's declaration, read by the CDK stack (`purge` of BackendStack: the schedules
 * construct's function and EventBridge schedule) as routes and workflows are.
 */
export const purgeJob: { handler: string; access: FunctionAccess } = {
  handler: "functions/purge/purge-backups.ts",
  access: { table: "readWrite" },
};
