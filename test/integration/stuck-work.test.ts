import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type SignedUp, signUp, strongPassword } from "#test/support/accounts";
import { asOperator } from "#test/support/billing";
import { addMembership, giveData } from "#test/support/organizations";
import { call, eventually, mailsTo, rootDir, useLocalRuntime } from "#test/support/runtime";
import {
  addProduct,
  confirmTermination,
  productReaches,
  readTermination,
  requestAndReadLink,
} from "#test/support/termination";

/**
 * Issue 15, item 8: operators find stuck work (`GET /v1/operator/stuck-work`, `npm run
 * stuck-work`) and resume a failed deletion as its owner would
 * (`POST /v1/operator/organizations/{orgId}/deletion/resume`); item 7 (every reason a workflow
 * records is a line of text) is workflow-failure-reasons.test.ts. The failures are real: the workflows run, and the recording
 * adapters of the outside systems fail or hold their calls as their fault plans say.
 */
const local = useLocalRuntime();

interface StuckItem {
  kind: string;
  orgId: string;
  productId?: string;
  removalId?: string;
  userId?: string;
  status: string;
  attempt?: number;
  step?: string;
  failure?: { step: string; reason: string };
  updatedAt: string;
  executionArn?: string;
  executionStatus: string;
  requestedThrough?: string;
}
interface StuckPage {
  kind: string;
  olderThanMinutes: number;
  items: StuckItem[];
  nextCursor?: string;
  code?: string;
}
interface DeletionView {
  orgId: string;
  status: string;
  attempt: number;
  steps: { name: string; status: string; detail?: string }[];
  failure?: { step: string; reason: string };
  code?: string;
}

const stuckWork = async (query: Record<string, string>) =>
  (await asOperator(local, "GET", `/v1/operator/stuck-work?${new URLSearchParams(query)}`)) as unknown as {
    status: number;
    body: StuckPage;
  };

/** Every page of a list, following its cursors. */
async function allStuck(query: Record<string, string>) {
  const items: StuckItem[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const response = await stuckWork({ ...query, ...(cursor ? { cursor } : {}) });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    items.push(...response.body.items);
    cursor = response.body.nextCursor;
    pages++;
  } while (cursor && pages < 200);
  return { items, pages };
}

const resume = (orgId: string, headers: Record<string, string> = {}) =>
  call<DeletionView>(local.api, "POST", `/v1/operator/organizations/${orgId}/deletion/resume`, {
    headers: { "x-operator-key": local.runtime.operatorKey, ...headers },
  });

const deletionStatus = (owner: SignedUp) =>
  call<DeletionView>(local.api, "GET", `/v1/organizations/${owner.orgId}/deletion`, { token: owner.token });

const deletionEnds = (owner: SignedUp, status: "failed" | "succeeded") =>
  eventually(
    async () => {
      const view = (await deletionStatus(owner)).body;
      return view.status === status ? view : undefined;
    },
    20_000,
    `the deletion of ${owner.orgId} to be ${status}`,
  );

const deletionBody = (owner: SignedUp) => ({
  confirmName: owner.organizationName,
  password: strongPassword,
  terminateProducts: true,
  settleInvoices: true,
  removeMembers: true,
  emailPaidInvoices: false,
});

/** An organization whose member holds data; its deletion waits while `deleteMemberData` is held. */
async function organizationWithMemberData() {
  const owner = await signUp(local.api);
  const member = await addMembership(local, owner.orgId, { role: "user" });
  await giveData(owner.orgId, member.userId, "drive");
  return { owner, member };
}

/**
 * A real failed deletion: the provisioning system refuses to delete the member's data (a fault
 * plan of its recording adapter, cleared once the deletion has failed), so remove_members fails
 * and the workflow's Catch records it.
 */
async function failedDeletion() {
  const { owner, member } = await organizationWithMemberData();
  const { recordingProvisioning } = await import("#shared/ports/provisioning");
  await recordingProvisioning.planFault(owner.orgId, "deleteMemberData", "always", { transient: false });
  const started = await call(local.api, "POST", `/v1/organizations/${owner.orgId}/deletion`, {
    token: owner.token,
    body: deletionBody(owner),
  });
  expect(started.status).toBe(202);
  const failed = await deletionEnds(owner, "failed");
  await recordingProvisioning.clearFaults(owner.orgId);
  return { owner, member, failed };
}

