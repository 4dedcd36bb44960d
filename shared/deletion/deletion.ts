import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { auditAction, orgScope, type RequestOrigin } from "#shared/audit";
import { authorize, needs } from "#shared/authorization";
import { Invoice, invoicesOf, PrepaidAccount } from "#shared/billing/entities";
import { dynamo, tableName } from "#shared/db";
import {
  type DeletionOptions,
  type DeletionStepName,
  type DeletionStepStatus,
  deletionStepNames,
  OrganizationDeletion,
  type StepState,
} from "#shared/deletion/entities";
import { Organization, User } from "#shared/entities";
import { createItem, getItem, putItem, queryAll, transact, updateItem, write } from "#shared/entity";
import { errors } from "#shared/errors";
import { verifyPassword } from "#shared/passwords";
import { type CaughtError, failureReason } from "#shared/workflow-failure";

export const workflowName = "organization-deletion";

export type { DeletionOptions, StepState };

export interface DeletionRequest extends DeletionOptions {
  confirmName: string;
  password: string;
}

/** Step Functions, loaded when first needed: the status route and the workflow's tasks import this module too. */
const stepFunctions = () => import("#shared/aws/sfn");

function stateMachineArn(): string {
  const arn = (JSON.parse(process.env.WORKFLOW_ARNS ?? "{}") as Record<string, string>)[workflowName];
  if (!arn) throw new Error(`WORKFLOW_ARNS has no ${workflowName}`);
  return arn;
}

/** What R-D1 requires to be gone before deletion, as found now. */
export async function findPrerequisites(orgId: string, requesterId: string) {
  const [organization, invoices, prepaid] = await Promise.all([
    getItem(Organization, { orgId }),
    queryAll(Invoice, invoicesOf(orgId)),
    getItem(PrepaidAccount, { orgId }),
  ]);
  if (!organization) throw errors.notFound("No such organization.");
  void requesterId;
  return {
    products: organization.productCount,
    members: Math.max(0, organization.memberCount - 1),
    unpaidInvoices: invoices.filter((invoice) => invoice.status === "open").length,
    balance: prepaid?.balance ?? 0,
    currency: organization.currency,
  };
}

/** The prerequisites that the chosen options leave unmet (R-D1, R-D2). */
export function unmetPrerequisites(
  found: Awaited<ReturnType<typeof findPrerequisites>>,
  options: DeletionOptions,
) {
  const unmet: {
    prerequisite: string;
    count?: number;
    amount?: number;
    currency?: string;
    option: string;
  }[] = [];
  if (found.products > 0 && !options.terminateProducts) {
    unmet.push({ prerequisite: "products", count: found.products, option: "terminateProducts" });
  }
  if (found.members > 0 && !options.removeMembers) {
    unmet.push({ prerequisite: "members", count: found.members, option: "removeMembers" });
  }
  if (found.unpaidInvoices > 0 && !options.settleInvoices) {
    unmet.push({ prerequisite: "unpaidInvoices", count: found.unpaidInvoices, option: "settleInvoices" });
  }
  if (found.balance > 0 && !options.refundIban) {
    unmet.push({
      prerequisite: "balance",
      amount: found.balance,
      currency: found.currency,
      option: "refundIban",
    });
  }
  return unmet;
}

/** The flow's status for web clients, step by step (R-D6). */
export function deletionView(record: OrganizationDeletion) {
  const steps = record.steps as Record<DeletionStepName, StepState>;
  return {
    orgId: record.orgId,
    status: record.status,
    attempt: record.attempt,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    steps: deletionStepNames.map((name) => ({
      name,
      status: steps[name]?.status ?? "pending",
      ...(steps[name]?.detail ? { detail: steps[name].detail } : {}),
    })),
    ...(record.failure ? { failure: record.failure } : {}),
  };
}

