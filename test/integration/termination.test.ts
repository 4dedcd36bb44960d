import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import { beforeAll, describe, expect, it } from "vitest";
import { type SignedUp, signUp, uniqueEmail } from "#test/support/accounts";
import { call, eventually, mailsTo, useLocalRuntime } from "#test/support/runtime";
import {
  addMember,
  addOpenInvoice,
  addProduct,
  confirmationMails,
  confirmTermination,
  holdDeprovision,
  listBackups,
  partitionItems,
  productReaches,
  readOrganization,
  readProduct,
  readTermination,
  releaseDeprovision,
  requestAndReadLink,
  requestTermination,
  terminatedNotices,
  terminationStatus,
} from "#test/support/termination";

const local = useLocalRuntime();

let owner: SignedUp;
let orgId: string;

beforeAll(async () => {
  owner = await signUp(local.api, { loginEmail: uniqueEmail("owner"), firstName: "Olive" });
  orgId = owner.orgId;
});

const sfn = () =>
  new SFNClient({
    endpoint: local.runtime.urls.stepfunctions,
    region: "eu-central-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });

async function terminationExecutions(productId: string) {
  const { executions = [] } = await sfn().send(
    new ListExecutionsCommand({ stateMachineArn: local.runtime.stateMachineArn("product-termination") }),
  );
  return executions.filter((execution) => execution.name?.includes(productId));
}

describe("termination request (R-T2)", () => {
  it("R-T2 mails a single-use link to the requester and changes nothing else without confirmation", async () => {
    const { productId, backupIds } = await addProduct(orgId, { backups: 2 });
    const countBefore = (await readOrganization(orgId)).productCount;

    const response = await requestTermination(local, owner, orgId, productId);

    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ status: "confirmation_sent", sentTo: owner.loginEmail });
    const links = await confirmationMails(local, owner.loginEmail);
    expect(links.at(-1)?.body.text).toMatch(/confirm-termination\?token=[A-Za-z0-9_-]{20,}/);
    // Nothing is terminated and no data is deleted until the link is used.
    expect((await readProduct(orgId, productId)).status).toBe("active");
    expect((await readOrganization(orgId)).productCount).toBe(countBefore);
    const backups = await listBackups(local, owner, orgId, productId);
    expect(backups.status).toBe(200);
    expect(
      backups.body.backups.map((backup) => [backup.backupId, backup.status, backup.purgeAt]).sort(),
    ).toEqual(backupIds.map((backupId) => [backupId, "available", null]).sort());
    expect(await terminationExecutions(productId)).toEqual([]);
    const status = await terminationStatus(local, owner, orgId, productId);
    expect(status.body).toMatchObject({
      status: "awaiting_confirmation",
      productStatus: "active",
      steps: [],
    });
  });

  it("R-T2 refuses an expired link with 410 and terminates nothing", async () => {
    const { productId } = await addProduct(orgId);
    const token = await requestAndReadLink(local, owner, orgId, productId);
    const { updateItem, write } = await import("#shared/entity/writes");
    const { EmailToken } = await import("#shared/entities");
    const { hashToken } = await import("#shared/tokens");
    await write(
      updateItem(
        EmailToken,
        { tokenHash: hashToken(token) },
        { set: { expiresAt: Math.floor(Date.now() / 1000) - 1 } },
      ),
    );

    const { Termination } = await import("#shared/termination/entities");
    await write(
      updateItem(
        Termination,
        { orgId, productId },
        { set: { linkExpiresAt: Math.floor(Date.now() / 1000) - 1 } },
      ),
    );

    const response = await confirmTermination(local, token);

    expect(response.status).toBe(410);
    expect(response.body.code).toBe("TOKEN_EXPIRED_OR_USED");
    expect((await readProduct(orgId, productId)).status).toBe("active");
    expect(await terminationExecutions(productId)).toEqual([]);
    const status = await terminationStatus(local, owner, orgId, productId);
    expect(status.body).toMatchObject({ status: "confirmation_expired", productStatus: "active" });
  });

  it("R-T2 a second request replaces the first link: the first one answers 410", async () => {
    const { productId } = await addProduct(orgId);
    const first = await requestAndReadLink(local, owner, orgId, productId);
    const second = await requestAndReadLink(local, owner, orgId, productId);
    expect(second).not.toBe(first);

    const withFirst = await confirmTermination(local, first);
    expect(withFirst.status).toBe(410);
    expect(withFirst.body.code).toBe("TOKEN_EXPIRED_OR_USED");
    expect((await readProduct(orgId, productId)).status).toBe("active");

    const withSecond = await confirmTermination(local, second);
    expect(withSecond.status).toBe(202);
    await eventually(async () =>
      (await readProduct(orgId, productId)).status === "terminated" ? true : undefined,
    );
  });

  it("refuses a token that is not a termination token, and unknown fields, without starting anything", async () => {
    const unknown = await confirmTermination(local, "x".repeat(43));
    expect(unknown.status).toBe(410);
    const extra = await call(local.api, "POST", "/v1/terminations/confirm", {
      body: { token: "x".repeat(43), productId: "p" },
    });
    expect(extra.status).toBe(400);
    expect(extra.body).toMatchObject({ code: "VALIDATION_FAILED" });
  });
});

