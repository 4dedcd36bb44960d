import { describe, expect, it } from "vitest";
import { signUp, strongPassword, uniqueEmail } from "#test/support/accounts";
import {
  createProduct,
  giveData,
  invitationCount,
  invitationToken,
  invite,
  joinAs,
  membershipOf,
  organizationRecord,
  type Problem,
} from "#test/support/organizations";
import { call, eventually, mailsTo, useLocalRuntime } from "#test/support/runtime";

const local = useLocalRuntime();

interface Member {
  userId: string;
  role: string;
  billingRights: boolean;
  productIds: string[];
  loginEmail: string;
}

const members = async (token: string, orgId: string) =>
  (await call<{ members: Member[] }>(local.api, "GET", `/v1/organizations/${orgId}/members`, { token })).body
    .members;

const changeMember = (token: string, orgId: string, userId: string, body: unknown) =>
  call<Member & Problem>(local.api, "PATCH", `/v1/organizations/${orgId}/members/${userId}`, { token, body });

const remove = (token: string, orgId: string, userId: string, body: Record<string, unknown> = {}) =>
  call<Record<string, unknown> & Problem>(
    local.api,
    "POST",
    `/v1/organizations/${orgId}/members/${userId}/removals`,
    {
      token,
      body: { password: strongPassword, confirm: true, ...body },
    },
  );

const accept = (token: string, invitation: string) =>
  call<Record<string, unknown> & Problem>(local.api, "POST", "/v1/invitations/accept", {
    token,
    body: { token: invitation },
  });

interface Removal {
  removalId: string;
  status: string;
  statusUrl: string;
  steps: { name: string; status: string }[];
  decisions: { kind: string; action: string; status: string; items?: number }[];
  failure?: { step: string; reason: string };
}

const removalDone = (token: string, statusUrl: string) =>
  eventually(
    async () => {
      const response = await call<Removal>(local.api, "GET", statusUrl, { token });
      return response.body.status === "running" ? undefined : response.body;
    },
    10_000,
    "the removal to end",
  );