async function executionIsRunning(executionArn: string | undefined) {
  if (!executionArn) return false;
  const { sfn, DescribeExecutionCommand } = await stepFunctions();
  try {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return execution.status === "RUNNING";
  } catch (error) {
    // Recorded but never started (the start failed after the request was recorded): resumable.
    if ((error as Error).name === "ExecutionDoesNotExist") return false;
    throw error;
  }
}

/**
 * R-D3: a legal representative, the password and the organization's name typed again. Starts
 * (or, after a failure or a crash, resumes) the organization-deletion workflow under a
 * deterministic execution name per attempt, and marks the organization `deleting` so that
 * nothing else changes in it meanwhile.
 */
export async function requestDeletion(
  userId: string,
  orgId: string,
  request: DeletionRequest,
  origin: RequestOrigin,
) {
  await authorize(userId, orgId, needs.legalRepresentative);
  const [organization, user, existing] = await Promise.all([
    getItem(Organization, { orgId }),
    getItem(User, { userId }),
    getItem(OrganizationDeletion, { orgId }, { consistent: true }),
  ]);
  if (!organization || !user) throw errors.notFound("No such organization.");
  if (!(await verifyPassword(request.password, user.passwordHash))) {
    throw errors.of(403, "INVALID_PASSWORD", "Invalid password", { detail: "The password is not correct." });
  }
  if (request.confirmName.trim() !== organization.name) {
    throw errors.of(422, "CONFIRMATION_MISMATCH", "Confirmation mismatch", {
      detail: "Type the organization's name exactly to confirm its deletion.",
    });
  }
  // A deletion already running answers with its status: a double click starts nothing.
  if (existing?.status === "running" && (await executionIsRunning(existing.executionArn))) {
    return { started: false, view: deletionView(existing) };
  }
  const options: DeletionOptions = {
    terminateProducts: request.terminateProducts,
    settleInvoices: request.settleInvoices,
    removeMembers: request.removeMembers,
    refundIban: request.refundIban,
    emailPaidInvoices: request.emailPaidInvoices,
  };
  const unmet = unmetPrerequisites(await findPrerequisites(orgId, userId), options);
  if (unmet.length) {
    throw errors.of(409, "PREREQUISITES_NOT_MET", "Prerequisites not met", {
      detail: `Before deletion: ${unmet.map((item) => item.prerequisite).join(", ")}. Choose the matching options to let the deletion do it.`,
      extensions: { unmet },
    });
  }
  const attempt = (existing?.attempt ?? 0) + 1;
  const now = new Date().toISOString();
  const previousSteps = (existing?.steps ?? {}) as Record<string, StepState>;
  const steps = Object.fromEntries(
    deletionStepNames.map((name) => [
      name,
      // Steps that finished in an earlier attempt stay finished; their tasks are idempotent anyway.
      previousSteps[name]?.status === "succeeded" || previousSteps[name]?.status === "skipped"
        ? previousSteps[name]
        : { status: "pending" },
    ]),
  );
  // Execution names are deterministic, so the execution's ARN is known before it starts and is
  // recorded in the same transaction as the request.
  const machineArn = stateMachineArn();
  const executionName = `${orgId}-attempt-${attempt}`;
  const executionArn = `${machineArn.replace(":stateMachine:", ":execution:")}:${executionName}`;
  const record: OrganizationDeletion = {
    orgId,
    executionArn,
    organizationName: organization.name,
    requestedBy: userId,
    requesterEmail: user.loginEmail,
    options,
    status: "running",
    attempt,
    steps,
    startedAt: now,
    updatedAt: now,
  };
  const deletionWon = () => errors.conflict("Another deletion request won; read its status.");
  await transact([
    updateItem(
      Organization,
      { orgId },
      { set: { status: "deleting", updatedAt: now } },
      {
        condition: { version: organization.version },
        fails: () => errors.conflict("The organization changed meanwhile; try again."),
      },
    ),
    existing
      ? putItem(OrganizationDeletion, record, {
          condition: { attempt: existing.attempt },
          fails: deletionWon,
        })
      : createItem(OrganizationDeletion, record, { fails: deletionWon }),
    auditAction(orgScope(orgId), "organization.deletion_requested", userId, origin, {
      attempt,
      options: { ...options, refundIban: options.refundIban ? "provided" : undefined },
    }),
  ]);
  const { sfn, StartExecutionCommand } = await stepFunctions();
  await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: machineArn,
      name: executionName,
      input: JSON.stringify({ orgId, attempt }),
    }),
  );
  return { started: true, view: deletionView(record) };
}

