import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { auditAction, orgScope, type RequestOrigin, userScope, writeAudit } from "#shared/audit";
import { authorize, decide, needs } from "#shared/authorization";
import { Invoice, invoicesOf, PrepaidAccount } from "#shared/billing/entities";
import { dynamo, tableName } from "#shared/db";
import {
  type DeletionOptions,
  type DeletionStepName,
  type DeletionStepStatus,
  deletionStepNames,
  deletionWorkflow,
  OrganizationDeletion,
  type StepState,
} from "#shared/deletion/entities";
import { Membership, Organization, User } from "#shared/entities";
import type { Condition } from "#shared/entity";
import { getItem, queryAll } from "#shared/entity/reads";
import { transact } from "#shared/entity/transactions";
import { createItem, putItem, updateItem, write } from "#shared/entity/writes";
import { errors } from "#shared/errors";
import { message } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import type { Language } from "#shared/i18n/languages";
import { verifyPassword } from "#shared/passwords";
import { type CaughtError, failureReason } from "#shared/workflow-failure";

export const workflowName = deletionWorkflow;

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
  if (!organization) throw errors.notFound(texts.organizationNotFound);
  void requesterId;
  return {
    products: organization.productCount,
    members: Math.max(0, organization.memberCount - 1),
    unpaidInvoices: invoices.filter((invoice) => invoice.status === "open").length,
    balance: prepaid?.balance ?? 0,
    currency: organization.currency,
  };
}

/** What each prerequisite is called in a problem's detail (R-L3). */
export const prerequisiteNames = {
  products: message(texts.holdsProducts),
  members: message(texts.holdsMembers),
  unpaidInvoices: message(texts.holdsUnpaidInvoices),
  balance: message(texts.holdsPrepaidBalance),
} as const;

