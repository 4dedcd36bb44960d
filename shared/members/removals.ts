import { auditAction, orgScope, type RequestOrigin } from "#shared/audit";
import { assertOrganizationActive, authorize, decide, needs, type Role } from "#shared/authorization";
import { requiredEnv } from "#shared/db";
import { Membership, Organization } from "#shared/entities";
import { getItem, getItems } from "#shared/entity/reads";
import { transact } from "#shared/entity/transactions";
import { checkItem, createItem, deleteItem, updateItem, type WriteAction } from "#shared/entity/writes";
import { errors } from "#shared/errors";
import { type Message, message } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import {
  assertMayTouchLegalRepresentatives,
  lastLegalRepresentative,
  memberRemovedMail,
  noSuchMember,
  removalInProgress,
} from "#shared/members/members";
import { decisionsOf, type RemovalRef, recordRemovalFailure, stepsOf } from "#shared/members/removal-steps";
import type { RemovalInput } from "#shared/members/schemas";
import {
  ActiveRemoval,
  type MemberDataKind,
  MemberRemoval,
  memberDataKinds,
  memberRemovalWorkflow,
  type RemovalDecision,
  type RemovalStep,
  removalStepNames,
} from "#shared/organizations/entities";
import { loadPerson } from "#shared/organizations/organizations";
import { verifyPassword } from "#shared/passwords";
import { provisioning } from "#shared/ports/provisioning";
import { newId } from "#shared/tokens";

export { memberRemovalWorkflow };

const invalidPassword = () => errors.of(403, "INVALID_PASSWORD", texts.passwordWrong);

const kindNames: Record<MemberDataKind, Message> = {
  drive: message(texts.dataKindDrive),
  mailboxAccess: message(texts.dataKindMailboxAccess),
  calendars: message(texts.dataKindCalendars),
  addressBooks: message(texts.dataKindAddressBooks),
};

export const removalUrl = (orgId: string, userId: string, removalId: string) =>
  `/v1/organizations/${orgId}/members/${userId}/removals/${removalId}`;

export const removalView = (removal: MemberRemoval) => ({
  removalId: removal.removalId,
  userId: removal.userId,
  status: removal.status,
  attempt: removal.attempt ?? 1,
  steps: stepsOf(removal),
  decisions: decisionsOf(removal),
  failure: removal.failure,
  requestedBy: removal.requestedBy,
  createdAt: removal.createdAt,
  updatedAt: removal.updatedAt,
  completedAt: removal.completedAt,
  statusUrl: removalUrl(removal.orgId, removal.userId, removal.removalId),
});

/**
 * R-M4: the remover's decision for each kind the member holds; a transfer names another
 * current member. Kinds the member does not hold are ignored.
 */
async function checkDecisions(
  orgId: string,
  userId: string,
  kinds: MemberDataKind[],
  given: NonNullable<RemovalInput["dataDecisions"]>,
): Promise<RemovalDecision[]> {
  const missing = kinds.filter((kind) => !given[kind]);
  if (missing.length) {
    const held = missing.map((kind) => kindNames[kind]);
    throw errors.of(422, "DATA_DECISIONS_REQUIRED", message(texts.dataDecisionsRequired, { kinds: held }), {
      extensions: { kinds: missing, held: kinds },
    });
  }
  const decisions = kinds.map((kind): RemovalDecision => {
    const decision = given[kind] as { action: "transfer" | "delete"; toUserId?: string | undefined };
    return {
      kind,
      action: decision.action,
      ...(decision.action === "transfer" && decision.toUserId ? { toUserId: decision.toUserId } : {}),
      status: "pending" as const,
    };
  });
  const targets = [
    ...new Set(decisions.flatMap((decision) => (decision.toUserId ? [decision.toUserId] : []))),
  ];
  const members = targets.length
    ? await getItems(
        Membership,
        targets.map((toUserId) => ({ orgId, userId: toUserId })),
      )
    : [];
  const invalid = decisions.filter(
    (decision) =>
      decision.action === "transfer" &&
      (!decision.toUserId ||
        decision.toUserId === userId ||
        !members.some((member) => member.userId === decision.toUserId)),
  );
  if (invalid.length) {
    throw errors.of(422, "INVALID_TRANSFER_TARGET", texts.transferTargetMissing, {
      extensions: { kinds: invalid.map((decision) => decision.kind) },
    });
  }
  return decisions;
}

