import { auditAction, orgScope } from "#shared/audit";
import { Membership, Organization, User } from "#shared/entities";
import { getItem, getItems } from "#shared/entity/reads";
import { transact } from "#shared/entity/transactions";
import { deleteItem, updateItem, write } from "#shared/entity/writes";
import { memberRemovedMail } from "#shared/members/members";
import {
  ActiveRemoval,
  MemberRemoval,
  type RemovalStep,
  type RemovalStepName,
} from "#shared/organizations/entities";
import { provisioning } from "#shared/ports/provisioning";

/**
 * The member-removal workflow's tasks, each idempotent: carry out the data decisions, remove the
 * membership, notify the member, complete, and record a failure. The request side (ask, resume,
 * start, read) is shared/members/removals.ts, as the deletion keeps deletion.ts and steps.ts apart.
 */

/** The execution input, and every task's: the removal is read from the table, never trusted from here. */
export interface RemovalRef {
  orgId: string;
  removalId: string;
}

export const decisionsOf = (removal: MemberRemoval) => removal.decisions;
export const stepsOf = (removal: MemberRemoval) => removal.steps;

/** An error a task fails with, named as the state machine's Retry and Catch match it. */
export function workflowError(name: string, message: string) {
  const error = new Error(message);
  error.name = name;
  return error;
}

async function loadRemoval({ orgId, removalId }: RemovalRef) {
  const removal = await getItem(MemberRemoval, { orgId, removalId });
  if (!removal) throw workflowError("RemovalNotFound", `No removal ${removalId} in ${orgId}.`);
  return removal;
}

const stepDone = (removal: MemberRemoval, name: RemovalStepName) =>
  stepsOf(removal).some((step) => step.name === name && step.status === "succeeded");

/** The removal, still running; a removal that ended (failed) is not carried on. */
async function loadRunning(ref: RemovalRef) {
  const removal = await loadRemoval(ref);
  if (removal.status !== "running") {
    throw workflowError("RemovalNotRunning", `The removal is ${removal.status}; nothing more is done.`);
  }
  return removal;
}

const withStep = (
  removal: MemberRemoval,
  name: RemovalStep["name"],
  status: RemovalStep["status"],
  detail?: string,
): RemovalStep[] =>
  stepsOf(removal).map((step) =>
    step.name === name ? { name, status, ...(detail ? { detail } : {}), at: new Date().toISOString() } : step,
  );

/** Writes the steps, only while the removal runs. */
async function saveSteps(removal: MemberRemoval, steps: RemovalStep[]) {
  await write(
    updateItem(
      MemberRemoval,
      { orgId: removal.orgId, removalId: removal.removalId },
      { set: { steps, updatedAt: new Date().toISOString() } },
      { condition: { status: "running" } },
    ),
  );
  removal.steps = steps;
}

/**
 * Step 1: each decision through the provisioning port, with an operation id per removal
 * and kind, so a retried step does nothing twice; each decision is recorded (with its
 * audit entry) once done, and skipped after.
 */
export async function carryOutDecisions(ref: RemovalRef) {
  const removal = await loadRunning(ref);
  if (stepDone(removal, "carry-out-decisions")) return;
  await saveSteps(removal, withStep(removal, "carry-out-decisions", "running"));
  const decisions = decisionsOf(removal);
  for (const decision of decisions) {
    if (decision.status === "done") continue;
    const operationId = `${removal.removalId}.${decision.kind}`;
    let items: number;
    if (decision.action === "transfer") {
      const toUserId = decision.toUserId as string;
      const receiver = await getItem(Membership, { orgId: removal.orgId, userId: toUserId });
      if (!receiver) {
        throw workflowError(
          "TransferTargetGone",
          `The member ${toUserId} who was to receive the ${decision.kind} left.`,
        );
      }
      ({ items } = await provisioning.transferMemberData({
        operationId,
        orgId: removal.orgId,
        fromUserId: removal.userId,
        toUserId,
        kind: decision.kind,
      }));
    } else {
      ({ items } = await provisioning.deleteMemberData({
        operationId,
        orgId: removal.orgId,
        userId: removal.userId,
        kind: decision.kind,
      }));
    }
    decision.status = "done";
    decision.items = items;
    await transact([
      updateItem(
        MemberRemoval,
        { orgId: removal.orgId, removalId: removal.removalId },
        { set: { decisions, updatedAt: new Date().toISOString() } },
        { condition: { status: "running" } },
      ),
      auditAction(
        orgScope(removal.orgId),
        decision.action === "transfer" ? "member.data_transferred" : "member.data_deleted",
        removal.requestedBy,
        {},
        {
          userId: removal.userId,
          removalId: removal.removalId,
          kind: decision.kind,
          toUserId: decision.toUserId,
          items,
        },
      ),
    ]);
  }
  removal.decisions = decisions;
  await saveSteps(removal, withStep(removal, "carry-out-decisions", "succeeded"));
}

