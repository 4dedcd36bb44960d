import { workflow } from "#functions/workflow-types";
import type { FunctionAccess } from "#shared/route-types";
import { terminationWorkflow } from "#shared/termination/workflow-name";

const step: FunctionAccess = { table: "readWrite" };

/** product-termination (R-T2..R-T5): started by a confirmed termination link. */
export const productTerminationWorkflow = workflow({
  name: terminationWorkflow,
  definitionFile: "statemachines/product-termination.asl.json",
  tasks: {
    MarkTerminatingFunctionArn: { handler: "functions/termination/tasks/mark-terminating.ts", access: step },
    // The provisioning port's recording adapter writes its calls to the table.
    DeprovisionFunctionArn: { handler: "functions/termination/tasks/deprovision.ts", access: step },
    ScheduleBackupPurgeFunctionArn: {
      handler: "functions/termination/tasks/schedule-backup-purge.ts",
      // Fixes the purge date of the product's backups (R-T5).
      access: { table: "readWrite", backupRetention: true },
    },
    MarkTerminatedFunctionArn: { handler: "functions/termination/tasks/mark-terminated.ts", access: step },
    NotifyAdministratorsFunctionArn: {
      handler: "functions/termination/tasks/notify-administrators.ts",
      access: { table: "readWrite" },
    },
    RecordTerminationFailureFunctionArn: {
      handler: "functions/termination/tasks/record-failure.ts",
      access: step,
    },
  },
});