describe("who may ask (R-M5)", () => {
  it("R-M5 a user with access to the product may ask; a user without it gets 403 PRODUCT_ACCESS_REQUIRED", async () => {
    const { productId } = await addProduct(orgId);
    const { productId: otherProductId } = await addProduct(orgId);
    const user = await addMember(local, orgId, "user", [productId]);

    const allowed = await requestTermination(local, user, orgId, productId);
    expect(allowed.status).toBe(202);
    expect((await confirmationMails(local, user.loginEmail)).length).toBe(1);

    const refused = await requestTermination(local, user, orgId, otherProductId);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("PRODUCT_ACCESS_REQUIRED");
    const backups = await listBackups(local, user, orgId, otherProductId);
    expect(backups.status).toBe(403);
    expect(backups.body.code).toBe("PRODUCT_ACCESS_REQUIRED");
  });

  it("R-M5 R-O7 someone outside the organization gets 404, and an unknown product 404", async () => {
    const { productId } = await addProduct(orgId);
    const stranger = await signUp(local.api, { loginEmail: uniqueEmail("stranger") });
    const outside = await requestTermination(local, stranger, orgId, productId);
    expect(outside.status).toBe(404);
    const strangerBackups = await listBackups(local, stranger, orgId, productId);
    expect(strangerBackups.status).toBe(404);
    const missing = await requestTermination(local, owner, orgId, "prd-unknown");
    expect(missing.status).toBe(404);
    expect((await confirmationMails(local, stranger.loginEmail)).length).toBe(0);
  });

  it("refuses with 409 ORGANIZATION_DELETING while the organization is being deleted", async () => {
    const other = await signUp(local.api, { loginEmail: uniqueEmail("deleting") });
    const { productId } = await addProduct(other.orgId);
    const { updateItem, write } = await import("#shared/entity/writes");
    const { Organization } = await import("#shared/entities");
    await write(updateItem(Organization, { orgId: other.orgId }, { set: { status: "deleting" } }));
    const response = await requestTermination(local, other, other.orgId, productId);
    expect(response.status).toBe(409);
    expect(response.body.code).toBe("ORGANIZATION_DELETING");
  });
});