describe("invitations", () => {
  it("R-M1 invites by email with role, billing rights and product access; the signed-in invitee joins once", async () => {
    const ada = await signUp(local.api);
    const product = await createProduct(ada.orgId, "shop.example");
    const bob = await signUp(local.api);
    const seen = await invitationCount(local, bob.loginEmail);
    const invited = await invite(local, ada, ada.orgId, {
      email: bob.loginEmail.toUpperCase(),
      role: "user",
      billingRights: true,
      productIds: [product.productId],
    });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email: bob.loginEmail, role: "user", status: "pending" });
    const token = await invitationToken(local, bob.loginEmail, seen);
    const mail = (await mailsTo(local.runtime, bob.loginEmail)).at(-1);
    expect(mail?.subject).toContain("Join Ada Lovelace");
    expect(mail?.body.text).toContain("as user");

    const joined = await accept(bob.token, token);
    expect(joined.status).toBe(200);
    expect(joined.body.membership).toMatchObject({
      userId: bob.userId,
      role: "user",
      billingRights: true,
      productIds: [product.productId],
    });
    const listed = await members(bob.token, ada.orgId);
    expect(listed.map((member) => [member.userId, member.role]).sort()).toEqual(
      [
        [ada.userId, "legal_representative"],
        [bob.userId, "user"],
      ].sort(),
    );
    expect(await organizationRecord(ada.orgId)).toMatchObject({
      memberCount: 2,
      legalRepresentativeCount: 1,
    });

    const replay = await accept(bob.token, token);
    expect([replay.status, replay.body.code]).toEqual([410, "TOKEN_EXPIRED_OR_USED"]);
    const invitations = await call<{ invitations: { status: string; invitationId: string }[] }>(
      local.api,
      "GET",
      `/v1/organizations/${ada.orgId}/invitations`,
      { token: ada.token },
    );
    expect(invitations.body.invitations).toEqual([
      expect.objectContaining({ invitationId: invited.body.invitationId, status: "accepted" }),
    ]);
  });

  it("R-M1 refuses acceptance by someone signed in with another address (403) and keeps the link for the invitee", async () => {
    const ada = await signUp(local.api);
    const eve = await signUp(local.api);
    const email = uniqueEmail("invitee");
    await invite(local, ada, ada.orgId, { email, role: "administrator" });
    const token = await invitationToken(local, email);
    const stolen = await accept(eve.token, token);
    expect([stolen.status, stolen.body.code]).toEqual([403, "INVITATION_EMAIL_MISMATCH"]);
    expect(await membershipOf(ada.orgId, eve.userId)).toBeNull();
    const anonymous = await call<Problem>(local.api, "POST", "/v1/invitations/accept", { body: { token } });
    expect(anonymous.status).toBe(401);
    // The invitee creates an account with the invited address and joins.
    const invitee = await signUp(local.api, { loginEmail: email });
    const joined = await accept(invitee.token, token);
    expect(joined.status).toBe(200);
    expect(joined.body.membership).toMatchObject({ role: "administrator" });
  });

  it("R-M1 refuses an expired link (410) and a made-up one", async () => {
    const ada = await signUp(local.api);
    const bob = await signUp(local.api);
    await invite(local, ada, ada.orgId, { email: bob.loginEmail, role: "user" });
    const token = await invitationToken(local, bob.loginEmail);
    const { EmailToken } = await import("#shared/entities");
    const { updateItem, write } = await import("#shared/entity/writes");
    const { hashToken } = await import("#shared/tokens");
    await write(
      updateItem(
        EmailToken,
        { tokenHash: hashToken(token) },
        { set: { expiresAt: Math.floor(Date.now() / 1000) - 1 } },
      ),
    );
    const expired = await accept(bob.token, token);
    expect([expired.status, expired.body.code]).toEqual([410, "TOKEN_EXPIRED_OR_USED"]);
    const madeUp = await accept(bob.token, "x".repeat(43));
    expect(madeUp.status).toBe(410);
    expect(await membershipOf(ada.orgId, bob.userId)).toBeNull();
  });

  it("R-M1 refuses to invite an existing member (409), unknown products (422), and needs the right role to invite", async () => {
    const ada = await signUp(local.api);
    const other = await signUp(local.api);
    const foreignProduct = await createProduct(other.orgId);
    const admin = await joinAs(local, ada, ada.orgId, { role: "administrator" });
    const user = await joinAs(local, ada, ada.orgId, { role: "user" });
    const existing = await invite(local, ada, ada.orgId, { email: admin.loginEmail, role: "user" });
    expect([existing.status, existing.body.code]).toEqual([409, "ALREADY_MEMBER"]);
    const unknown = await invite(local, ada, ada.orgId, {
      email: uniqueEmail(),
      role: "user",
      productIds: [foreignProduct.productId],
    });
    expect([unknown.status, unknown.body.code]).toEqual([422, "UNKNOWN_PRODUCT"]);
    expect(unknown.body.productIds).toEqual([foreignProduct.productId]);
    const byUser = await invite(local, user, ada.orgId, { email: uniqueEmail(), role: "user" });
    expect([byUser.status, byUser.body.code]).toEqual([403, "ADMINISTRATOR_REQUIRED"]);
    const representativeByAdmin = await invite(local, admin, ada.orgId, {
      email: uniqueEmail(),
      role: "legal_representative",
    });
    expect([representativeByAdmin.status, representativeByAdmin.body.code]).toEqual([
      403,
      "LEGAL_REPRESENTATIVE_REQUIRED",
    ]);
    expect(
      (await invite(local, admin, ada.orgId, { email: uniqueEmail(), role: "administrator" })).status,
    ).toBe(201);
    const invalid = await call<Problem>(local.api, "POST", `/v1/organizations/${ada.orgId}/invitations`, {
      token: ada.token,
      body: { email: "nope", role: "owner", billingRights: "yes" },
    });
    expect(invalid.body.errors?.map((error) => error.path).sort()).toEqual([
      "body.billingRights",
      "body.email",
      "body.role",
    ]);
  });
});

