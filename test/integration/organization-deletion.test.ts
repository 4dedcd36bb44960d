import { describe, expect, it } from "vitest";
import { type SignedUp, signIn, signUp, strongPassword } from "#test/support/accounts";
import { line, outcomesPerKey, placeOrder, prepaidAccount, topUp } from "#test/support/billing";
import { uploadLogo } from "#test/support/logos";
import {
  deletePartitionItems,
  giveData,
  joinAs,
  membershipOf,
  partitionKeys,
} from "#test/support/organizations";
import { call, eventually, mailsTo, useLocalRuntime } from "#test/support/runtime";

const local = useLocalRuntime();

const iban = "CH9300762011623852957";
type Problem = { code: string; unmet?: { prerequisite: string }[] };
type DeletionStatus = {
  orgId: string;
  status: "running" | "succeeded" | "failed";
  attempt: number;
  steps: { name: string; status: string; detail?: string }[];
  failure?: { step: string; reason: string };
};

const everything = (name: string) => ({
  confirmName: name,
  password: strongPassword,
  terminateProducts: true,
  settleInvoices: true,
  removeMembers: true,
  refundIban: iban,
  emailPaidInvoices: true,
});

const requestDeletion = (owner: SignedUp, body: unknown) =>
  call<DeletionStatus & Problem>(local.api, "POST", `/v1/organizations/${owner.orgId}/deletion`, {
    token: owner.token,
    body,
  });

const deletionStatus = (owner: SignedUp) =>
  call<DeletionStatus>(local.api, "GET", `/v1/organizations/${owner.orgId}/deletion`, { token: owner.token });

