import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { createWriteTransaction, type EntityItem } from "electrodb";
import { auditEntry, orgScope, type RequestOrigin } from "#shared/audit";
import { authorize, needs } from "#shared/authorization";
import { Invoice, PrepaidAccount } from "#shared/billing/entities";
import { dynamo, tableName } from "#shared/db";
import {
  type DeletionStepName,
  type DeletionStepStatus,
  deletionStepNames,
  OrganizationDeletion,
} from "#shared/deletion/entities";
import { AuditEntry, Organization, User } from "#shared/entities";
import { errors } from "#shared/errors";
import { verifyPassword } from "#shared/passwords";
import { commitTransaction } from "#shared/transactions";

export const workflowName = "organization-deletion";

export interface DeletionOptions {
  terminateProducts: boolean;
  settleInvoices: boolean;
  removeMembers: boolean;
  refundIban?: string | undefined;
  emailPaidInvoices: boolean;
}

export interface DeletionRequest extends DeletionOptions {
  confirmName: string;
  password: string;
}

export interface StepState {
  status: DeletionStepStatus;
  detail?: string;
  updatedAt?: string;
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
  const [{ data: organization }, invoices, { data: prepaid }] = await Promise.all([
    Organization.get({ orgId }).go(),
    Invoice.query
      .byOrg({ orgId })
      .where((attribute, op) => op.eq(attribute.status, "open"))
      .go({ pages: "all", attributes: ["invoiceId", "amount", "currency"] }),
    PrepaidAccount.get({ orgId }).go(),
  ]);
  if (!organization) throw errors.notFound("No such organization.");
  void requesterId;
  return {
    products: organization.productCount,
    members: Math.max(0, organization.memberCount - 1),
    unpaidInvoices: invoices.data.length,
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

type DeletionRecord = EntityItem<typeof OrganizationDeletion>;

/** The flow's status for web clients, step by step (R-D6). */
export function deletionView(record: DeletionRecord) {
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
  const [{ data: organization }, { data: user }, { data: existing }] = await Promise.all([
    Organization.get({ orgId }).go(),
    User.get({ userId }).go(),
    OrganizationDeletion.get({ orgId }).go({ consistent: true }),
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
  const record = {
    orgId,
    executionArn,
    organizationName: organization.name,
    requestedBy: userId,
    requesterEmail: user.loginEmail,
    options,
    status: "running" as const,
    attempt,
    steps,
    startedAt: now,
    updatedAt: now,
  };
  await commitTransaction(
    createWriteTransaction({ Organization, OrganizationDeletion, AuditEntry }, (entities) => [
      entities.Organization.patch({ orgId })
        .set({ status: "deleting", updatedAt: now })
        .where((attribute, op) => `${op.eq(attribute.version, organization.version)}`)
        .commit(),
      existing
        ? entities.OrganizationDeletion.put(record)
            .where((attribute, op) => op.eq(attribute.attempt, existing.attempt))
            .commit()
        : entities.OrganizationDeletion.create(record).commit(),
      entities.AuditEntry.create(
        auditEntry(orgScope(orgId), "organization.deletion_requested", userId, origin, {
          attempt,
          options: { ...options, refundIban: options.refundIban ? "provided" : undefined },
        }),
      ).commit(),
    ]),
    {
      0: () => errors.conflict("The organization changed meanwhile; try again."),
      1: () => errors.conflict("Another deletion request won; read its status."),
    },
  );
  const { sfn, StartExecutionCommand } = await stepFunctions();
  await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: machineArn,
      name: executionName,
      input: JSON.stringify({ orgId, attempt }),
    }),
  );
  return { started: true, view: deletionView({ ...record, steps } as DeletionRecord) };
}

/** The deletion's status: for a legal representative while the organization exists, for the requester after. */
export async function deletionStatus(userId: string, orgId: string) {
  const { data: record } = await OrganizationDeletion.get({ orgId }).go({ consistent: true });
  const { data: organization } = await Organization.get({ orgId }).go();
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
  const { data: record } = await OrganizationDeletion.get({ orgId }).go({ consistent: true });
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
      Key: OrganizationDeletion.get({ orgId }).params().Key as Record<string, string>,
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
  work: (record: DeletionRecord) => Promise<T>,
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
export async function recordFailure(orgId: string, error: { Error?: string; Cause?: string }) {
  const record = await loadDeletion(orgId);
  const steps = record.steps as Record<DeletionStepName, StepState>;
  // Steps run in order: the failed one is the last one started.
  const failedStep =
    [...deletionStepNames].reverse().find((name) => steps[name]?.status === "running") ?? "unknown";
  const reason = `${error.Error ?? "Error"}: ${(error.Cause ?? "").slice(0, 500)}`;
  if (failedStep !== "unknown") await markStep(orgId, failedStep, "failed", reason);
  const now = new Date().toISOString();
  await OrganizationDeletion.patch({ orgId })
    .set({ status: "failed", failure: { step: failedStep, reason, at: now }, finishedAt: now })
    .go();
  await Organization.patch({ orgId })
    .set({ status: "deletion_failed", updatedAt: now })
    .go()
    .catch(() => undefined); // Already deleted: nothing left to mark.
  return { failedStep, reason };
}