describe("a confirmed termination, end to end", () => {
  it("R-T2 R-T3 R-T4 R-T5 terminates the product, schedules its backups' purge, keeps invoices and tells the administrators", async () => {
    const administrator = await addMember(local, orgId, "administrator");
    const coOwner = await addMember(local, orgId, "legal_representative");
    const plainUser = await addMember(local, orgId, "user");
    const { productId, backupIds } = await addProduct(orgId, { name: "shop.example.org", backups: 2 });
    await addOpenInvoice(orgId, productId);
    const invoicesBefore = await partitionItems(orgId, "INVOICE#");
    expect(invoicesBefore.some((invoice) => invoice.status === "open")).toBe(true);
    const countBefore = (await readOrganization(orgId)).productCount;

    const token = await requestAndReadLink(local, owner, orgId, productId);
    // A double click: both answers are the same execution.
    const [first, second] = await Promise.all([
      confirmTermination(local, token),
      confirmTermination(local, token),
    ]);
    expect(first.status).toBe(202);
    expect(first.body.statusUrl).toBe(`/v1/organizations/${orgId}/products/${productId}/termination`);
    expect(first.headers.get("location")).toBe(first.body.statusUrl);
    expect([202, 410]).toContain(second.status);

    const done = await eventually(async () => {
      const status = await terminationStatus(local, owner, orgId, productId);
      return status.body.status === "succeeded" ? status.body : undefined;
    });
    expect(done.productStatus).toBe("terminated");
    expect(done.steps.map((step) => [step.name, step.status])).toEqual([
      ["MarkTerminating", "succeeded"],
      ["Deprovision", "succeeded"],
      ["ScheduleBackupPurge", "succeeded"],
      ["MarkTerminated", "succeeded"],
      ["NotifyAdministrators", "succeeded"],
    ]);
    const executions = await terminationExecutions(productId);
    expect(executions).toHaveLength(1);
    const execution = await sfn().send(
      new DescribeExecutionCommand({ executionArn: executions[0]?.executionArn }),
    );
    expect(execution.status).toBe("SUCCEEDED");

    // The product is terminated and counted out of the organization, once.
    const product = await readProduct(orgId, productId);
    expect(product.status).toBe("terminated");
    expect(product.terminatedAt).toBeDefined();
    expect((await readOrganization(orgId)).productCount).toBe(countBefore - 1);

    // R-T5: its backups are marked for irreparable deletion, with their purge date.
    const backups = await listBackups(local, owner, orgId, productId);
    expect(backups.body.productStatus).toBe("terminated");
    expect(backups.body.backups.map((backup) => backup.backupId).sort()).toEqual([...backupIds].sort());
    for (const backup of backups.body.backups) {
      expect(backup.status).toBe("purge_scheduled");
      expect(backup.purgeAt).toBe(done.backupPurgeAt);
    }

    // R-T3: open and out-of-package charges stay as they were.
    expect(await partitionItems(orgId, "INVOICE#")).toEqual(invoicesBefore);

    // R-T4: the other administrators and legal representatives are told; a plain user is not.
    for (const person of [administrator, coOwner, owner]) {
      const notices = await eventually(async () => {
        const mails = await terminatedNotices(local, person.loginEmail, "shop.example.org");
        return mails.length ? mails : undefined;
      });
      expect(notices).toHaveLength(1);
      expect(notices[0]?.body.text).toContain("Olive Lovelace");
    }
    expect(await terminatedNotices(local, plainUser.loginEmail)).toEqual([]);
    expect(await mailsTo(local.runtime, plainUser.loginEmail)).toHaveLength(1); // the welcome mail only

    // The link was used: replaying it answers 410, and the product cannot be asked again.
    const replay = await confirmTermination(local, token);
    expect(replay.status).toBe(410);
    expect(replay.body.code).toBe("TOKEN_EXPIRED_OR_USED");
    const again = await requestTermination(local, owner, orgId, productId);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("PRODUCT_NOT_ACTIVE");
    expect(await terminationExecutions(productId)).toHaveLength(1);
  });
});

/**
 * Confirms a termination of the product with its Deprovision task held (the provisioning port
 * waits), and stops the execution once that task runs: a crash, no Catch runs. The product is
 * left `terminating` and the Termination `running`.
 */
async function stoppedTermination(productId: string) {
  await holdDeprovision(productId);
  const token = await requestAndReadLink(local, owner, orgId, productId);
  expect((await confirmTermination(local, token)).status).toBe(202);
  const execution = await eventually(async () => (await terminationExecutions(productId))[0]);
  const executionArn = execution.executionArn as string;
  await eventually(
    async () => {
      const { events = [] } = await sfn().send(
        new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }),
      );
      const entered = events.findIndex(
        (event) =>
          event.type === "TaskStateEntered" && event.stateEnteredEventDetails?.name === "Deprovision",
      );
      return entered >= 0 && events.slice(entered).some((event) => event.type === "LambdaFunctionStarted")
        ? true
        : undefined;
    },
    10_000,
    "the Deprovision task to start",
  );
  await sfn().send(
    new StopExecutionCommand({ executionArn, error: "Crash", cause: "the runtime went away" }),
  );
  expect((await sfn().send(new DescribeExecutionCommand({ executionArn }))).status).toBe("ABORTED");
  expect((await readProduct(orgId, productId)).status).toBe("terminating");
  expect((await readTermination(orgId, productId)).status).toBe("running");
  return { token, executionArn };
}