/** The prerequisites that the chosen options leave unmet (R-D1, R-D2). */
export function unmetPrerequisites(
  found: Awaited<ReturnType<typeof findPrerequisites>>,
  options: DeletionOptions,
) {
  const unmet: {
    prerequisite: keyof typeof prerequisiteNames;
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

/** Execution statuses in which an execution still does (or will do) its work. */
const liveStatuses = new Set(["RUNNING", "PENDING_REDRIVE"]);

/**
 * The status of a deletion attempt's execution: `NOT_STARTED` when it does not exist (the
 * request was recorded, then the start failed) or none was recorded.
 */
export async function executionStatus(executionArn: string | undefined): Promise<string> {
  if (!executionArn) return "NOT_STARTED";
  const { sfn, DescribeExecutionCommand } = await stepFunctions();
  try {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return execution.status ?? "UNKNOWN";
  } catch (error) {
    if ((error as Error).name === "ExecutionDoesNotExist") return "NOT_STARTED";
    throw error;
  }
}
export const isLive = (status: string) => liveStatuses.has(status);

/** The readable reason of an attempt whose execution ended without its Catch running. */
export const endedExecutionReason = (status: string) =>
  status === "NOT_STARTED"
    ? "WorkflowNotStarted: The deletion's workflow never started; a new request resumes the deletion."
    : `WorkflowEnded: The deletion's workflow ended (${status}) before the deletion finished, without recording why; a new request resumes the deletion.`;

/**
 * R-D3: a legal representative, the password and the organization's name typed again. Starts
 * (or, after a failure or a crash, resumes) the organization-deletion workflow under a
 * deterministic execution name per attempt, and marks the organization `deleting` so that
 * nothing else changes in it meanwhile.
 *
 * R-D6: what authorizes and locates a resumed deletion never depends on the items the deletion
 * removes. The deletion record (outside the organization's partition) names its requester, who
 * may resume it with their password (checked against their user item) and the name the record
 * keeps, even once their membership, or the whole organization, is gone; an attempt whose
 * execution ended without its Catch running is recorded as failed first, as the Catch would have.
 */
export async function requestDeletion(
  userId: string,
  orgId: string,
  request: DeletionRequest,
  origin: RequestOrigin,
) {
  let [existing, membership] = await Promise.all([
    getItem(OrganizationDeletion, { orgId }, { consistent: true }),
    getItem(Membership, { orgId, userId }),
  ]);
  // The requester of an unfinished deletion is authorized by its record; anyone else by their
  // membership, as before any deletion.
  const ownUnfinished = existing && existing.status !== "succeeded" && existing.requestedBy === userId;
  // Asked again once done (a retry that lost its answer): the finished deletion's status, as its
  // GET says, not a 404 about an organization that is gone because of it.
  const ownFinished =
    existing?.status === "succeeded" && existing.requestedBy === userId ? existing : undefined;
  if (!ownUnfinished && !ownFinished) {
    const refusal = decide(membership, needs.legalRepresentative);
    if (refusal) throw refusal;
  }
  const [organization, user] = await Promise.all([
    getItem(Organization, { orgId }, { consistent: true }),
    getItem(User, { userId }),
  ]);
  const resumable = existing && existing.status !== "succeeded" ? existing : undefined;
  if (!user || (!organization && !resumable && !ownFinished))
    throw errors.notFound(texts.organizationNotFound);
  if (!(await verifyPassword(request.password, user.passwordHash))) {
    throw errors.of(403, "INVALID_PASSWORD", texts.passwordWrong);
  }
  const organizationName =
    resumable?.organizationName ?? organization?.name ?? ownFinished?.organizationName ?? "";
  if (request.confirmName.trim() !== organizationName) {
    throw errors.of(422, "CONFIRMATION_MISMATCH", texts.deletionConfirmationMismatch);
  }
  if (ownFinished && !organization) return { started: false, view: deletionView(ownFinished) };
  if (existing?.status === "running") {
    const status = await executionStatus(existing.executionArn);
    // A deletion already running answers with its status: a double click starts nothing.
    if (isLive(status)) return { started: false, view: deletionView(existing) };
    // Ended without its Catch (stopped, crashed): recorded as failed, then taken up again.
    await failAttempt(existing, endedExecutionReason(status), { audit: true });
    existing = await getItem(OrganizationDeletion, { orgId }, { consistent: true });
  }
  const options: DeletionOptions = {
    terminateProducts: request.terminateProducts,
    settleInvoices: request.settleInvoices,
    removeMembers: request.removeMembers,
    refundIban: request.refundIban,
    emailPaidInvoices: request.emailPaidInvoices,
  };
  // The organization may be gone already (a resumed deletion): then nothing of it is left to check.
  if (organization) {
    const unmet = unmetPrerequisites(await findPrerequisites(orgId, userId), options);
    if (unmet.length) {
      const prerequisites = unmet.map((item) => prerequisiteNames[item.prerequisite]);
      throw errors.of(409, "PREREQUISITES_NOT_MET", message(texts.deletionPrerequisites, { prerequisites }), {
        extensions: { unmet },
      });
    }
  }
  const started = deletionAttempt({
    orgId,
    existing,
    organization,
    organizationName,
    requester: { userId, loginEmail: user.loginEmail, language: user.language },
    options,
    origin,
  });
  await transact(started.actions);
  await startDeletionExecution(started.record);
  return { started: true, view: deletionView(started.record) };
}

/**
 * The writes that start a deletion attempt, for the caller's transaction: the organization (if
 * it still exists) `deleting` at the version read, the record (created, or the next attempt
 * after one that is no longer running), an audit entry. Steps finished by an earlier attempt
 * stay finished. The execution's name is deterministic, so its ARN is in the record before it
 * starts (`startDeletionExecution`, after the transaction).
 */
export function deletionAttempt(input: {
  orgId: string;
  existing: OrganizationDeletion | undefined;
  organization: Organization | undefined;
  organizationName: string;
  requester: { userId: string; loginEmail: string; language?: Language | undefined };
  options: DeletionOptions;
  origin: RequestOrigin;
  requestedThrough?: OrganizationDeletion["requestedThrough"];
  /** What must still hold of the organization, besides its version (an account's closing: still empty). */
  organizationCondition?: Condition<Organization>;
}) {
  const { orgId, existing, organization, options, requester } = input;
  // The language of the mails to the requester, kept for when their account is gone (R-A7).
  const requesterLanguage = requester.language ?? existing?.requesterLanguage;
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
  const machineArn = stateMachineArn();
  const executionName = `${orgId}-attempt-${attempt}`;
  const record: OrganizationDeletion = {
    orgId,
    executionArn: `${machineArn.replace(":stateMachine:", ":execution:")}:${executionName}`,
    organizationName: input.organizationName,
    requestedBy: requester.userId,
    requesterEmail: requester.loginEmail,
    ...(requesterLanguage ? { requesterLanguage } : {}),
    options,
    ...(input.requestedThrough ? { requestedThrough: input.requestedThrough } : {}),
    status: "running",
    attempt,
    steps,
    startedAt: now,
    updatedAt: now,
  };
  const deletionWon = () => errors.conflict(texts.deletionWonMeanwhile);
  const actions = [
    organization &&
      updateItem(
        Organization,
        { orgId },
        { set: { status: "deleting", updatedAt: now } },
        {
          condition: { ...input.organizationCondition, version: organization.version },
          fails: () => errors.conflict(texts.organizationChangedTryAgain),
        },
      ),
    existing
      ? putItem(OrganizationDeletion, record, {
          condition: { attempt: existing.attempt, status: { ne: "running" } },
          fails: deletionWon,
        })
      : createItem(OrganizationDeletion, record, { fails: deletionWon }),
    // Once the organization is gone, its partition stays empty: the entry goes to the requester's.
    auditAction(
      organization ? orgScope(orgId) : userScope(requester.userId),
      "organization.deletion_requested",
      requester.userId,
      input.origin,
      {
        orgId,
        attempt,
        ...(input.requestedThrough ? { requestedThrough: input.requestedThrough } : {}),
        options: { ...options, refundIban: options.refundIban ? "provided" : undefined },
      },
    ),
  ];
  return { record, actions };
}

/** Starts the execution a recorded attempt names (its input: the organization and the attempt). */
export async function startDeletionExecution(record: OrganizationDeletion) {
  const { sfn, StartExecutionCommand } = await stepFunctions();
  const executionArn = record.executionArn as string;
  await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: stateMachineArn(),
      name: executionArn.slice(executionArn.lastIndexOf(":") + 1),
      input: JSON.stringify({ orgId: record.orgId, attempt: record.attempt }),
    }),
  );
}

