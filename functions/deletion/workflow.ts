import { workflow } from "#functions/workflow-types";
import type { FunctionAccess } from "#shared/route-types";

const step: FunctionAccess = { table: "readWrite" };

/**
 * organization-deletion (R-D1..R-D6): started by a legal representative's confirmed request.
 * The payment and provisioning ports' recording adapters keep their calls in the table.
 */
export const organizationDeletionWorkflow = workflow({
  name: "organization-deletion",
  definitionFile: "statemachines/organization-deletion.asl.json",
  tasks: {
    TerminateProductsPageFunctionArn: {
      handler: "functions/deletion/tasks/terminate-products-page.ts",
      // Terminating a product schedules the purge of its backups (R-T5).
      access: { table: "readWrite", backupRetention: true },
    },
    RemoveMembersPageFunctionArn: {
      handler: "functions/deletion/tasks/remove-members-page.ts",
      access: { table: "readWrite" },
    },
    SettleInvoicesFunctionArn: { handler: "functions/deletion/tasks/settle-invoices.ts", access: step },
    RefundBalanceFunctionArn: { handler: "functions/deletion/tasks/refund-balance.ts", access: step },
    EmailPaidInvoicesFunctionArn: {
      handler: "functions/deletion/tasks/email-paid-invoices.ts",
      access: { table: "readWrite" },
    },
    ArchiveRecordsFunctionArn: {
      handler: "functions/deletion/tasks/archive-records.ts",
      access: { table: "readWrite", archive: true },
    },
    DeleteOrganizationPageFunctionArn: {
      handler: "functions/deletion/tasks/delete-organization-page.ts",
      access: { table: "readWrite", logos: "readWrite" },
    },
    SendConfirmationFunctionArn: {
      handler: "functions/deletion/tasks/send-confirmation.ts",
      access: { table: "readWrite" },
    },
    RecordFailureFunctionArn: { handler: "functions/deletion/tasks/record-failure.ts", access: step },
  },
});