/**
 * Step 2: the membership goes, the member count with it, and the removal's hold on the
 * legal representative count becomes the departure itself; the active-removal guard is
 * released. A member who left meanwhile (closed their account) is noted, and the hold given
 * back, since their own departure already counted.
 */
export async function removeMembership(ref: RemovalRef) {
  const removal = await loadRemoval(ref);
  if (stepDone(removal, "remove-membership")) return;
  if (removal.status !== "running") await loadRunning(ref);
  await saveSteps(removal, withStep(removal, "remove-membership", "running"));
  const { orgId, userId, removalId } = removal;
  const membership = await getItem(Membership, { orgId, userId });
  const now = new Date().toISOString();
  const left = !membership;
  const steps = withStep(
    removal,
    "remove-membership",
    "succeeded",
    left ? "The member had already left the organization." : undefined,
  );
  await transact([
    updateItem(
      MemberRemoval,
      { orgId, removalId },
      { set: { steps, holdsLegalRepresentative: false, updatedAt: now } },
      { condition: { status: "running" } },
    ),
    deleteItem(ActiveRemoval, { orgId, userId }, { condition: { removalId } }),
    ...(left
      ? removal.holdsLegalRepresentative
        ? [updateItem(Organization, { orgId }, { add: { legalRepresentativeCount: 1 } })]
        : []
      : [
          deleteItem(Membership, { orgId, userId }, { condition: { role: { exists: true } } }),
          updateItem(Organization, { orgId }, { add: { memberCount: -1 } }),
        ]),
    auditAction(
      orgScope(orgId),
      "member.removed",
      removal.requestedBy,
      {},
      {
        userId,
        role: removal.role,
        removalId,
        decisions: decisionsOf(removal).map(({ kind, action, toUserId, items }) => ({
          kind,
          action,
          toUserId,
          items,
        })),
        ...(left ? { alreadyLeft: true } : {}),
      },
    ),
  ]);
}

/** Step 3: the member is told what became of each kind of data (at least once). */
export async function notifyRemovedMember(ref: RemovalRef) {
  const removal = await loadRunning(ref);
  if (removal.notifiedAt || stepDone(removal, "notify-member")) return;
  await saveSteps(removal, withStep(removal, "notify-member", "running"));
  const [organization, remover] = await Promise.all([
    getItem(Organization, { orgId: removal.orgId }),
    getItem(User, { userId: removal.requestedBy }),
  ]);
  const receivers = decisionsOf(removal).flatMap((decision) =>
    decision.toUserId ? [decision.toUserId] : [],
  );
  const people = receivers.length
    ? await getItems(
        User,
        [...new Set(receivers)].map((userId) => ({ userId })),
      )
    : [];
  const nameOf = (userId: string) => {
    const person = people.find((candidate) => candidate.userId === userId);
    return person ? `${person.firstName} ${person.lastName}` : undefined;
  };
  // As data: the mail says each kind and action in the member's language (R-L2).
  const outcomes = decisionsOf(removal).map((decision) =>
    decision.action === "transfer"
      ? { kind: decision.kind, action: "transfer" as const, to: nameOf(decision.toUserId as string) }
      : { kind: decision.kind, action: "delete" as const },
  );
  const notice = await memberRemovedMail(
    removal.userId,
    { orgId: removal.orgId, name: organization?.name ?? removal.orgId },
    remover ? `${remover.firstName} ${remover.lastName}` : undefined,
    outcomes,
    { mailId: `member-removed-${removal.orgId}-${removal.removalId}` },
  );
  const steps = withStep(
    removal,
    "notify-member",
    "succeeded",
    notice ? undefined : "The member's account is closed.",
  );
  // The mail and the step's end together: a retried step tells nobody twice.
  await transact([
    notice,
    updateItem(
      MemberRemoval,
      { orgId: removal.orgId, removalId: removal.removalId },
      { set: { steps, notifiedAt: new Date().toISOString(), updatedAt: new Date().toISOString() } },
      { condition: { status: "running", notifiedAt: { exists: false } } },
    ),
  ]);
}