async function settled(owner: SignedUp, status: "succeeded" | "failed") {
  let last: unknown;
  try {
    return await eventually(
      async () => {
        const response = await deletionStatus(owner);
        last = response.body;
        return response.body.status === status ? response.body : undefined;
      },
      20_000,
      `deletion ${status}`,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last status: ${JSON.stringify(last)}`);
  }
}

/** An organization with products, two other members (one holding data), open invoices and a balance. */
async function busyOrganization() {
  const owner = await signUp(local.api);
  await topUp(local, owner, 100_000);
  const invoiced = await placeOrder(local, owner, {
    paymentMethod: "invoice",
    lines: [line("web_hosting", { name: "example.org" }), line("domain", { name: "example.org" })],
  });
  expect(invoiced.status).toBe(201);
  const prepaid = await placeOrder(local, owner, {
    paymentMethod: "prepaid",
    lines: [line("drive", { name: "Team drive" })],
  });
  expect(prepaid.status).toBe(201);
  const administrator = await joinAs(local, owner, owner.orgId, { role: "administrator" });
  const user = await joinAs(local, owner, owner.orgId, { role: "user" });
  await giveData(owner.orgId, user.userId, "drive");
  const { getItem } = await import("#shared/entity/reads");
  const { Organization } = await import("#shared/entities");
  const organization = await getItem(Organization, { orgId: owner.orgId });
  return { owner, administrator, user, organization: organization as NonNullable<typeof organization> };
}

describe("organization deletion", () => {
  it("R-D1 R-D3 refuses without the legal representative, the password, the exact name, or with unmet prerequisites", async () => {
    const { owner, administrator, organization } = await busyOrganization();
    const asAdministrator = await call<Problem>(
      local.api,
      "POST",
      `/v1/organizations/${owner.orgId}/deletion`,
      {
        token: administrator.token,
        body: everything(organization.name),
      },
    );
    expect([asAdministrator.status, asAdministrator.body.code]).toEqual([
      403,
      "LEGAL_REPRESENTATIVE_REQUIRED",
    ]);
    const wrongName = await requestDeletion(owner, {
      ...everything(organization.name),
      confirmName: "Someone Else",
    });
    expect([wrongName.status, wrongName.body.code]).toEqual([422, "CONFIRMATION_MISMATCH"]);
    const wrongPassword = await requestDeletion(owner, {
      ...everything(organization.name),
      password: "Wrong-Password-000",
    });
    expect([wrongPassword.status, wrongPassword.body.code]).toEqual([403, "INVALID_PASSWORD"]);
    const badIban = await requestDeletion(owner, {
      ...everything(organization.name),
      refundIban: "CH0000000000000000000",
    });
    expect([badIban.status, badIban.body.code]).toEqual([400, "VALIDATION_FAILED"]);
    const nothingChosen = await requestDeletion(owner, {
      confirmName: organization.name,
      password: strongPassword,
      terminateProducts: false,
      settleInvoices: false,
      removeMembers: false,
      emailPaidInvoices: false,
    });
    expect([nothingChosen.status, nothingChosen.body.code]).toEqual([409, "PREREQUISITES_NOT_MET"]);
    expect(nothingChosen.body.unmet?.map((item) => item.prerequisite).sort()).toEqual([
      "balance",
      "members",
      "products",
      "unpaidInvoices",
    ]);
    // Nothing was started or changed.
    expect((await deletionStatus(owner)).status).toBe(404);
    const { getItem } = await import("#shared/entity/reads");
    const { Organization } = await import("#shared/entities");
    expect((await getItem(Organization, { orgId: owner.orgId }))?.status).toBe("active");
  });

  it("R-D2 R-D4 R-D5 terminates, removes, settles, refunds once, mails the invoices, deletes and confirms", async () => {
    const { owner, administrator, user, organization } = await busyOrganization();
    const { recordingPayments } = await import("#shared/ports/payments");
    // Hold the payout a moment, so the organization is seen `deleting` meanwhile.
    await recordingPayments.planFaults(owner.orgId, { delayMs: 1500 });
    const before = await prepaidAccount(local, owner);
    const { queryAll } = await import("#shared/entity/reads");
    const { Invoice, invoicesOf } = await import("#shared/billing/entities");
    const open = (await queryAll(Invoice, invoicesOf(owner.orgId))).filter((item) => item.status === "open");
    expect(open.length).toBeGreaterThan(0);
    const openTotal = open.reduce((sum, invoice) => sum + invoice.amount, 0);

    const started = await requestDeletion(owner, everything(organization.name));
    expect(started.status).toBe(202);
    expect(started.body.status).toBe("running");
    expect(started.headers.get("location")).toBe(`/v1/organizations/${owner.orgId}/deletion`);
    // Deleting: nothing new may happen in it.
    const order = await placeOrder(local, owner, {
      paymentMethod: "invoice",
      lines: [line("domain", { name: "late.org" })],
    });
    expect([order.status, (order.body as unknown as Problem).code]).toEqual([409, "ORGANIZATION_DELETING"]);
    // A double click answers the running deletion and starts nothing new.
    const again = await requestDeletion(owner, everything(organization.name));
    expect([again.status, again.body.attempt]).toEqual([202, 1]);

    const done = await settled(owner, "succeeded");
    expect(done.steps.map((step) => [step.name, step.status])).toEqual([
      ["terminate_products", "succeeded"],
      ["remove_members", "succeeded"],
      ["settle_invoices", "succeeded"],
      ["refund_balance", "succeeded"],
      ["email_paid_invoices", "succeeded"],
      ["archive_records", "succeeded"],
      ["delete_organization", "succeeded"],
      ["send_confirmation", "succeeded"],
    ]);
    // Asked again once done (a retry that lost its answer): the finished deletion, as its status says.
    const after = await requestDeletion(owner, everything(organization.name));
    expect([after.status, after.body.status, after.body.attempt]).toEqual([202, "succeeded", 1]);

    // The organization is gone, every item of it.
    expect(
      (await call(local.api, "GET", `/v1/organizations/${owner.orgId}`, { token: owner.token })).status,
    ).toBe(404);
    const { dynamo, tableName } = await import("#shared/db");
    const { QueryCommand } = await import("@aws-sdk/lib-dynamodb");
    const left = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `ORG#${owner.orgId}` },
      }),
    );
    expect(left.Items).toEqual([]);
    // R-D4: every user account stays and signs in; the members no longer see the organization.
    for (const person of [owner, administrator, user]) {
      expect((await signIn(local.api, person.loginEmail)).status).toBe(201);
      const me = await call<{ organizations: { orgId: string }[] }>(local.api, "GET", "/v1/me", {
        token: person.token,
      });
      expect(me.body.organizations.map((item) => item.orgId)).not.toContain(owner.orgId);
    }
    // R-$3: one payout of what remained after the invoices paid from the balance.
    const calls = await recordingPayments.calls(owner.orgId);
    const payouts = calls.filter((item) => item.operation === "payout" && item.outcome === "executed");
    expect(payouts).toHaveLength(1);
    expect(payouts[0]?.amount).toBe(before.balance - openTotal);
    // The provider was asked once, with the deletion's own key.
    expect(outcomesPerKey(calls, "payout")).toEqual({
      [`withdrawal:organization-deletion-${owner.orgId}`]: ["executed"],
    });
    // R-M4: the member's data was deleted through the provisioning port, and the member told so.
    const removalMail = (await mailsTo(local.runtime, user.loginEmail)).find((mail) =>
      mail.subject.includes("removed"),
    );
    expect(removalMail?.body.text).toMatch(/drive files: 1 item deleted/);
    // Mails: the members are told, the paid invoices and the confirmation reach the requester (R-D5).
    const ownerMails = await mailsTo(local.runtime, owner.loginEmail);
    expect(ownerMails.some((mail) => /invoice/i.test(mail.subject))).toBe(true);
    expect(ownerMails.some((mail) => mail.subject.includes("was deleted"))).toBe(true);
    for (const member of [administrator, user]) {
      expect(
        (await mailsTo(local.runtime, member.loginEmail)).some((mail) => mail.subject.includes("removed")),
      ).toBe(true);
    }
  });

  it("R-D6 R-$3 retries a refund that fails once, and pays out once", async () => {
    const owner = await signUp(local.api);
    await topUp(local, owner, 20_000);
    const { recordingPayments } = await import("#shared/ports/payments");
    await recordingPayments.planFaults(owner.orgId, { payout: 1 });
    const started = await requestDeletion(owner, everything(owner.organizationName));
    expect(started.status).toBe(202);
    await settled(owner, "succeeded");
    const payouts = (await recordingPayments.calls(owner.orgId)).filter(
      (item) => item.operation === "payout",
    );
    expect(payouts.map((item) => item.outcome)).toEqual(["failed", "executed"]);
    expect(payouts[1]?.amount).toBe(20_000);
    expect(Object.values(outcomesPerKey(payouts, "payout"))).toEqual([["failed", "executed"]]);
  });

  it("R-D6 R-$3 leaves a failed deletion stated and retryable; the new request completes with one payout in total", async () => {
    const owner = await signUp(local.api);
    await topUp(local, owner, 30_000);
    const { recordingPayments } = await import("#shared/ports/payments");
    await recordingPayments.planFaults(owner.orgId, { payout: "always" });
    expect((await requestDeletion(owner, everything(owner.organizationName))).status).toBe(202);
    const failed = await settled(owner, "failed");
    expect(failed.failure?.step).toBe("refund_balance");
    // AWS's JSON cause of the failing task, parsed: a readable reason, never a stack trace.
    expect(failed.failure?.reason).toMatch(/^TransientError: /);
    expect(failed.failure?.reason).not.toMatch(/\n|\s+at\s|"trace"|errorType|errorMessage/);
    expect(failed.steps.find((step) => step.name === "refund_balance")).toMatchObject({ status: "failed" });
    expect(failed.steps.find((step) => step.name === "delete_organization")?.status).toBe("pending");
    const { getItem } = await import("#shared/entity/reads");
    const { Organization } = await import("#shared/entities");
    expect((await getItem(Organization, { orgId: owner.orgId }))?.status).toBe("deletion_failed");
    // The balance was debited once, into a withdrawal that waits for its payout.
    expect((await prepaidAccount(local, owner)).balance).toBe(0);

    await recordingPayments.clearFaults(owner.orgId);
    const retried = await requestDeletion(owner, everything(owner.organizationName));
    expect([retried.status, retried.body.attempt]).toEqual([202, 2]);
    await settled(owner, "succeeded");
    const calls = await recordingPayments.calls(owner.orgId);
    const executed = calls.filter((item) => item.operation === "payout" && item.outcome === "executed");
    expect(executed).toHaveLength(1);
    expect(executed[0]?.amount).toBe(30_000);
    // Every attempt asked the provider with the same key: money moved once, and a call after it
    // (the payout done but not yet recorded when the attempt stopped) was deduplicated.
    const outcomes = Object.values(outcomesPerKey(calls, "payout"));
    expect(outcomes).toHaveLength(1);
    const executedAt = outcomes[0]?.indexOf("executed") ?? -1;
    expect(outcomes[0]?.filter((outcome) => outcome === "executed")).toHaveLength(1);
    expect(outcomes[0]?.slice(executedAt + 1).every((outcome) => outcome === "deduplicated")).toBe(true);
  });

  it("R-D6 R-$3 resumes after a crash in the refund step without paying out twice", async () => {
    const owner = await signUp(local.api);
    await topUp(local, owner, 12_300);
    const { recordingPayments } = await import("#shared/ports/payments");
    // The payout takes a while, so the execution can be cut off while the refund is under way.
    await recordingPayments.planFaults(owner.orgId, { delayMs: 1500 });
    expect((await requestDeletion(owner, everything(owner.organizationName))).status).toBe(202);
    await eventually(async () => {
      const response = await deletionStatus(owner);
      const refund = response.body.steps?.find((step) => step.name === "refund_balance");
      return refund?.status === "running" ? refund : undefined;
    });
    // The crash: the execution stops mid-step; no Catch runs, the task's work goes on unseen.
    const { SFNClient, StopExecutionCommand, DescribeExecutionCommand } = await import("@aws-sdk/client-sfn");
    const { OrganizationDeletion } = await import("#shared/deletion/entities");
    const { getItem } = await import("#shared/entity/reads");
    const record = await getItem(OrganizationDeletion, { orgId: owner.orgId });
    const executionArn = record?.executionArn as string;
    const sfn = new SFNClient({});
    await sfn.send(
      new StopExecutionCommand({ executionArn, error: "Crash", cause: "the runtime went away" }),
    );
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe("ABORTED");
    // Stated, not silently half-deleted: still `running` on record, the organization `deleting`.
    expect((await deletionStatus(owner)).body.status).toBe("running");
    const { Organization } = await import("#shared/entities");
    expect((await getItem(Organization, { orgId: owner.orgId }))?.status).toBe("deleting");

    const resumed = await requestDeletion(owner, everything(owner.organizationName));
    expect([resumed.status, resumed.body.attempt]).toEqual([202, 2]);
    await settled(owner, "succeeded");
    const calls = await recordingPayments.calls(owner.orgId);
    const executed = calls.filter((item) => item.operation === "payout" && item.outcome === "executed");
    expect(executed).toHaveLength(1);
    expect(executed[0]?.amount).toBe(12_300);
    // Every attempt asked the provider with the same key: money moved once, and a call after it
    // (the payout done but not yet recorded when the attempt stopped) was deduplicated.
    const outcomes = Object.values(outcomesPerKey(calls, "payout"));
    expect(outcomes).toHaveLength(1);
    const executedAt = outcomes[0]?.indexOf("executed") ?? -1;
    expect(outcomes[0]?.filter((outcome) => outcome === "executed")).toHaveLength(1);
    expect(outcomes[0]?.slice(executedAt + 1).every((outcome) => outcome === "deduplicated")).toBe(true);
  });

  it("R-D6 leaves nothing of the organization behind: its logo goes with it", async () => {
    const owner = await signUp(local.api);
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from("IHDR"),
    ]);
    expect(await uploadLogo(local.api, owner.token, owner.orgId, "image/png", png)).toMatchObject({
      status: "accepted",
    });
    const { getItem } = await import("#shared/entity/reads");
    const { Organization } = await import("#shared/entities");
    const logoKey = (await getItem(Organization, { orgId: owner.orgId }))?.logoKey as string;
    const { S3Client, HeadObjectCommand } = await import("@aws-sdk/client-s3");
    const s3 = new S3Client({ forcePathStyle: true });
    const logo = { Bucket: process.env.LOGO_BUCKET, Key: logoKey };
    expect((await s3.send(new HeadObjectCommand(logo))).ContentLength).toBe(png.length);

    expect((await requestDeletion(owner, everything(owner.organizationName))).status).toBe(202);
    await settled(owner, "succeeded");
    await expect(s3.send(new HeadObjectCommand(logo))).rejects.toMatchObject({ name: "NotFound" });
  });

  /**
   * A deletion cut off in its remove_members step: the member's data deletion is held (the
   * provisioning port waits), the execution stopped (a crash: no Catch runs), then the held task
   * goes on to its end unseen. The record says `running`, attempt 1.
   */
  async function stoppedDeletion() {
    const owner = await signUp(local.api);
    const user = await joinAs(local, owner, owner.orgId, { role: "user" });
    await giveData(owner.orgId, user.userId, "drive");
    const { recordingProvisioning } = await import("#shared/ports/provisioning");
    await recordingProvisioning.hold(owner.orgId, "deleteMemberData");
    expect((await requestDeletion(owner, everything(owner.organizationName))).status).toBe(202);
    await eventually(async () => {
      const response = await deletionStatus(owner);
      return response.body.steps?.find((step) => step.name === "remove_members")?.status === "running"
        ? true
        : undefined;
    });
    const { SFNClient, StopExecutionCommand, DescribeExecutionCommand } = await import("@aws-sdk/client-sfn");
    const { OrganizationDeletion } = await import("#shared/deletion/entities");
    const { getItem } = await import("#shared/entity/reads");
    const executionArn = (await getItem(OrganizationDeletion, { orgId: owner.orgId }))
      ?.executionArn as string;
    const sfn = new SFNClient({});
    await sfn.send(
      new StopExecutionCommand({ executionArn, error: "Crash", cause: "the runtime went away" }),
    );
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe("ABORTED");
    return { owner, user, release: () => recordingProvisioning.release(owner.orgId, "deleteMemberData") };
  }

  async function finishedStep(owner: SignedUp, name: string) {
    return eventually(async () => {
      const step = (await deletionStatus(owner)).body.steps?.find((candidate) => candidate.name === name);
      return step?.status === "succeeded" ? step : undefined;
    });
  }

  const mailsAbout = async (email: string, subject: string) =>
    (await mailsTo(local.runtime, email)).filter((mail) => mail.subject.includes(subject));

  it("R-D6 R-D5 resumes a deletion stopped after the owner's membership went: the record authorizes the owner, the new request completes and confirms", async () => {
    const { owner, user, release } = await stoppedDeletion();
    await release();
    await finishedStep(owner, "remove_members");
    // What the former page deletion left when cut off: everything gone but the profile, the
    // owner's membership with the rest.
    await deletePartitionItems(owner.orgId, ["PROFILE"]);
    expect(await partitionKeys(owner.orgId)).toEqual(["PROFILE"]);
    expect(await membershipOf(owner.orgId, owner.userId)).toBeNull();
    // The organization is no longer the owner's to read, but the deletion is: its record says whose.
    expect(
      (await call(local.api, "GET", `/v1/organizations/${owner.orgId}`, { token: owner.token })).status,
    ).toBe(404);
    const stalled = await deletionStatus(owner);
    expect([stalled.status, stalled.body.status, stalled.body.attempt]).toEqual([200, "running", 1]);
    // Still the password and the name, checked against the user item and the record.
    const wrongPassword = await requestDeletion(owner, {
      ...everything(owner.organizationName),
      password: "Wrong-Password-000",
    });
    expect([wrongPassword.status, wrongPassword.body.code]).toEqual([403, "INVALID_PASSWORD"]);
    const wrongName = await requestDeletion(owner, {
      ...everything(owner.organizationName),
      confirmName: "Other",
    });
    expect([wrongName.status, wrongName.body.code]).toEqual([422, "CONFIRMATION_MISMATCH"]);
    // Someone else gets nothing from the record.
    const stranger = await signUp(local.api);
    const byStranger = await call(local.api, "GET", `/v1/organizations/${owner.orgId}/deletion`, {
      token: stranger.token,
    });
    expect(byStranger.status).toBe(404);

    const resumed = await requestDeletion(owner, everything(owner.organizationName));
    expect([resumed.status, resumed.body.status, resumed.body.attempt]).toEqual([202, "running", 2]);
    const done = await settled(owner, "succeeded");
    expect(done.steps.map((step) => [step.name, step.status])).toEqual([
      ["terminate_products", "succeeded"],
      ["remove_members", "succeeded"],
      ["settle_invoices", "skipped"],
      ["refund_balance", "skipped"],
      ["email_paid_invoices", "succeeded"],
      ["archive_records", "succeeded"],
      ["delete_organization", "succeeded"],
      ["send_confirmation", "succeeded"],
    ]);
    expect(await partitionKeys(owner.orgId)).toEqual([]);
    expect(await mailsAbout(owner.loginEmail, "was deleted")).toHaveLength(1);
    // The member was removed (and told) once, by the attempt that was cut off.
    expect(await mailsAbout(user.loginEmail, "removed")).toHaveLength(1);
    expect((await signIn(local.api, user.loginEmail)).status).toBe(201);
  });

  it("R-D6 R-D5 finishes a deletion whose organization is already gone while its record says running: each step skipped with a detail, the confirmation mailed from the record", async () => {
    const { owner, release } = await stoppedDeletion();
    await release();
    await finishedStep(owner, "remove_members");
    // Cut off once the organization was gone and before the confirmation.
    await deletePartitionItems(owner.orgId);
    expect(await partitionKeys(owner.orgId)).toEqual([]);
    expect((await deletionStatus(owner)).body.status).toBe("running");

    const resumed = await requestDeletion(owner, everything(owner.organizationName));
    expect([resumed.status, resumed.body.attempt]).toEqual([202, 2]);
    const done = await settled(owner, "succeeded");
    const steps = Object.fromEntries(done.steps.map((step) => [step.name, step]));
    // Finished in the first attempt: kept as they were.
    expect(steps.terminate_products?.status).toBe("succeeded");
    expect(steps.remove_members?.status).toBe("succeeded");
    for (const name of ["settle_invoices", "refund_balance", "email_paid_invoices", "archive_records"]) {
      expect(steps[name]).toMatchObject({ status: "skipped", detail: expect.stringMatching(/already gone/) });
    }
    expect(steps.delete_organization).toMatchObject({
      status: "succeeded",
      detail: expect.stringMatching(/already gone/),
    });
    expect(steps.send_confirmation?.status).toBe("succeeded");
    expect(await mailsAbout(owner.loginEmail, "was deleted")).toHaveLength(1);
    // Nothing was written back into the organization's partition (the request's audit entry
    // went to the owner's own log).
    expect(await partitionKeys(owner.orgId)).toEqual([]);
    // Asked again: the finished deletion's status (issue 27: no longer a 404 beside a status
    // that says succeeded), and still nothing written back.
    const again = await requestDeletion(owner, everything(owner.organizationName));
    expect([again.status, again.body.status]).toEqual([202, "succeeded"]);
    expect(await partitionKeys(owner.orgId)).toEqual([]);
  });

  it("R-D6 reconcileStalledDeletions marks a stopped deletion failed: the step and a readable reason, the organization deletion_failed, an audit entry; the owner resumes it", async () => {
    const { owner, release } = await stoppedDeletion();
    const { reconcileStalledDeletions } = await import("#shared/deletion/reconcile");

    const result = await reconcileStalledDeletions({ olderThanSeconds: 0 });
    expect(result.found).toBeGreaterThanOrEqual(1);
    expect(result.marked).toBeGreaterThanOrEqual(1);
    const failed = (await deletionStatus(owner)).body;
    expect(failed.status).toBe("failed");
    expect(failed.failure?.step).toBe("remove_members");
    expect(failed.failure?.reason).toMatch(/^WorkflowEnded: .*\(ABORTED\)/);
    expect(failed.steps.find((step) => step.name === "remove_members")?.status).toBe("failed");
    const { getItem, queryAll } = await import("#shared/entity/reads");
    const { Organization } = await import("#shared/entities");
    expect((await getItem(Organization, { orgId: owner.orgId }))?.status).toBe("deletion_failed");
    const { dynamo, tableName } = await import("#shared/db");
    const { QueryCommand } = await import("@aws-sdk/lib-dynamodb");
    const audit = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :audit)",
        ExpressionAttributeValues: { ":pk": `ORG#${owner.orgId}`, ":audit": "AUDIT#" },
      }),
    );
    expect(audit.Items?.filter((entry) => entry.action === "organization.deletion_failed")).toHaveLength(1);
    // Listed among the failed ones for operators, no longer among the running ones.
    const { OrganizationDeletion, deletionsIn } = await import("#shared/deletion/entities");
    const now = new Date().toISOString();
    expect(
      (await queryAll(OrganizationDeletion, deletionsIn("running", now))).map((item) => item.orgId),
    ).not.toContain(owner.orgId);
    expect(
      (await queryAll(OrganizationDeletion, deletionsIn("failed", now))).map((item) => item.orgId),
    ).toContain(owner.orgId);

    await release();
    await finishedStep(owner, "remove_members");
    const resumed = await requestDeletion(owner, everything(owner.organizationName));
    expect([resumed.status, resumed.body.attempt]).toEqual([202, 2]);
    await settled(owner, "succeeded");
    expect(await mailsAbout(owner.loginEmail, "was deleted")).toHaveLength(1);
  });
});