/**
 * The deletion's status: for its requester from the record alone (their membership goes with
 * the organization), for the organization's legal representatives while it exists.
 */
export async function deletionStatus(userId: string, orgId: string) {
  const record = await getItem(OrganizationDeletion, { orgId }, { consistent: true });
  if (record?.requestedBy === userId) return deletionView(record);
  await authorize(userId, orgId, needs.legalRepresentative);
  if (!record) {
    throw errors.of(404, "DELETION_NOT_FOUND", texts.deletionNotFound);
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
  // Progress moves `updatedAt`, and with it the index key the reconciler reads (gsi2sk).
  const indexKeys = Object.entries(OrganizationDeletion.indexKeys?.({ updatedAt: now }) ?? {});
  await dynamo.send(
    new UpdateCommand({
      TableName: tableName,
      Key: OrganizationDeletion.key({ orgId }),
      UpdateExpression: [
        "SET steps.#step = :state, updatedAt = :now",
        ...indexKeys.map((_, index) => `#index${index} = :index${index}`),
      ].join(", "),
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeNames: {
        "#step": step,
        ...Object.fromEntries(indexKeys.map(([name], index) => [`#index${index}`, name])),
      },
      ExpressionAttributeValues: {
        ":state": { status, updatedAt: now, ...(detail ? { detail } : {}) },
        ":now": now,
        ...Object.fromEntries(indexKeys.map(([, value], index) => [`:index${index}`, value])),
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

/** The step an attempt stopped at: the last one started, else the first one not finished. */
function stoppedStep(record: OrganizationDeletion): DeletionStepName | "unknown" {
  const steps = record.steps as Record<DeletionStepName, StepState>;
  return (
    [...deletionStepNames].reverse().find((name) => steps[name]?.status === "running") ??
    deletionStepNames.find(
      (name) => steps[name]?.status !== "succeeded" && steps[name]?.status !== "skipped",
    ) ??
    "unknown"
  );
}

/**
 * Records an attempt as failed (R-D6): the step it stopped at is marked failed with the reason,
 * the record `failed`, and the organization, if it still exists, `deletion_failed`, stated and
 * retryable by a new request. Only this attempt while it runs (`attempt` and `status` are the
 * condition): a newer attempt, or one that ended meanwhile, is left alone; answers whether it
 * marked it. With `audit`, an entry says so (in the organization's audit log, or the
 * requester's once the organization is gone).
 */
export async function failAttempt(
  record: OrganizationDeletion,
  reason: string,
  options: { audit?: boolean; step?: DeletionStepName | "unknown" } = {},
): Promise<boolean> {
  const { orgId } = record;
  const failedStep = options.step ?? stoppedStep(record);
  const now = new Date().toISOString();
  const steps: Record<string, StepState> = { ...(record.steps as Record<string, StepState>) };
  if (failedStep !== "unknown") steps[failedStep] = { status: "failed", detail: reason, updatedAt: now };
  const notRunning = new Error("the attempt is no longer running");
  const organizationGone = new Error("the organization is gone");
  const markRecord = updateItem(
    OrganizationDeletion,
    { orgId },
    {
      set: {
        status: "failed",
        steps,
        failure: { step: failedStep, reason, at: now },
        finishedAt: now,
        updatedAt: now,
      },
    },
    { condition: { status: "running", attempt: record.attempt }, fails: () => notRunning },
  );
  // The record and the organization's state change together: nobody reads one failed and the
  // other still deleting. An organization already deleted has nothing left to mark.
  const organization = await getItem(Organization, { orgId }, { consistent: true });
  let organizationMarked = Boolean(organization);
  try {
    await transact([
      markRecord,
      organization &&
        updateItem(
          Organization,
          { orgId },
          { set: { status: "deletion_failed", updatedAt: now } },
          { fails: () => organizationGone },
        ),
    ]);
  } catch (error) {
    if (error === notRunning) return false;
    if (error !== organizationGone) throw error;
    organizationMarked = false;
    const marked = await write(markRecord).then(
      () => true,
      (failure: unknown) => {
        if (failure === notRunning) return false;
        throw failure;
      },
    );
    if (!marked) return false;
  }
  if (options.audit) {
    await writeAudit(
      organizationMarked ? orgScope(orgId) : userScope(record.requestedBy),
      "organization.deletion_failed",
      undefined,
      {},
      { orgId, attempt: record.attempt, step: failedStep, reason },
    );
  }
  return true;
}

/**
 * R-D6, the workflow's Catch: a failed step leaves the organization `deletion_failed`, stated
 * and retryable by a new request; the step that was running is marked failed with the reason.
 */
export async function recordFailure(orgId: string, error: CaughtError) {
  const record = await loadDeletion(orgId);
  const steps = record.steps as Record<DeletionStepName, StepState>;
  // Steps run in order: the failed one is the last one started.
  const failedStep =
    [...deletionStepNames].reverse().find((name) => steps[name]?.status === "running") ?? "unknown";
  const reason = failureReason(error);
  await failAttempt(record, reason, { step: failedStep });
  return { failedStep, reason };
}