describe("roles and rights", () => {
  it("R-M1 R-M6 lets an administrator holding billing rights change a user's billing rights and product access; the member is told", async () => {
    const ada = await signUp(local.api);
    const product = await createProduct(ada.orgId);
    const admin = await joinAs(local, ada, ada.orgId, { role: "administrator", billingRights: true });
    const user = await joinAs(local, ada, ada.orgId, { role: "user" });
    const changed = await changeMember(admin.token, ada.orgId, user.userId, {
      billingRights: true,
      productIds: [product.productId],
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      billingRights: true,
      productIds: [product.productId],
      role: "user",
    });
    const mail = await eventually(
      async () =>
        (await mailsTo(local.runtime, user.loginEmail)).find((candidate) =>
          candidate.subject.startsWith("Your rights"),
        ),
      5000,
    );
    expect(mail.body.text).toContain("- billing rights: no -> yes");
    expect(mail.body.text).toContain(`- product access: none -> ${product.productId}`);
    const promoted = await changeMember(admin.token, ada.orgId, user.userId, { role: "administrator" });
    expect(promoted.status).toBe(200);
    const byUser = await changeMember(user.token, ada.orgId, admin.userId, { billingRights: true });
    expect(byUser.status).toBe(200); // now an administrator
    const unknown = await changeMember(ada.token, ada.orgId, "nobody", { billingRights: true });
    expect(unknown.status).toBe(404);
  });

  it("R-M1 keeps the legal representative role in the hands of legal representatives", async () => {
    const ada = await signUp(local.api);
    const admin = await joinAs(local, ada, ada.orgId, { role: "administrator" });
    const user = await joinAs(local, ada, ada.orgId, { role: "user" });
    const promote = await changeMember(admin.token, ada.orgId, user.userId, { role: "legal_representative" });
    expect([promote.status, promote.body.code]).toEqual([403, "LEGAL_REPRESENTATIVE_REQUIRED"]);
    const demote = await changeMember(admin.token, ada.orgId, ada.userId, { role: "user" });
    expect([demote.status, demote.body.code]).toEqual([403, "LEGAL_REPRESENTATIVE_REQUIRED"]);
    const byUser = await changeMember(user.token, ada.orgId, admin.userId, { role: "user" });
    expect([byUser.status, byUser.body.code]).toEqual([403, "ADMINISTRATOR_REQUIRED"]);
    const promoted = await changeMember(ada.token, ada.orgId, user.userId, { role: "legal_representative" });
    expect(promoted.status).toBe(200);
    expect(await organizationRecord(ada.orgId)).toMatchObject({
      legalRepresentativeCount: 2,
      memberCount: 3,
    });
  });

  it("R-M3 refuses to demote or remove the last legal representative", async () => {
    const ada = await signUp(local.api);
    const admin = await joinAs(local, ada, ada.orgId, { role: "administrator" });
    const demote = await changeMember(ada.token, ada.orgId, ada.userId, { role: "administrator" });
    expect([demote.status, demote.body.code]).toEqual([409, "LAST_LEGAL_REPRESENTATIVE"]);
    const removeSelf = await remove(ada.token, ada.orgId, ada.userId);
    expect([removeSelf.status, removeSelf.body.code]).toEqual([409, "LAST_LEGAL_REPRESENTATIVE"]);
    const byAdmin = await remove(admin.token, ada.orgId, ada.userId);
    expect([byAdmin.status, byAdmin.body.code]).toEqual([403, "LEGAL_REPRESENTATIVE_REQUIRED"]);
    expect(await membershipOf(ada.orgId, ada.userId)).toMatchObject({ role: "legal_representative" });
    expect(await organizationRecord(ada.orgId)).toMatchObject({
      legalRepresentativeCount: 1,
      memberCount: 2,
    });
  });

  it("R-M3 lets exactly one of two legal representatives demoting each other at once win; one remains", async () => {
    for (let round = 0; round < 3; round++) {
      const ada = await signUp(local.api);
      const grace = await joinAs(local, ada, ada.orgId, { role: "legal_representative" });
      const results = await Promise.all([
        changeMember(ada.token, ada.orgId, grace.userId, { role: "administrator" }),
        changeMember(grace.token, ada.orgId, ada.userId, { role: "administrator" }),
      ]);
      const statuses = results.map((result) => result.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      const loser = results.find((result) => result.status !== 200);
      expect(["LAST_LEGAL_REPRESENTATIVE", "LEGAL_REPRESENTATIVE_REQUIRED"]).toContain(loser?.body.code);
      const representatives = (await members(ada.token, ada.orgId)).filter(
        (member) => member.role === "legal_representative",
      );
      expect(representatives).toHaveLength(1);
      expect(await organizationRecord(ada.orgId)).toMatchObject({
        legalRepresentativeCount: 1,
        memberCount: 2,
      });
    }
  });

  it("R-M3 lets exactly one of two legal representatives removing each other at once win; one remains", async () => {
    for (let round = 0; round < 3; round++) {
      const ada = await signUp(local.api);
      const grace = await joinAs(local, ada, ada.orgId, { role: "legal_representative" });
      const results = await Promise.all([
        remove(ada.token, ada.orgId, grace.userId),
        remove(grace.token, ada.orgId, ada.userId),
      ]);
      expect(results.filter((result) => result.status === 204)).toHaveLength(1);
      const loser = results.find((result) => result.status !== 204);
      expect([409, 404, 403]).toContain(loser?.status);
      const organization = await organizationRecord(ada.orgId);
      expect(organization).toMatchObject({ legalRepresentativeCount: 1, memberCount: 1 });
      const remaining = await Promise.all([
        membershipOf(ada.orgId, ada.userId),
        membershipOf(ada.orgId, grace.userId),
      ]);
      expect(remaining.filter(Boolean)).toHaveLength(1);
    }
  });
});

describe("removal", () => {
  it("R-M2 needs an administrator, the remover's own password and an explicit confirmation", async () => {
    const ada = await signUp(local.api);
    const user = await joinAs(local, ada, ada.orgId, { role: "user" });
    const other = await joinAs(local, ada, ada.orgId, { role: "user" });
    const wrongPassword = await remove(ada.token, ada.orgId, user.userId, { password: "not-the-password" });
    expect([wrongPassword.status, wrongPassword.body.code]).toEqual([403, "INVALID_PASSWORD"]);
    const unconfirmed = await remove(ada.token, ada.orgId, user.userId, { confirm: false });
    expect([unconfirmed.status, unconfirmed.body.errors?.map((error) => error.path)]).toEqual([
      400,
      ["body.confirm"],
    ]);
    const byUser = await remove(other.token, ada.orgId, user.userId);
    expect([byUser.status, byUser.body.code]).toEqual([403, "ADMINISTRATOR_REQUIRED"]);
    expect(await membershipOf(ada.orgId, user.userId)).not.toBeNull();
  });

  it("R-M2 removes a member without data at once (204): membership and count go, the member is told, the audit says so", async () => {
    const ada = await signUp(local.api);
    const admin = await joinAs(local, ada, ada.orgId, { role: "administrator" });
    const user = await joinAs(local, ada, ada.orgId, { role: "user" });
    const removed = await remove(admin.token, ada.orgId, user.userId);
    expect(removed.status).toBe(204);
    expect(await membershipOf(ada.orgId, user.userId)).toBeNull();
    expect(await organizationRecord(ada.orgId)).toMatchObject({ memberCount: 2 });
    const mail = await eventually(
      async () =>
        (await mailsTo(local.runtime, user.loginEmail)).find((candidate) =>
          candidate.subject.startsWith("You were removed"),
        ),
      5000,
    );
    expect(mail.body.text).toContain("Your user account stays open");
    const gone = await call<Problem>(local.api, "GET", `/v1/organizations/${ada.orgId}`, {
      token: user.token,
    });
    expect(gone.status).toBe(404);
    const audit = await call<{
      entries: { action: string; actorUserId: string; details: { userId: string } }[];
    }>(local.api, "GET", `/v1/organizations/${ada.orgId}/audit`, { token: ada.token });
    expect(audit.body.entries[0]).toMatchObject({
      action: "member.removed",
      actorUserId: admin.userId,
      details: { userId: user.userId },
    });
    // The person keeps their account and own organization (R-D4's spirit for members).
    const me = await call(local.api, "GET", "/v1/me", { token: user.token });
    expect(me.status).toBe(200);
  });

  it("R-M4 asks for a decision per kind of data held (422), and a transfer to another member", async () => {
    const ada = await signUp(local.api);
    const user = await joinAs(local, ada, ada.orgId, { role: "user" });
    await giveData(ada.orgId, user.userId, "drive");
    await giveData(ada.orgId, user.userId, "calendars");
    const none = await remove(ada.token, ada.orgId, user.userId);
    expect([none.status, none.body.code]).toEqual([422, "DATA_DECISIONS_REQUIRED"]);
    expect(none.body.kinds).toEqual(["drive", "calendars"]);
    const partial = await remove(ada.token, ada.orgId, user.userId, {
      dataDecisions: { drive: { action: "delete" } },
    });
    expect(partial.body.kinds).toEqual(["calendars"]);
    const noTarget = await remove(ada.token, ada.orgId, user.userId, {
      dataDecisions: { drive: { action: "delete" }, calendars: { action: "transfer" } },
    });
    expect([noTarget.status, noTarget.body.code]).toEqual([422, "INVALID_TRANSFER_TARGET"]);
    const outsider = await signUp(local.api);
    const toOutsider = await remove(ada.token, ada.orgId, user.userId, {
      dataDecisions: {
        drive: { action: "delete" },
        calendars: { action: "transfer", toUserId: outsider.userId },
      },
    });
    expect(toOutsider.body.code).toBe("INVALID_TRANSFER_TARGET");
    const unknownKind = await remove(ada.token, ada.orgId, user.userId, {
      dataDecisions: { photos: { action: "delete" } },
    });
    expect(unknownKind.status).toBe(400);
    expect(await membershipOf(ada.orgId, user.userId)).not.toBeNull();
  });

  it("R-M4 runs the removal as a workflow: data transferred or deleted, membership removed, member told (202 with status URL)", async () => {
    const ada = await signUp(local.api);
    const admin = await joinAs(local, ada, ada.orgId, { role: "administrator" });
    const user = await joinAs(local, ada, ada.orgId, { role: "user" });
    await giveData(ada.orgId, user.userId, "drive", "Quarterly reports");
    await giveData(ada.orgId, user.userId, "drive", "Logo sources");
    await giveData(ada.orgId, user.userId, "mailboxAccess", "Access to the sales mailbox");
    const started = await remove(admin.token, ada.orgId, user.userId, {
      dataDecisions: {
        drive: { action: "transfer", toUserId: ada.userId },
        mailboxAccess: { action: "delete" },
      },
    });
    expect(started.status).toBe(202);
    const statusUrl = started.body.statusUrl as string;
    expect(started.headers.get("location")).toBe(statusUrl);
    expect(statusUrl).toMatch(new RegExp(`^/v1/organizations/${ada.orgId}/members/${user.userId}/removals/`));

    const removal = await removalDone(admin.token, statusUrl);
    expect(removal.status).toBe("succeeded");
    expect(removal.steps.map((step) => [step.name, step.status])).toEqual([
      ["carry-out-decisions", "succeeded"],
      ["remove-membership", "succeeded"],
      ["notify-member", "succeeded"],
    ]);
    expect(removal.decisions).toEqual([
      expect.objectContaining({ kind: "drive", action: "transfer", status: "done", items: 2 }),
      expect.objectContaining({ kind: "mailboxAccess", action: "delete", status: "done", items: 1 }),
    ]);
    const { recordingProvisioning } = await import("#shared/ports/provisioning");
    expect(await recordingProvisioning.memberData(ada.orgId, user.userId)).toEqual([]);
    expect(
      (await recordingProvisioning.memberData(ada.orgId, ada.userId)).map((item) => item.description).sort(),
    ).toEqual(["Logo sources", "Quarterly reports"]);
    expect(await membershipOf(ada.orgId, user.userId)).toBeNull();
    expect(await organizationRecord(ada.orgId)).toMatchObject({
      memberCount: 2,
      legalRepresentativeCount: 1,
    });
    const mail = await eventually(
      async () =>
        (await mailsTo(local.runtime, user.loginEmail)).find((candidate) =>
          candidate.subject.startsWith("You were removed"),
        ),
      5000,
    );
    expect(mail.body.text).toContain("drive files: handed to Ada Lovelace");
    expect(mail.body.text).toContain("access to other members' mailboxes: deleted");
    // The remover and the legal representative read the status; a removed member cannot.
    expect((await call(local.api, "GET", statusUrl, { token: ada.token })).status).toBe(200);
    expect((await call(local.api, "GET", statusUrl, { token: user.token })).status).toBe(404);
  });

  it("R-M4 answers a repeated request while the removal runs with the same removal, one execution; other decisions get 409", async () => {
    const ada = await signUp(local.api);
    const user = await joinAs(local, ada, ada.orgId, { role: "user" });
    await giveData(ada.orgId, user.userId, "addressBooks");
    const { recordingProvisioning } = await import("#shared/ports/provisioning");
    // A slow provisioning system keeps the workflow in its first step while the requests come.
    await recordingProvisioning.hold(ada.orgId, "deleteMemberData");
    const body = { dataDecisions: { addressBooks: { action: "delete" } } };
    const first = await remove(ada.token, ada.orgId, user.userId, body);
    expect(first.status).toBe(202);
    const again = await remove(ada.token, ada.orgId, user.userId, body);
    expect(again.status).toBe(202);
    expect(again.body.removalId).toBe(first.body.removalId);
    const other = await remove(ada.token, ada.orgId, user.userId, {
      dataDecisions: { addressBooks: { action: "transfer", toUserId: ada.userId } },
    });
    expect([other.status, other.body.code]).toEqual([409, "REMOVAL_IN_PROGRESS"]);
    const change = await changeMember(ada.token, ada.orgId, user.userId, { billingRights: true });
    expect([change.status, change.body.code]).toEqual([409, "REMOVAL_IN_PROGRESS"]);
    await recordingProvisioning.release(ada.orgId, "deleteMemberData");
    const removal = await removalDone(ada.token, first.body.statusUrl as string);
    expect([removal.status, removal.failure]).toEqual(["succeeded", undefined]);
    const { ListExecutionsCommand, SFNClient } = await import("@aws-sdk/client-sfn");
    const sfn = new SFNClient({ endpoint: local.runtime.urls.stepfunctions });
    const { executions = [] } = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: local.runtime.stateMachineArn("member-removal") }),
    );
    expect(executions.filter((execution) => execution.name === first.body.removalId)).toHaveLength(1);
  });
});

