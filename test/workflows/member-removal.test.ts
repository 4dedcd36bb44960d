import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
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

const executionArnOf = (removalId: string) =>
  `${local.runtime.stateMachineArn("member-removal").replace(":stateMachine:", ":execution:")}:${removalId}`;

async function settledExecution(removalId: string) {
  return eventually(async () => {
    const execution = await sfnClient().send(
      new DescribeExecutionCommand({ executionArn: executionArnOf(removalId) }),
    );
    return execution.status === "RUNNING" ? undefined : execution;
  });
}

async function history(removalId: string): Promise<HistoryEvent[]> {
  const { events = [] } = await sfnClient().send(
    new GetExecutionHistoryCommand({ executionArn: executionArnOf(removalId), maxResults: 1000 }),
  );
  return events;
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
    const { createItem, getItem, write } = await import("#shared/entity");
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
});