describe("a termination whose execution ended without its Catch (R-T2)", () => {
  it("R-T2 can be asked again once its execution was stopped: recorded failed as the Catch would, then a new confirmed request completes as a new execution, finished steps skipped", async () => {
    const { productId, backupIds } = await addProduct(orgId, { name: "stopped.example.org", backups: 1 });
    const countBefore = (await readOrganization(orgId)).productCount;
    const { token: first, executionArn } = await stoppedTermination(productId);
    // The task that was running goes on to its end unseen: the product is deprovisioned.
    await releaseDeprovision(productId);
    await eventually(async () =>
      (await readTermination(orgId, productId)).deprovisionedAt ? true : undefined,
    );

    const again = await requestTermination(local, owner, orgId, productId);
    expect([again.status, again.body.status]).toEqual([202, "confirmation_sent"]);
    // Recorded as the workflow's Catch would have: the product `termination_failed`, the step it
    // stopped at and a readable reason.
    const product = await readProduct(orgId, productId);
    expect(product.status).toBe("termination_failed");
    expect(product.failure).toMatchObject({ step: "ScheduleBackupPurge" });
    expect(product.failure?.reason).toMatch(/^WorkflowEnded: .*\(ABORTED\)/);
    const audit = await partitionItems(orgId, "AUDIT#");
    expect(
      audit.some(
        (entry) => entry.action === "product.termination_failed" && entry.details?.productId === productId,
      ),
    ).toBe(true);
    // The new request replaced the old link.
    expect((await confirmTermination(local, first)).status).toBe(410);

    const second = await requestAndReadLink(local, owner, orgId, productId);
    expect((await confirmTermination(local, second)).status).toBe(202);
    const done = await eventually(async () => {
      const status = await terminationStatus(local, owner, orgId, productId);
      return status.body.status === "succeeded" ? status.body : undefined;
    });
    expect(done.productStatus).toBe("terminated");
    expect(done.steps.every((step) => step.status === "succeeded")).toBe(true);
    // A new execution under a new name; the deprovisioning done by the stopped one is not asked again.
    const executions = await terminationExecutions(productId);
    expect(executions).toHaveLength(2);
    expect(new Set(executions.map((execution) => execution.name)).size).toBe(2);
    const latest = executions.find((execution) => execution.executionArn !== executionArn);
    expect(
      (await sfn().send(new DescribeExecutionCommand({ executionArn: latest?.executionArn }))).status,
    ).toBe("SUCCEEDED");
    const { recordingProductProvisioning } = await import("#shared/ports/product-provisioning");
    expect((await recordingProductProvisioning.calls(productId)).map((call) => call.outcome)).toEqual([
      "succeeded",
    ]);
    expect((await readOrganization(orgId)).productCount).toBe(countBefore - 1);
    const backups = await listBackups(local, owner, orgId, productId);
    expect(backups.body.backups.map((backup) => [backup.backupId, backup.status])).toEqual(
      backupIds.map((backupId) => [backupId, "purge_scheduled"]),
    );
  });

  it("R-T2 reconcileStalledTerminations marks a stopped termination failed: the product termination_failed, a readable reason, an audit entry", async () => {
    const { productId } = await addProduct(orgId, { name: "stalled.example.org" });
    await stoppedTermination(productId);
    const { reconcileStalledTerminations } = await import("#shared/termination/reconcile");

    const result = await reconcileStalledTerminations({ olderThanSeconds: 0 });
    expect(result.found).toBeGreaterThanOrEqual(1);
    expect(result.marked).toBeGreaterThanOrEqual(1);
    const product = await productReaches(orgId, productId, ["termination_failed"]);
    expect(product.failure).toMatchObject({ step: "Deprovision" });
    expect(product.failure?.reason).toMatch(/^WorkflowEnded: .*\(ABORTED\)/);
    const status = await terminationStatus(local, owner, orgId, productId);
    expect(status.body).toMatchObject({ status: "failed", failure: { step: "Deprovision" } });
    const audit = await partitionItems(orgId, "AUDIT#");
    expect(
      audit.filter(
        (entry) => entry.action === "product.termination_failed" && entry.details?.productId === productId,
      ),
    ).toHaveLength(1);
    // Once failed, it is no longer running: a second run finds nothing more of it.
    const { Termination, terminationsIn } = await import("#shared/termination/entities");
    const { queryAll } = await import("#shared/entity/reads");
    const running = await queryAll(Termination, terminationsIn("running", new Date().toISOString()));
    expect(running.some((termination) => termination.productId === productId)).toBe(false);
    const failed = await queryAll(Termination, terminationsIn("failed", new Date().toISOString()));
    expect(failed.some((termination) => termination.productId === productId)).toBe(true);
    await reconcileStalledTerminations({ olderThanSeconds: 0 });
    expect(
      (await partitionItems(orgId, "AUDIT#")).filter(
        (entry) => entry.details?.productId === productId && entry.action === "product.termination_failed",
      ),
    ).toHaveLength(1);
    await releaseDeprovision(productId);
  });
});