/** Raw items of an organization's audit log. */
async function auditOf(scope: string) {
  const { dynamo, tableName } = await import("#shared/db");
  const { QueryCommand } = await import("@aws-sdk/lib-dynamodb");
  const answer = await dynamo.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :audit)",
      ExpressionAttributeValues: { ":pk": scope, ":audit": "AUDIT#" },
      ConsistentRead: true,
    }),
  );
  return (answer.Items ?? []) as { action: string; details?: Record<string, unknown> }[];
}

const forgedCursor = (key: Record<string, string>) => Buffer.from(JSON.stringify(key)).toString("base64url");

/** What a reason a workflow records must never hold: a stack, Lambda's JSON cause, a second line. */
const rawCause = /\n|\s+at\s|"trace"|errorType|errorMessage|\{"/;

describe("stuck work: GET /v1/operator/stuck-work", () => {
  it("lists the failed deletions by the index, oldest first and in pages, each with its failure and execution", async () => {
    const first = await failedDeletion();
    const second = await failedDeletion();
    expect(first.failed.failure?.step).toBe("remove_members");
    expect(first.failed.failure?.reason).toBe(
      "ProvisioningRejected: The provisioning system refused the call.",
    );

    const ours = (items: StuckItem[]) =>
      items.filter((item) => [first.owner.orgId, second.owner.orgId].includes(item.orgId));
    // The execution ends (its Fail state) just after the Catch recorded the failure.
    const { items, pages } = await eventually(async () => {
      const listed = await allStuck({ kind: "deletions", limit: "1" });
      return ours(listed.items).every((item) => item.executionStatus === "FAILED") &&
        ours(listed.items).length === 2
        ? listed
        : undefined;
    });
    expect(pages).toBeGreaterThanOrEqual(items.length);
    const updatedAts = items.map((item) => item.updatedAt);
    expect(updatedAts).toEqual([...updatedAts].sort());
    expect(ours(items).map((item) => item.orgId)).toEqual([first.owner.orgId, second.owner.orgId]);
    for (const item of ours(items)) {
      expect(item).toMatchObject({
        kind: "deletion",
        status: "failed",
        attempt: 1,
        requestedThrough: "request",
        failure: {
          step: "remove_members",
          reason: "ProvisioningRejected: The provisioning system refused the call.",
        },
        executionArn: expect.stringMatching(
          new RegExp(`:execution:organization-deletion:${item.orgId}-attempt-1$`),
        ),
        executionStatus: "FAILED",
      });
      expect(Date.parse(item.updatedAt)).toBeGreaterThan(Date.now() - 60_000);
    }
    // A page holds at most `limit` items; without one, 25.
    expect((await stuckWork({ kind: "deletions", limit: "1" })).body.items.length).toBeLessThanOrEqual(1);
    // Failed a moment ago: not yet older than a threshold of an hour.
    const older = await allStuck({ kind: "deletions", olderThanMinutes: "60" });
    expect(ours(older.items)).toEqual([]);
  });

  it("refuses a cursor it never issued, or one of another list, with 400; an unknown kind too", async () => {
    const refused = async (query: Record<string, string>) => {
      const response = await stuckWork(query);
      return [response.status, response.body.code];
    };
    const validationFailed = [400, "VALIDATION_FAILED"];
    expect(await refused({ kind: "deletions", cursor: "not-a-cursor" })).toEqual(validationFailed);
    const terminationKey = {
      pk: "ORG#x",
      sk: "TERMINATION#y",
      gsi2pk: "FAILED#product-termination",
      gsi2sk: "2020-01-01T00:00:00.000Z",
    };
    expect(await refused({ kind: "deletions", cursor: forgedCursor(terminationKey) })).toEqual(
      validationFailed,
    );
    // The right list, but a key past the threshold: outside what was asked, never a 500.
    const future = {
      pk: "DELETION#x",
      sk: "DELETION",
      gsi2pk: "FAILED#organization-deletion",
      gsi2sk: "9999-12-31T00:00:00.000Z",
    };
    expect(await refused({ kind: "deletions", cursor: forgedCursor(future) })).toEqual(validationFailed);
    expect(await refused({ kind: "everything" })).toEqual(validationFailed);
    expect(await refused({ kind: "removals", olderThanMinutes: "-1" })).toEqual(validationFailed);
    expect(await refused({ kind: "removals", limit: "101" })).toEqual(validationFailed);
    // A cursor the route issued goes on where it stopped.
    await failedDeletion();
    await failedDeletion();
    const firstPage = await stuckWork({ kind: "deletions", limit: "1" });
    expect(firstPage.body.nextCursor).toEqual(expect.any(String));
    const next = await stuckWork({
      kind: "deletions",
      limit: "1",
      cursor: firstPage.body.nextCursor as string,
    });
    expect(next.status).toBe(200);
    expect(next.body.items[0]?.orgId).not.toBe(firstPage.body.items[0]?.orgId);
  });

  it("lists the failed product terminations with a readable reason and their execution", async () => {
    const owner = await signUp(local.api);
    const { productId } = await addProduct(owner.orgId, { name: "refused.example.org" });
    const { recordingProductProvisioning } = await import("#shared/ports/product-provisioning");
    await recordingProductProvisioning.failNext(productId, {
      times: "always",
      errorName: "ProvisioningRejected",
      message: "The provider keeps the product locked.",
    });
    const token = await requestAndReadLink(local, owner, owner.orgId, productId);
    expect((await confirmTermination(local, token)).status).toBe(202);
    const product = await productReaches(owner.orgId, productId, ["termination_failed"], 20_000);
    expect(product.failure?.step).toBe("Deprovision");
    expect(product.failure?.reason).toMatch(/^ProvisioningRejected\b/);
    expect(product.failure?.reason).not.toMatch(rawCause);

    const listed = await eventually(async () => {
      const item = (await allStuck({ kind: "terminations" })).items.find(
        (candidate) => candidate.productId === productId,
      );
      return item?.executionStatus === "FAILED" ? item : undefined;
    });
    const termination = await readTermination(owner.orgId, productId);
    expect(listed).toMatchObject({
      kind: "termination",
      orgId: owner.orgId,
      status: "failed",
      failure: { step: "Deprovision", reason: product.failure?.reason },
      executionArn: expect.stringMatching(
        new RegExp(`:execution:product-termination:${termination.executionName}$`),
      ),
    });
    await recordingProductProvisioning.clearFaults(productId);
  });

  it("lists the removals running without progress for longer than the threshold, with their step and live execution", async () => {
    const { owner, member } = await organizationWithMemberData();
    const { recordingProvisioning } = await import("#shared/ports/provisioning");
    // A provisioning system that does not answer keeps the removal in its first step.
    await recordingProvisioning.hold(owner.orgId, "deleteMemberData");
    const started = await call<{ removalId: string; statusUrl: string }>(
      local.api,
      "POST",
      `/v1/organizations/${owner.orgId}/members/${member.userId}/removals`,
      {
        token: owner.token,
        body: { password: strongPassword, confirm: true, dataDecisions: { drive: { action: "delete" } } },
      },
    );
    expect(started.status).toBe(202);
    const { removalId, statusUrl } = started.body;
    await eventually(async () => {
      const removal = await call<{ steps: { name: string; status: string }[] }>(local.api, "GET", statusUrl, {
        token: owner.token,
      });
      return removal.body.steps[0]?.status === "running" ? true : undefined;
    });
    try {
      const listed = (await allStuck({ kind: "removals", olderThanMinutes: "0", limit: "1" })).items.find(
        (item) => item.removalId === removalId,
      );
      expect(listed).toMatchObject({
        kind: "removal",
        orgId: owner.orgId,
        userId: member.userId,
        status: "running",
        attempt: 1,
        step: "carry-out-decisions",
        executionArn: expect.stringMatching(new RegExp(`:execution:member-removal:${removalId}$`)),
        executionStatus: "RUNNING",
      });
      // Running for seconds only: not past the default threshold (15 minutes), nor past one minute.
      const byDefault = await allStuck({ kind: "removals" });
      expect(byDefault.items.map((item) => item.removalId)).not.toContain(removalId);
      const pastAMinute = await allStuck({ kind: "removals", olderThanMinutes: "1" });
      expect(pastAMinute.items.map((item) => item.removalId)).not.toContain(removalId);
    } finally {
      await recordingProvisioning.release(owner.orgId, "deleteMemberData");
    }
    await eventually(async () => {
      const removal = await call<{ status: string }>(local.api, "GET", statusUrl, { token: owner.token });
      return removal.body.status === "succeeded" ? true : undefined;
    });
    const after = await allStuck({ kind: "removals", olderThanMinutes: "0" });
    expect(after.items.map((item) => item.removalId)).not.toContain(removalId);
  });
});

describe("resuming a failed deletion: POST /v1/operator/organizations/{orgId}/deletion/resume", () => {
  it("resumes it as its owner's new request would: a new attempt, finished steps kept, the same options; 409 while it runs or once done, 404 without one", async () => {
    const { owner, member, failed } = await failedDeletion();
    const { recordingProvisioning } = await import("#shared/ports/provisioning");
    // The resumed attempt waits in remove_members while the 409 is asked for.
    await recordingProvisioning.hold(owner.orgId, "deleteMemberData");
    let resumed: Awaited<ReturnType<typeof resume>>;
    try {
      resumed = await resume(owner.orgId, { "idempotency-key": `resume-${owner.orgId}` });
      expect([resumed.status, resumed.body.status, resumed.body.attempt]).toEqual([202, "running", 2]);
      const before = Object.fromEntries(failed.steps.map((step) => [step.name, step.status]));
      const after = Object.fromEntries(resumed.body.steps.map((step) => [step.name, step.status]));
      expect(before.terminate_products).toMatch(/^(succeeded|skipped)$/);
      expect(after.terminate_products).toBe(before.terminate_products);
      expect([before.remove_members, after.remove_members]).toEqual(["failed", "pending"]);
      expect(resumed.body.failure).toBeUndefined();
      // The same key answers the first answer again; another request meets the running attempt.
      const replay = await resume(owner.orgId, { "idempotency-key": `resume-${owner.orgId}` });
      expect([replay.status, replay.body.attempt, replay.headers.get("idempotent-replayed")]).toEqual([
        202,
        2,
        "true",
      ]);
      const running = await resume(owner.orgId);
      expect([running.status, running.body.code]).toEqual([409, "DELETION_NOT_FAILED"]);
      // The owner reads the new attempt; the audit log says an operator resumed it.
      expect((await deletionStatus(owner)).body).toMatchObject({ status: "running", attempt: 2 });
      const audit = await auditOf(`ORG#${owner.orgId}`);
      expect(audit.filter((entry) => entry.action === "organization.deletion_resumed_by_operator")).toEqual([
        expect.objectContaining({
          details: expect.objectContaining({
            orgId: owner.orgId,
            attempt: 2,
            previousFailure: { step: "remove_members", reason: failed.failure?.reason },
          }),
        }),
      ]);
    } finally {
      await recordingProvisioning.release(owner.orgId, "deleteMemberData");
    }

    const done = await deletionEnds(owner, "succeeded");
    expect(done.attempt).toBe(2);
    expect(done.steps.every((step) => ["succeeded", "skipped"].includes(step.status))).toBe(true);
    // As the owner's request: the member removed and told once, the confirmation mailed to the owner.
    const mailed = async (address: string, subject: string) =>
      (await mailsTo(local.runtime, address)).filter((mail) => mail.subject.includes(subject));
    expect(await mailed(member.loginEmail, "removed")).toHaveLength(1);
    expect(
      await eventually(async () =>
        (await mailed(owner.loginEmail, "was deleted")).length ? true : undefined,
      ),
    ).toBe(true);
    expect(await mailed(owner.loginEmail, "was deleted")).toHaveLength(1);
    expect((await allStuck({ kind: "deletions" })).items.map((item) => item.orgId)).not.toContain(
      owner.orgId,
    );

    const succeeded = await resume(owner.orgId);
    expect([succeeded.status, succeeded.body.code]).toEqual([409, "DELETION_NOT_FAILED"]);
    // The deletion's status beside the problem's own (the HTTP status), never in its place.
    expect(succeeded.body).toMatchObject({ status: 409, deletionStatus: "succeeded" });
    const noDeletion = await signUp(local.api);
    const none = await resume(noDeletion.orgId);
    expect([none.status, none.body.code]).toEqual([404, "DELETION_NOT_FOUND"]);
  });

  it("takes up an attempt whose execution ended without its Catch: recorded failed first, as the owner's request does", async () => {
    const { owner } = await organizationWithMemberData();
    const { recordingProvisioning } = await import("#shared/ports/provisioning");
    await recordingProvisioning.hold(owner.orgId, "deleteMemberData");
    try {
      expect(
        (
          await call(local.api, "POST", `/v1/organizations/${owner.orgId}/deletion`, {
            token: owner.token,
            body: deletionBody(owner),
          })
        ).status,
      ).toBe(202);
      await eventually(async () =>
        (await deletionStatus(owner)).body.steps?.find((step) => step.name === "remove_members")?.status ===
        "running"
          ? true
          : undefined,
      );
      // A crash: the execution stops, no Catch runs; the record still says running.
      const { SFNClient, StopExecutionCommand } = await import("@aws-sdk/client-sfn");
      const { getItem } = await import("#shared/entity/reads");
      const { OrganizationDeletion } = await import("#shared/deletion/entities");
      const record = await getItem(OrganizationDeletion, { orgId: owner.orgId }, { consistent: true });
      await new SFNClient({}).send(
        new StopExecutionCommand({ executionArn: record?.executionArn, error: "Crash", cause: "gone" }),
      );
      const resumed = await resume(owner.orgId);
      expect([resumed.status, resumed.body.attempt]).toEqual([202, 2]);
      const audit = await auditOf(`ORG#${owner.orgId}`);
      expect(audit.find((entry) => entry.action === "organization.deletion_failed")?.details).toMatchObject({
        attempt: 1,
        step: "remove_members",
        reason: expect.stringMatching(/^WorkflowEnded: .*\(ABORTED\)/),
      });
    } finally {
      await recordingProvisioning.release(owner.orgId, "deleteMemberData");
    }
    expect((await deletionEnds(owner, "succeeded")).attempt).toBe(2);
  });
});

describe("npm run stuck-work", () => {
  const run = (args: string[]) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(join(rootDir, "node_modules/.bin/tsx"), ["scripts/stuck-work.ts", ...args], {
        cwd: rootDir,
        env: {
          ...process.env,
          AWS_ENDPOINT_URL_DYNAMODB: local.runtime.urls.dynamodb,
          AWS_ENDPOINT_URL_SFN: local.runtime.urls.stepfunctions,
          TABLE_NAME: local.runtime.tableName,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk) => {
        output += chunk;
      });
      child.stderr.on("data", (chunk) => {
        output += chunk;
      });
      child.on("exit", (code) => resolve({ code, output }));
    });

  it("prints the same lists against the running system, and resumes a failed deletion", async () => {
    const { owner } = await failedDeletion();
    const listed = await run(["--kind", "deletions", "--limit", "100", "--json"]);
    expect(listed.code, listed.output).toBe(0);
    const page = JSON.parse(listed.output.trim().split("\n").at(-1) ?? "{}") as StuckPage;
    expect(page.kind).toBe("deletions");
    expect(page.items.find((item) => item.orgId === owner.orgId)).toMatchObject({
      status: "failed",
      failure: { step: "remove_members" },
    });
    const text = await run([]);
    expect(text.code, text.output).toBe(0);
    expect(text.output).toContain(`organization ${owner.orgId}`);
    expect(text.output).toMatch(/^removals: /m);

    const resumed = await run(["--resume", owner.orgId, "--json"]);
    expect(resumed.code, resumed.output).toBe(0);
    expect(JSON.parse(resumed.output.trim().split("\n").at(-1) ?? "{}")).toMatchObject({
      orgId: owner.orgId,
      status: "running",
      attempt: 2,
    });
    expect((await deletionEnds(owner, "succeeded")).attempt).toBe(2);
    const again = await run(["--resume", owner.orgId]);
    expect([again.code, again.output]).toEqual([1, expect.stringContaining("409 DELETION_NOT_FAILED")]);
  });
});