/** The deletion's status: for a legal representative while the organization exists, for the requester after. */
export async function deletionStatus(userId: string, orgId: string) {
  const record = await getItem(OrganizationDeletion, { orgId }, { consistent: true });
  const organization = await getItem(Organization, { orgId });
  if (organization) await authorize(userId, orgId, needs.legalRepresentative);
  else if (!record || record.requestedBy !== userId) throw errors.notFound("No such organization.");
  if (!record) {
    throw errors.of(404, "DELETION_NOT_FOUND", "No deletion", {
      detail: "This organization has no deletion.",
    });
  }
  return deletionView(record);
}

/** Reads the deletion record a task works for; a task for an unknown deletion fails for good. */
export async function loadDeletion(orgId: string) {
  const record = await getItem(OrganizationDeletion, { orgId }, { consistent: true });
  if (!record) throw Object.assign(new Error(`no deletion for ${orgId}`), { name: "DeletionNotFound" });
  return record;
}

/** Records one step's progress on the deletion record (a single attribute update). */
export async function markStep(
  orgId: string,
  step: DeletionStepName,
  status: DeletionStepStatus,
  detail?: string,
) {
  const now = new Date().toISOString();
  await dynamo.send(
    new UpdateCommand({
      TableName: tableName,
      Key: OrganizationDeletion.key({ orgId }),
      UpdateExpression: "SET steps.#step = :state, updatedAt = :now",
      ExpressionAttributeNames: { "#step": step },
      ExpressionAttributeValues: {
        ":state": { status, updatedAt: now, ...(detail ? { detail } : {}) },
        ":now": now,
      },
    }),
  );
}

/**
 * Runs one step of the flow: marks it running, does the work, marks it succeeded (or skipped
 * when there was nothing to do). A failure leaves it `running`; the workflow's Catch then
 * records it as failed with its reason.
 */
export async function runStep<T extends { detail?: string; skipped?: boolean }>(
  orgId: string,
  step: DeletionStepName,
  work: (record: OrganizationDeletion) => Promise<T>,
): Promise<T> {
  const record = await loadDeletion(orgId);
  await markStep(orgId, step, "running");
  const result = await work(record);
  await markStep(orgId, step, result.skipped ? "skipped" : "succeeded", result.detail);
  return result;
}

/**
 * R-D6: a failed step leaves the organization `deletion_failed`, stated and retryable by a new
 * request; the step that was running is marked failed with the reason.
 */
export async function recordFailure(orgId: string, error: CaughtError) {
  const record = await loadDeletion(orgId);
  const steps = record.steps as Record<DeletionStepName, StepState>;
  // Steps run in order: the failed one is the last one started.
  const failedStep =
    [...deletionStepNames].reverse().find((name) => steps[name]?.status === "running") ?? "unknown";
  const reason = failureReason(error);
  if (failedStep !== "unknown") await markStep(orgId, failedStep, "failed", reason);
  const now = new Date().toISOString();
  await write(
    updateItem(
      OrganizationDeletion,
      { orgId },
      { set: { status: "failed", failure: { step: failedStep, reason, at: now }, finishedAt: now } },
    ),
  );
  await write(
    updateItem(Organization, { orgId }, { set: { status: "deletion_failed", updatedAt: now } }),
  ).catch(() => undefined); // Already deleted: nothing left to mark.
  return { failedStep, reason };
}