/**
 * The request's decisions agree with the removal's: each kind the member still holds is decided
 * as the removal decided it (kinds carried out already are no longer held, so a request sent
 * again unchanged agrees with its removal whatever it has done).
 */
const agreesWith = (removal: MemberRemoval, decisions: RemovalDecision[]) =>
  decisions.every((decision) =>
    decisionsOf(removal).some(
      (earlier) =>
        earlier.kind === decision.kind &&
        earlier.action === decision.action &&
        (earlier.toUserId ?? null) === (decision.toUserId ?? null),
    ),
  );

const otherDecisionsInProgress = (removal: MemberRemoval) =>
  errors.of(409, "REMOVAL_IN_PROGRESS", texts.memberBeingRemovedOtherwise, {
    extensions: { statusUrl: removalUrl(removal.orgId, removal.userId, removal.removalId) },
  });

/**
 * R-M2, R-M3, R-M4: an administrator (a legal representative for a legal representative)
 * removes a member, with their own password and `confirm: true`.
 * - No data held: done at once, in one transaction (membership, counters, audit), the
 *   member told; answers `undefined` (204).
 * - Data held: a decision per kind is required; the removal is recorded and the
 *   `member-removal` workflow started, named after the removal; answers the removal (202).
 * A legal representative's departure is taken from `legalRepresentativeCount` (only while
 * more than one remains) in the transaction that records the removal, not when the
 * membership goes at the end: from then on nobody can demote or remove the other last
 * one. A failed removal gives it back.
 * Asked again while the member's removal runs: the same decisions answer that removal, others
 * 409. When its record says `running` but its execution ended (stopped, crashed) or never
 * started, it is recorded as failed as the workflow's Catch would have (the member released),
 * then taken up again: with the same decisions as a new attempt of the same removal (a new
 * execution, `<removalId>-attempt-<n>`, steps done before skipped), with others as a new removal.
 */
export async function requestRemoval(
  actorUserId: string,
  orgId: string,
  userId: string,
  input: RemovalInput,
  origin: RequestOrigin,
) {
  const actor = await authorize(actorUserId, orgId, needs.administrator);
  const target = await getItem(Membership, { orgId, userId });
  if (!target) throw noSuchMember();
  if (target.role === "legal_representative") assertMayTouchLegalRepresentatives(actor);
  const remover = await loadPerson(actorUserId);
  if (!(await verifyPassword(input.password, remover.passwordHash))) throw invalidPassword();

  const held = await provisioning.memberData(orgId, userId);
  const kinds = memberDataKinds.filter((kind) => held.some((item) => item.kind === kind));
  const decided = () => (kinds.length ? checkDecisions(orgId, userId, kinds, input.dataDecisions ?? {}) : []);

  // The member's removal under way, if any: running (the same one answered), or stalled.
  let stalled: MemberRemoval | undefined;
  const active = await getItem(ActiveRemoval, { orgId, userId }, { consistent: true });
  const current =
    active && (await getItem(MemberRemoval, { orgId, removalId: active.removalId }, { consistent: true }));
  if (current && current.status === "running") {
    const status = await executionStatus(current.executionArn);
    if (isLive(status)) {
      if (!agreesWith(current, await decided())) throw otherDecisionsInProgress(current);
      return removalView(current);
    }
    await recordRemovalFailure(removalRef(current), undefined, endedExecutionReason(status));
    stalled = await getItem(MemberRemoval, { orgId, removalId: current.removalId }, { consistent: true });
  }

  const organization = await assertOrganizationActive(orgId);
  const isRepresentative = target.role === "legal_representative";
  if (isRepresentative && organization.legalRepresentativeCount <= 1) throw lastLegalRepresentative();
  const decisions = await decided();
  // The stalled removal again: its decisions carried out before are not held any more.
  if (stalled?.status === "failed" && agreesWith(stalled, decisions)) {
    return resumeRemoval(stalled, actorUserId, target.role, origin);
  }
  if (!kinds.length) {
    const notice = await memberRemovedMail(
      userId,
      organization,
      `${remover.firstName} ${remover.lastName}`,
      [],
    );
    await removeAtOnce(actorUserId, orgId, target.userId, target.role, origin, notice);
    return undefined;
  }

  const now = new Date().toISOString();
  const removalId = newId();
  const removal: MemberRemoval = {
    orgId,
    removalId,
    attempt: 1,
    executionArn: removalExecutionArn(removalExecutionName(removalId, 1)),
    userId,
    requestedBy: actorUserId,
    role: target.role,
    decisions,
    status: "running",
    steps: removalStepNames.map((name): RemovalStep => ({ name, status: "pending" })),
    holdsLegalRepresentative: isRepresentative,
    createdAt: now,
    updatedAt: now,
  };
  await transact([
    createItem(ActiveRemoval, { orgId, userId, removalId: removal.removalId }, { fails: removalInProgress }),
    createItem(MemberRemoval, removal),
    holdLegalRepresentative(orgId, isRepresentative),
    checkItem(
      Membership,
      { orgId, userId },
      { role: target.role },
      { fails: () => errors.conflict(texts.memberChangedMeanwhile) },
    ),
    auditAction(orgScope(orgId), "member.removal_requested", actorUserId, origin, {
      userId,
      removalId: removal.removalId,
      decisions: decisions.map(({ kind, action, toUserId }) => ({ kind, action, toUserId })),
    }),
  ]);
  await startRemovalWorkflow(removal);
  return removalView(removal);
}

