import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import { type SignedUp, signUp, strongPassword } from "#test/support/accounts";
import { giveData, joinAs, membershipOf, organizationRecord } from "#test/support/organizations";
import { call, eventually, mailsTo, rootDir, useLocalRuntime } from "#test/support/runtime";

/**
 * The member-removal state machine, run by the local Step Functions service from its ASL
 * file, started over HTTP as a client would. The test runtime shortens the Retry pauses to
 * milliseconds (`retryIntervalMs`); the retries themselves are real.
 */
const local = useLocalRuntime();
const sfnClient = () => new SFNClient({ endpoint: local.runtime.urls.stepfunctions });

interface Removal {
  removalId: string;
  status: string;
  attempt: number;
  statusUrl: string;
  steps: { name: string; status: string; detail?: string }[];
  failure?: { step: string; reason: string };
}

const provisioningAdapter = async () => (await import("#shared/ports/provisioning")).recordingProvisioning;

async function removeWithData(remover: SignedUp, orgId: string, userId: string, dataDecisions: unknown) {
  const response = await call<Removal & { code?: string }>(
    local.api,
    "POST",
    `/v1/organizations/${orgId}/members/${userId}/removals`,
    { token: remover.token, body: { password: strongPassword, confirm: true, dataDecisions } },
  );
  if (response.status !== 202)
    throw new Error(`removal not started: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

const ended = (token: string, statusUrl: string) =>
  eventually(
    async () => {
      const { body } = await call<Removal>(local.api, "GET", statusUrl, { token });
      return body.status === "running" ? undefined : body;
    },
    10_000,
    "the removal to end",
  );

/** An execution of the member-removal workflow, by name (the first attempt's is the removal's id). */
const executionArnOf = (executionName: string) =>
  `${local.runtime.stateMachineArn("member-removal").replace(":stateMachine:", ":execution:")}:${executionName}`;

async function settledExecution(executionName: string) {
  return eventually(async () => {
    const execution = await sfnClient().send(
      new DescribeExecutionCommand({ executionArn: executionArnOf(executionName) }),
    );
    return execution.status === "RUNNING" ? undefined : execution;
  });
}

async function history(executionName: string): Promise<HistoryEvent[]> {
  const { events = [] } = await sfnClient().send(
    new GetExecutionHistoryCommand({ executionArn: executionArnOf(executionName), maxResults: 1000 }),
  );
  return events;
}

const readStatus = async (token: string, statusUrl: string) =>
  (await call<Removal>(local.api, "GET", statusUrl, { token })).body;

/**
 * A removal started with its provisioning operation held (the first step waits), then its
 * execution stopped: a crash, no Catch runs. The record says `running`, the member is held.
 */
async function stoppedRemoval(
  remover: SignedUp,
  orgId: string,
  userId: string,
  operation: "transferMemberData" | "deleteMemberData",
  dataDecisions: unknown,
) {
  const provisioning = await provisioningAdapter();
  await provisioning.hold(orgId, operation);
  const started = await removeWithData(remover, orgId, userId, dataDecisions);
  await eventually(
    async () =>
      (await readStatus(remover.token, started.statusUrl)).steps[0]?.status === "running" ? true : undefined,
    10_000,
    "the first step to run",
  );
  const executionArn = executionArnOf(started.removalId);
  await sfnClient().send(
    new StopExecutionCommand({ executionArn, error: "Crash", cause: "the runtime went away" }),
  );
  expect((await sfnClient().send(new DescribeExecutionCommand({ executionArn }))).status).toBe("ABORTED");
  expect((await readStatus(remover.token, started.statusUrl)).status).toBe("running");
  return started;
}

describe("member-removal", () => {
  it("R-M4 retries a transient provisioning failure (fault plan: fail once) and completes", async () => {
    const ada = await signUp(local.api);
    const user = await joinAs(local, ada, ada.orgId, { role: "user" });
    await giveData(ada.orgId, user.userId, "drive");
    const provisioning = await provisioningAdapter();
    await provisioning.planFault(ada.orgId, "transferMemberData", 1);

    const started = await removeWithData(ada, ada.orgId, user.userId, {
      drive: { action: "transfer", toUserId: ada.userId },
    });
    const removal = await ended(ada.token, started.statusUrl);
    expect(removal.status).toBe("succeeded");

    const execution = await settledExecution(started.removalId);
    expect(execution.status).toBe("SUCCEEDED");
    expect(execution.name).toBe(started.removalId);
    const events = await history(started.removalId);
    expect(events.filter((event) => event.type === "LambdaFunctionFailed")).toHaveLength(1);
    expect(
      events.find((event) => event.type === "LambdaFunctionFailed")?.lambdaFunctionFailedEventDetails?.error,
    ).toBe("TransientError");
    const calls = (await provisioning.calls(ada.orgId)).filter(
      (call) => call.operation === "transferMemberData",
    );
    expect(calls.map((call) => call.outcome)).toEqual(["failed", "succeeded"]);
    expect(await membershipOf(ada.orgId, user.userId)).toBeNull();
    expect((await provisioning.memberData(ada.orgId, ada.userId)).map((item) => item.kind)).toEqual([
      "drive",
    ]);
  });

  it("R-M4 R-M3 records a failure that outlasts the retries (fail always): step and reason, the member and the legal representative count kept, and it can be tried again", async () => {
    const ada = await signUp(local.api);
    const grace = await joinAs(local, ada, ada.orgId, { role: "legal_representative" });
    await giveData(ada.orgId, grace.userId, "calendars");
    const provisioning = await provisioningAdapter();
    await provisioning.planFault(ada.orgId, "deleteMemberData", "always");

    const started = await removeWithData(ada, ada.orgId, grace.userId, { calendars: { action: "delete" } });
    const removal = await ended(ada.token, started.statusUrl);
    expect(removal.status).toBe("failed");
    expect(removal.failure?.step).toBe("carry-out-decisions");
    expect(removal.failure?.reason).toBe("TransientError: The provisioning system is unavailable.");
    expect(removal.steps[0]).toMatchObject({ name: "carry-out-decisions", status: "failed" });
    expect(removal.steps.slice(1).map((step) => step.status)).toEqual(["pending", "pending"]);

    const execution = await settledExecution(started.removalId);
    expect(execution.status).toBe("FAILED");
    expect(execution.error).toBe("MemberRemovalFailed");
    const events = await history(started.removalId);
    const entered = events
      .filter((event) => event.type === "TaskStateEntered")
      .map((event) => event.stateEnteredEventDetails?.name);
    expect(entered).toEqual(["CarryOutDecisions", "RecordFailure"]);
    // The first try and three retries, each a recorded call that failed.
    const calls = (await provisioning.calls(ada.orgId)).filter(
      (call) => call.operation === "deleteMemberData",
    );
    expect(calls.map((call) => call.outcome)).toEqual(["failed", "failed", "failed", "failed"]);

    expect(await membershipOf(ada.orgId, grace.userId)).toMatchObject({ role: "legal_representative" });
    expect(await organizationRecord(ada.orgId)).toMatchObject({
      legalRepresentativeCount: 2,
      memberCount: 2,
    });
    expect((await provisioning.memberData(ada.orgId, grace.userId)).map((item) => item.kind)).toEqual([
      "calendars",
    ]);
    const audit = await call<{ entries: { action: string; details: { step?: string } }[] }>(
      local.api,
      "GET",
      `/v1/organizations/${ada.orgId}/audit`,
      { token: ada.token },
    );
    expect(audit.body.entries[0]).toMatchObject({
      action: "member.removal_failed",
      details: { step: "carry-out-decisions" },
    });

    // The failure released the member: with the provisioning system back, a new removal succeeds.
    await provisioning.clearFaults(ada.orgId);
    const retried = await removeWithData(ada, ada.orgId, grace.userId, { calendars: { action: "delete" } });
    expect(retried.removalId).not.toBe(started.removalId);
    expect((await ended(ada.token, retried.statusUrl)).status).toBe("succeeded");
    expect(await membershipOf(ada.orgId, grace.userId)).toBeNull();
    expect(await organizationRecord(ada.orgId)).toMatchObject({
      legalRepresentativeCount: 1,
      memberCount: 1,
    });
  });

  it("R-M4 does not retry a refusal by the provisioning system: one call, failure recorded", async () => {
    const ada = await signUp(local.api);
    const user = await joinAs(local, ada, ada.orgId, { role: "user" });
    await giveData(ada.orgId, user.userId, "mailboxAccess");
    const provisioning = await provisioningAdapter();
    await provisioning.planFault(ada.orgId, "deleteMemberData", 1, { transient: false });
    const started = await removeWithData(ada, ada.orgId, user.userId, {
      mailboxAccess: { action: "delete" },
    });
    const removal = await ended(ada.token, started.statusUrl);
    expect(removal.failure).toEqual({
      step: "carry-out-decisions",
      reason: "ProvisioningRejected: The provisioning system refused the call.",
    });
    expect((await provisioning.calls(ada.orgId)).map((call) => call.outcome)).toEqual(["failed"]);
    expect(await membershipOf(ada.orgId, user.userId)).not.toBeNull();
  });

  it("R-M4 runs each step idempotently: repeated steps change nothing twice, a port call already made is not made again", async () => {
    const ada = await signUp(local.api);
    const user = await joinAs(local, ada, ada.orgId, { role: "user" });
    await giveData(ada.orgId, user.userId, "drive");
    await giveData(ada.orgId, user.userId, "addressBooks");
    const { MemberRemoval, ActiveRemoval } = await import("#shared/organizations/entities");
    const { getItem } = await import("#shared/entity/reads");
    const { createItem, write } = await import("#shared/entity/writes");
    const { newId } = await import("#shared/tokens");
    // A removal as the request records it, driven here step by step instead of by the workflow.
    const removalId = newId();
    const now = new Date().toISOString();
    await write(createItem(ActiveRemoval, { orgId: ada.orgId, userId: user.userId, removalId }));
    await write(
      createItem(MemberRemoval, {
        orgId: ada.orgId,
        removalId,
        userId: user.userId,
        requestedBy: ada.userId,
        role: "user",
        decisions: [
          { kind: "drive", action: "transfer", toUserId: ada.userId, status: "pending" },
          { kind: "addressBooks", action: "delete", status: "pending" },
        ],
        status: "running",
        steps: [
          { name: "carry-out-decisions", status: "pending" },
          { name: "remove-membership", status: "pending" },
          { name: "notify-member", status: "pending" },
        ],
        holdsLegalRepresentative: false,
        createdAt: now,
        updatedAt: now,
      }),
    );
    const provisioning = await provisioningAdapter();
    // As if an earlier attempt had made the transfer, then died before recording it.
    await provisioning.transferMemberData({
      operationId: `${removalId}.drive`,
      orgId: ada.orgId,
      fromUserId: user.userId,
      toUserId: ada.userId,
      kind: "drive",
    });
    const ref = { orgId: ada.orgId, removalId };
    const task = async (name: string) =>
      (
        (await import(`${rootDir}/functions/members/tasks/${name}.ts`)) as {
          handler: (input: unknown) => Promise<unknown>;
        }
      ).handler;
    for (const name of [
      "carry-out-decisions",
      "carry-out-decisions",
      "remove-membership",
      "remove-membership",
    ]) {
      await (await task(name))(ref);
    }
    for (const name of ["notify-member", "notify-member", "complete-removal", "complete-removal"]) {
      await (await task(name))(ref);
    }
    // A late failure after success records nothing.
    await (await task("record-removal-failure"))({ ...ref, error: { Error: "Late", Cause: "late" } });

    const calls = await provisioning.calls(ada.orgId);
    expect(calls.map((call) => [call.operation, call.outcome])).toEqual([
      ["transferMemberData", "succeeded"],
      ["transferMemberData", "replayed"],
      ["deleteMemberData", "succeeded"],
    ]);
    expect(await organizationRecord(ada.orgId)).toMatchObject({ memberCount: 1 });
    expect(await membershipOf(ada.orgId, user.userId)).toBeNull();
    const removal = await getItem(MemberRemoval, { orgId: ada.orgId, removalId });
    expect(removal?.status).toBe("succeeded");
    expect(removal?.failure).toBeUndefined();
    expect(await getItem(ActiveRemoval, { orgId: ada.orgId, userId: user.userId })).toBeUndefined();
    const notices = (await mailsTo(local.runtime, user.loginEmail)).filter((mail) =>
      mail.subject.startsWith("You were removed"),
    );
    expect(notices).toHaveLength(1);
    const audit = await call<{ entries: { action: string }[] }>(
      local.api,
      "GET",
      `/v1/organizations/${ada.orgId}/audit`,
      {
        token: ada.token,
      },
    );
    const actions = audit.body.entries.map((entry) => entry.action);
    for (const action of [
      "member.data_transferred",
      "member.data_deleted",
      "member.removed",
      "member.removal_completed",
    ]) {
      expect([action, actions.filter((candidate) => candidate === action).length]).toEqual([action, 1]);
    }
  });

  it("R-M4 a removal whose execution was stopped is asked again with the same decisions: recorded failed, then a new attempt completes, finished steps skipped", async () => {
    const ada = await signUp(local.api);
    const user = await joinAs(local, ada, ada.orgId, { role: "user" });
    await giveData(ada.orgId, user.userId, "drive");
    const decisions = { drive: { action: "transfer", toUserId: ada.userId } };
    const started = await stoppedRemoval(ada, ada.orgId, user.userId, "transferMemberData", decisions);
    // The task that was running goes on to its end unseen: the drive is handed over, and recorded.
    const provisioning = await provisioningAdapter();
    await provisioning.release(ada.orgId, "transferMemberData");
    await eventually(async () =>
      (await readStatus(ada.token, started.statusUrl)).steps[0]?.status === "succeeded" ? true : undefined,
    );

    // Asked again, unchanged: the same removal, as a new attempt with an execution of its own.
    const again = await removeWithData(ada, ada.orgId, user.userId, decisions);
    expect([again.removalId, again.attempt, again.status]).toEqual([started.removalId, 2, "running"]);
    const removal = await ended(ada.token, started.statusUrl);
    expect([removal.status, removal.failure]).toEqual(["succeeded", undefined]);
    expect(removal.steps.map((step) => step.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    const execution = await settledExecution(`${started.removalId}-attempt-2`);
    expect(execution.status).toBe("SUCCEEDED");
    // The first step was done: skipped by the new attempt; the provider was asked once.
    const calls = (await provisioning.calls(ada.orgId)).filter(
      (call) => call.operation === "transferMemberData",
    );
    expect(calls.map((call) => call.outcome)).toEqual(["succeeded"]);
    expect(await membershipOf(ada.orgId, user.userId)).toBeNull();
    expect(await organizationRecord(ada.orgId)).toMatchObject({
      memberCount: 1,
      legalRepresentativeCount: 1,
    });
    const notices = (await mailsTo(local.runtime, user.loginEmail)).filter((mail) =>
      mail.subject.startsWith("You were removed"),
    );
    expect(notices).toHaveLength(1);
    const audit = await call<{
      entries: { action: string; details: { reason?: string; attempt?: number } }[];
    }>(local.api, "GET", `/v1/organizations/${ada.orgId}/audit`, { token: ada.token });
    const actions = audit.body.entries.map((entry) => entry.action);
    expect(actions).toContain("member.removal_resumed");
    expect(
      audit.body.entries.find((entry) => entry.action === "member.removal_failed")?.details.reason,
    ).toMatch(/^WorkflowEnded: .*\(ABORTED\)/);
  });

  it("R-M4 R-M3 reconcileStalledRemovals marks a stopped removal failed: the member stays, the guard and the legal representative count are given back", async () => {
    const ada = await signUp(local.api);
    const grace = await joinAs(local, ada, ada.orgId, { role: "legal_representative" });
    await giveData(ada.orgId, grace.userId, "calendars");
    const started = await stoppedRemoval(ada, ada.orgId, grace.userId, "deleteMemberData", {
      calendars: { action: "delete" },
    });
    // Held by the removal: one legal representative counted out.
    expect(await organizationRecord(ada.orgId)).toMatchObject({ legalRepresentativeCount: 1 });
    const { reconcileStalledRemovals } = await import("#shared/members/reconcile");

    const result = await reconcileStalledRemovals({ olderThanSeconds: 0 });
    expect(result.found).toBeGreaterThanOrEqual(1);
    expect(result.marked).toBeGreaterThanOrEqual(1);
    const removal = await readStatus(ada.token, started.statusUrl);
    expect(removal.status).toBe("failed");
    expect(removal.failure?.step).toBe("carry-out-decisions");
    expect(removal.failure?.reason).toMatch(/^WorkflowEnded: .*\(ABORTED\)/);
    expect(await membershipOf(ada.orgId, grace.userId)).toMatchObject({ role: "legal_representative" });
    expect(await organizationRecord(ada.orgId)).toMatchObject({
      legalRepresentativeCount: 2,
      memberCount: 2,
    });
    const { ActiveRemoval } = await import("#shared/organizations/entities");
    const { getItem } = await import("#shared/entity/reads");
    expect(await getItem(ActiveRemoval, { orgId: ada.orgId, userId: grace.userId })).toBeUndefined();
    const audit = await call<{ entries: { action: string; details: { step?: string } }[] }>(
      local.api,
      "GET",
      `/v1/organizations/${ada.orgId}/audit`,
      { token: ada.token },
    );
    expect(audit.body.entries[0]).toMatchObject({
      action: "member.removal_failed",
      details: { step: "carry-out-decisions" },
    });
    // Marked once: a second run leaves it as it is.
    await reconcileStalledRemovals({ olderThanSeconds: 0 });
    const after = await call<{ entries: { action: string }[] }>(
      local.api,
      "GET",
      `/v1/organizations/${ada.orgId}/audit`,
      { token: ada.token },
    );
    expect(after.body.entries.filter((entry) => entry.action === "member.removal_failed")).toHaveLength(1);
    const provisioning = await provisioningAdapter();
    await provisioning.release(ada.orgId, "deleteMemberData");
  });
});