/** The outcome: succeeded. */
export async function completeRemoval(ref: RemovalRef) {
  const removal = await loadRemoval(ref);
  if (removal.status === "succeeded") return;
  if (removal.status !== "running") await loadRunning(ref);
  const now = new Date().toISOString();
  await transact([
    updateItem(
      MemberRemoval,
      { orgId: removal.orgId, removalId: removal.removalId },
      { set: { status: "succeeded", completedAt: now, updatedAt: now } },
      { condition: { status: "running" } },
    ),
    auditAction(
      orgScope(removal.orgId),
      "member.removal_completed",
      removal.requestedBy,
      {},
      {
        userId: removal.userId,
        removalId: removal.removalId,
      },
    ),
  ]);
}

/**
 * The outcome: failed, at the step that was running (else the first one not done), with the
 * reason. The removal lets go of the member (the active-removal guard) and gives back its hold
 * on the legal representative count, since the member stays. Done once: a removal that already
 * ended is left as it is. Answers whether it recorded the failure.
 */
export async function recordRemovalFailure(
  ref: RemovalRef,
  failedStep: RemovalStep["name"] | undefined,
  reason: string,
): Promise<boolean> {
  // Read, then written on the condition that nothing changed since (a task of a stopped
  // execution may still be finishing): read again when something did.
  for (let attempt = 1; ; attempt++) {
    try {
      return await failRemoval(ref, failedStep, reason);
    } catch (error) {
      if ((error as Error).name !== "RemovalChanged" || attempt >= 5) throw error;
    }
  }
}

async function failRemoval(
  ref: RemovalRef,
  failedStep: RemovalStep["name"] | undefined,
  reason: string,
): Promise<boolean> {
  const removal = await getItem(MemberRemoval, ref, { consistent: true });
  if (!removal) throw workflowError("RemovalNotFound", `No removal ${ref.removalId} in ${ref.orgId}.`);
  if (removal.status !== "running") return false;
  const steps = stepsOf(removal);
  const step =
    failedStep ??
    steps.find((candidate) => candidate.status === "running")?.name ??
    steps.find((candidate) => candidate.status !== "succeeded")?.name ??
    "carry-out-decisions";
  const now = new Date().toISOString();
  const failedSteps = steps.some((candidate) => candidate.name === step)
    ? withStep(removal, step, "failed", reason)
    : steps;
  // The guard is released only if it is still this removal's (a removed member has none left).
  const guard = await getItem(ActiveRemoval, { orgId: removal.orgId, userId: removal.userId });
  const holdsGuard = guard?.removalId === removal.removalId;
  await transact([
    updateItem(
      MemberRemoval,
      { orgId: removal.orgId, removalId: removal.removalId },
      {
        set: {
          status: "failed",
          steps: failedSteps,
          failure: { step, reason },
          holdsLegalRepresentative: false,
          completedAt: now,
          updatedAt: now,
        },
      },
      {
        condition: { status: "running", updatedAt: removal.updatedAt },
        fails: () => Object.assign(new Error("the removal changed meanwhile"), { name: "RemovalChanged" }),
      },
    ),
    holdsGuard &&
      deleteItem(
        ActiveRemoval,
        { orgId: removal.orgId, userId: removal.userId },
        { condition: { removalId: removal.removalId } },
      ),
    removal.holdsLegalRepresentative &&
      updateItem(Organization, { orgId: removal.orgId }, { add: { legalRepresentativeCount: 1 } }),
    auditAction(
      orgScope(removal.orgId),
      "member.removal_failed",
      removal.requestedBy,
      {},
      {
        userId: removal.userId,
        removalId: removal.removalId,
        step,
        reason,
      },
    ),
  ]);
  return true;
}