/** The removal's hold on the legal representative count (R-M3), or the organization's state checked. */
const holdLegalRepresentative = (orgId: string, isRepresentative: boolean) =>
  isRepresentative
    ? updateItem(
        Organization,
        { orgId },
        { add: { legalRepresentativeCount: -1 } },
        {
          condition: { legalRepresentativeCount: { gt: 1 }, status: "active" },
          fails: lastLegalRepresentative,
        },
      )
    : checkItem(
        Organization,
        { orgId },
        { status: "active" },
        { fails: () => errors.conflict(texts.organizationChangedMeanwhile) },
      );

/**
 * A failed removal taken up again as a new attempt: the member held again (the active-removal
 * guard, the legal representative count), the steps not done back to pending, a new execution.
 * Its tasks skip what is done (decisions carried out, steps succeeded).
 */
async function resumeRemoval(removal: MemberRemoval, actorUserId: string, role: Role, origin: RequestOrigin) {
  const { orgId, userId, removalId } = removal;
  const attempt = (removal.attempt ?? 1) + 1;
  const executionArn = removalExecutionArn(removalExecutionName(removalId, attempt));
  const isRepresentative = role === "legal_representative";
  const now = new Date().toISOString();
  const steps = stepsOf(removal).map(
    (step): RemovalStep => (step.status === "succeeded" ? step : { name: step.name, status: "pending" }),
  );
  await transact([
    createItem(ActiveRemoval, { orgId, userId, removalId }, { fails: removalInProgress }),
    updateItem(
      MemberRemoval,
      { orgId, removalId },
      {
        set: {
          status: "running",
          attempt,
          executionArn,
          role,
          steps,
          holdsLegalRepresentative: isRepresentative,
          updatedAt: now,
        },
        remove: ["failure", "completedAt"],
      },
      {
        condition: { status: "failed", attempt: removal.attempt ?? { exists: false } },
        fails: () => errors.conflict(texts.removalTakenUpMeanwhile),
      },
    ),
    holdLegalRepresentative(orgId, isRepresentative),
    checkItem(
      Membership,
      { orgId, userId },
      { role },
      { fails: () => errors.conflict(texts.memberChangedMeanwhile) },
    ),
    auditAction(orgScope(orgId), "member.removal_resumed", actorUserId, origin, {
      userId,
      removalId,
      attempt,
    }),
  ]);
  const { failure: _failure, completedAt: _completedAt, ...unfailed } = removal;
  const resumed: MemberRemoval = {
    ...unfailed,
    status: "running",
    attempt,
    executionArn,
    role,
    steps,
    holdsLegalRepresentative: isRepresentative,
    updatedAt: now,
  };
  await startRemovalWorkflow(resumed);
  return removalView(resumed);
}

const removalMachineArn = () =>
  (JSON.parse(requiredEnv("WORKFLOW_ARNS")) as Record<string, string>)[memberRemovalWorkflow];

/** The first attempt's execution is named after the removal, the next ones `<removalId>-attempt-<n>`. */
export const removalExecutionName = (removalId: string, attempt: number) =>
  attempt <= 1 ? removalId : `${removalId}-attempt-${attempt}`;