describe("products (R-M5)", () => {
  it("R-M5 shows users only their products; another organization's product is 404, an own one without access 403", async () => {
    const ada = await signUp(local.api);
    const shop = await createProduct(ada.orgId, "shop.example");
    const mail = await createProduct(ada.orgId, "mail.example", "mail");
    const admin = await joinAs(local, ada, ada.orgId, { role: "administrator" });
    const user = await joinAs(local, ada, ada.orgId, { role: "user", productIds: [shop.productId] });
    const eve = await signUp(local.api);
    const foreign = await createProduct(eve.orgId, "eve.example");

    const list = async (token: string) =>
      (
        await call<{ products: { productId: string }[] }>(
          local.api,
          "GET",
          `/v1/organizations/${ada.orgId}/products`,
          {
            token,
          },
        )
      ).body.products
        .map((product) => product.productId)
        .sort();
    expect(await list(admin.token)).toEqual([shop.productId, mail.productId].sort());
    expect(await list(user.token)).toEqual([shop.productId]);

    const get = (token: string, orgId: string, productId: string) =>
      call<Problem & { name: string }>(local.api, "GET", `/v1/organizations/${orgId}/products/${productId}`, {
        token,
      });
    expect((await get(user.token, ada.orgId, shop.productId)).body.name).toBe("shop.example");
    const refused = await get(user.token, ada.orgId, mail.productId);
    expect([refused.status, refused.body.code]).toEqual([403, "PRODUCT_ACCESS_REQUIRED"]);
    expect(refused.body.detail).toContain("no access to this product");
    const elsewhere = await get(admin.token, ada.orgId, foreign.productId);
    expect([elsewhere.status, elsewhere.body.code]).toEqual([404, "NOT_FOUND"]);
    const otherOrganization = await get(admin.token, eve.orgId, foreign.productId);
    expect(otherOrganization.status).toBe(404);
  });
});
