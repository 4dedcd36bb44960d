import { describe, expect, it } from "vitest";
import { type SignedUp, signIn, signUp } from "#test/support/accounts";
import { asOperator, line, topUp } from "#test/support/billing";
import { organizationRecord, type Problem } from "#test/support/organizations";
import { call, eventually, mailsTo, useLocalRuntime } from "#test/support/runtime";

const local = useLocalRuntime();

const close = (account: SignedUp) =>
  call<Problem & { unmet?: Record<string, unknown>[] }>(local.api, "DELETE", "/v1/me", {
    token: account.token,
  });

const deletionRecord = async (orgId: string) => {
  const { OrganizationDeletion } = await import("#shared/deletion/entities");
  const { getItem } = await import("#shared/entity/reads");
  return getItem(OrganizationDeletion, { orgId }, { consistent: true });
};

const organizationItem = async (orgId: string) => {
  const { Organization } = await import("#shared/entities");
  const { getItem } = await import("#shared/entity/reads");
  return getItem(Organization, { orgId }, { consistent: true });
};

const deletionEnded = (orgId: string) =>
  eventually(
    async () => {
      const record = await deletionRecord(orgId);
      return record && record.status !== "running" ? record : undefined;
    },
    20_000,
    `the deletion of ${orgId} to end`,
  );

describe("closing an account that leaves an organization with no member", () => {
  it("R-A7 refuses with ORGANIZATION_NOT_EMPTY listing products, open invoices and the prepaid balance, and changes nothing", async () => {
    const account = await signUp(local.api, {
      order: { paymentMethod: "invoice", lines: [line("web_hosting")] },
    });
    await topUp(local, account, 5_000);
    const refused = await close(account);
    expect([refused.status, refused.body.code]).toEqual([409, "ORGANIZATION_NOT_EMPTY"]);
    const standing = refused.body.unmet?.map((item) => item.prerequisite);
    expect(standing).toEqual(["products", "openInvoices", "prepaidBalance"]);
    expect(refused.body.unmet).toContainEqual(
      expect.objectContaining({
        orgId: account.orgId,
        prerequisite: "prepaidBalance",
        amount: 5_000,
        currency: "CHF",
      }),
    );
    expect(refused.body.unmet).toContainEqual(
      expect.objectContaining({
        prerequisite: "products",
        count: 1,
        organizationName: account.organizationName,
      }),
    );
    // Nothing changed: the account signs in, the organization is active, no deletion was recorded.
    expect((await signIn(local.api, account.loginEmail)).status).toBe(201);
    expect((await organizationRecord(account.orgId))?.status).toBe("active");
    expect(await deletionRecord(account.orgId)).toBeUndefined();
  });

  it("R-A7 R-D7 deletes an empty organization through the deletion workflow: archived, confirmed by mail, never silently", async () => {
    const account = await signUp(local.api);
    expect((await close(account)).status).toBe(204);
    // The account is gone at once, the organization through the workflow.
    expect((await signIn(local.api, account.loginEmail)).status).toBe(401);
    const record = await deletionEnded(account.orgId);
    expect(record).toMatchObject({
      status: "succeeded",
      requestedThrough: "account-closure",
      requestedBy: account.userId,
    });
    expect(record.steps.archive_records?.status).toBe("succeeded");
    expect(record.steps.delete_organization?.status).toBe("succeeded");
    expect(await organizationItem(account.orgId)).toBeUndefined();
    const archive = await asOperator(local, "GET", `/v1/operator/archive/organizations/${account.orgId}`);
    expect(archive.status).toBe(200);
    expect(archive.body).toMatchObject({
      archive: { organization: expect.objectContaining({ name: account.organizationName }) },
    });
    await eventually(
      async () =>
        (await mailsTo(local.runtime, account.loginEmail)).find((mail) => /deleted/i.test(mail.subject)),
      10_000,
      "the deletion's confirmation",
    );
    const notice = await eventually(async () =>
      (await mailsTo(local.runtime, account.recoveryEmail)).find(
        (mail) => mail.subject === "Your account was closed",
      ),
    );
    expect(notice.body.text).toContain(account.organizationName);
  });

  it("R-A7 a deletion whose start a crash lost is started by the reconciler, nobody being left to ask again", async () => {
    const account = await signUp(local.api);
    // The closing's transaction as a crash would leave it: the account gone, the deletion
    // recorded, its execution never started.
    const { deletionAttempt } = await import("#shared/deletion/deletion");
    const { Organization, User } = await import("#shared/entities");
    const { getItem } = await import("#shared/entity/reads");
    const { transact } = await import("#shared/entity/transactions");
    const { deleteItem } = await import("#shared/entity/writes");
    const organization = await getItem(Organization, { orgId: account.orgId });
    const started = deletionAttempt({
      orgId: account.orgId,
      existing: undefined,
      organization,
      organizationName: account.organizationName,
      requester: { userId: account.userId, loginEmail: account.loginEmail },
      options: {
        terminateProducts: false,
        settleInvoices: false,
        removeMembers: false,
        emailPaidInvoices: true,
      },
      origin: {},
      requestedThrough: "account-closure",
    });
    await transact([deleteItem(User, { userId: account.userId }), ...started.actions]);

    const { reconcile } = await import("#shared/reconciler");
    const result = await reconcile({ stalledAfterSeconds: 0 });
    expect(result.deletions).toMatchObject({ marked: 1, resumed: 1 });
    const record = await deletionEnded(account.orgId);
    expect([record.status, record.attempt]).toEqual(["succeeded", 2]);
    expect(await organizationItem(account.orgId)).toBeUndefined();
  });
});