/** Execution names are deterministic, so an attempt's ARN is known (and recorded) before it starts. */
const removalExecutionArn = (executionName: string) =>
  `${removalMachineArn()?.replace(":stateMachine:", ":execution:")}:${executionName}`;

const removalRef = (removal: MemberRemoval): RemovalRef => ({
  orgId: removal.orgId,
  removalId: removal.removalId,
});

/** Execution statuses in which an execution still does (or will do) its work. */
const liveStatuses = new Set(["RUNNING", "PENDING_REDRIVE"]);
export const isLive = (status: string) => liveStatuses.has(status);

/**
 * The status of a removal attempt's execution (DescribeExecution): `NOT_STARTED` when none is
 * recorded or it does not exist (the start failed after the request was recorded).
 */
export async function executionStatus(executionArn: string | undefined): Promise<string> {
  if (!executionArn) return "NOT_STARTED";
  const { sfn, DescribeExecutionCommand } = await import("#shared/aws/sfn");
  try {
    return (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status ?? "UNKNOWN";
  } catch (error) {
    if ((error as Error).name === "ExecutionDoesNotExist") return "NOT_STARTED";
    throw error;
  }
}

/** The readable reason of an attempt whose execution ended without its Catch running. */
export const endedExecutionReason = (status: string) =>
  status === "NOT_STARTED"
    ? "WorkflowNotStarted: The removal's workflow never started; ask for the removal again."
    : `WorkflowEnded: The removal's workflow ended (${status}) before the removal finished, without recording why; ask for the removal again.`;

async function startRemovalWorkflow(removal: MemberRemoval) {
  const stateMachineArn = removalMachineArn();
  const input: RemovalRef = removalRef(removal);
  const name = removalExecutionName(removal.removalId, removal.attempt ?? 1);
  try {
    if (!stateMachineArn) throw new Error(`no ARN for the ${memberRemovalWorkflow} workflow`);
    // Only a removal request starts a workflow: the SDK loads then (see shared/aws/sfn.ts).
    const { sfn, StartExecutionCommand } = await import("#shared/aws/sfn");
    await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
  } catch (error) {
    // Started before and since ended: the removal's record says how it went.
    if (error instanceof Error && error.name === "ExecutionAlreadyExists") return;
    await recordRemovalFailure(input, "start", "The removal workflow could not be started.");
    throw errors.of(503, "SERVICE_UNAVAILABLE", texts.removalNotStarted);
  }
}

/** A member without data leaves in one transaction, the R-M3 guard inside it. */
async function removeAtOnce(
  actorUserId: string,
  orgId: string,
  userId: string,
  role: Role,
  origin: RequestOrigin,
  notice: WriteAction | undefined,
) {
  const isRepresentative = role === "legal_representative";
  await transact([
    notice,
    deleteItem(
      Membership,
      { orgId, userId },
      {
        condition: { role },
        fails: () => errors.conflict(texts.memberChangedMeanwhile),
      },
    ),
    isRepresentative
      ? updateItem(
          Organization,
          { orgId },
          { add: { memberCount: -1, legalRepresentativeCount: -1 } },
          {
            condition: { legalRepresentativeCount: { gt: 1 }, status: "active" },
            fails: lastLegalRepresentative,
          },
        )
      : updateItem(
          Organization,
          { orgId },
          { add: { memberCount: -1 } },
          {
            condition: { status: "active" },
            fails: () => errors.conflict(texts.organizationChangedMeanwhile),
          },
        ),
    checkItem(
      ActiveRemoval,
      { orgId, userId },
      { removalId: { exists: false } },
      { fails: removalInProgress },
    ),
    auditAction(orgScope(orgId), "member.removed", actorUserId, origin, { userId, role, decisions: [] }),
  ]);
}

/** The removal for the remover and the organization's administrators. */
export async function readRemoval(actorUserId: string, orgId: string, userId: string, removalId: string) {
  const actor = await authorize(actorUserId, orgId, needs.member);
  const removal = await getItem(MemberRemoval, { orgId, removalId });
  if (!removal || removal.userId !== userId) throw errors.notFound(texts.removalNotFound);
  if (removal.requestedBy !== actorUserId) {
    const refusal = decide(actor, needs.administrator);
    if (refusal) throw refusal;
  }
  return removalView(removal);
}
