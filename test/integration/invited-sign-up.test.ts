import { describe, expect, it } from "vitest";
import { type SignedUp, signIn, signUp, strongPassword, uniqueEmail } from "#test/support/accounts";
import {
  invitationToken,
  invite,
  organizationRecord,
  type Problem,
  type Role,
} from "#test/support/organizations";
import { call, eventually, mailsTo, useLocalRuntime } from "#test/support/runtime";

const local = useLocalRuntime();

interface InvitedAccount {
  user: { userId: string; loginEmail: string; recoveryEmail: string };
  organization: { orgId: string; name: string };
  membership: { role: string; billingRights: boolean; productIds: string[] };
  token: string;
}

const signUpBody = (invitationToken: string, extra: Record<string, unknown> = {}) => ({
  firstName: "Invited",
  lastName: "Person",
  recoveryEmail: uniqueEmail("invited-recovery"),
  password: strongPassword,
  invitationToken,
  ...extra,
});
const signUpInvited = (body: Record<string, unknown>) =>
  call<InvitedAccount & Problem>(local.api, "POST", "/v1/accounts", { body });

/** An organization, and an invitation mailed to an address nobody has yet. */
async function invited(role: Role = "user", productIds?: string[]) {
  const owner = await signUp(local.api);
  const email = uniqueEmail("invitee");
  const sent = await invite(local, owner, owner.orgId, {
    email,
    role,
    ...(productIds ? { productIds } : {}),
  });
  expect(sent.status).toBe(201);
  return { owner, email, invitationId: sent.body.invitationId, token: await invitationToken(local, email) };
}

const profile = (token: string) =>
  call<{ loginEmail: string; organizations: { orgId: string; role: string }[] }>(local.api, "GET", "/v1/me", {
    token,
  });

describe("sign-up from an invitation", () => {
  it("R-M7 the invited address becomes the login, the account joins the inviting organization only, the invitation is used", async () => {
    const { owner, email, invitationId, token } = await invited("administrator");
    const created = await signUpInvited(signUpBody(token));
    expect(created.status).toBe(201);
    expect(created.body.user.loginEmail).toBe(email);
    expect(created.body.organization.orgId).toBe(owner.orgId);
    expect(created.body.membership).toMatchObject({ role: "administrator", billingRights: false });
    expect(created.body.token).toMatch(/^ey/);

    const me = await profile(created.body.token);
    expect(me.body.organizations).toEqual([
      expect.objectContaining({ orgId: owner.orgId, role: "administrator" }),
    ]);
    const organization = await organizationRecord(owner.orgId);
    expect(organization?.memberCount).toBe(2);
    const invitations = await call<{ invitations: { invitationId: string; status: string }[] }>(
      local.api,
      "GET",
      `/v1/organizations/${owner.orgId}/invitations`,
      { token: owner.token },
    );
    expect(invitations.body.invitations.find((one) => one.invitationId === invitationId)?.status).toBe(
      "accepted",
    );

    // The link worked once: neither a second sign-up nor an acceptance takes it again.
    const again = await signUpInvited(signUpBody(token));
    expect([again.status, again.body.code]).toEqual([410, "TOKEN_EXPIRED_OR_USED"]);
    expect((await signIn(local.api, email)).status).toBe(201);
    const welcome = await eventually(async () =>
      (await mailsTo(local.runtime, email)).find((mail) => mail.subject.startsWith("Welcome")),
    );
    expect(welcome.body.text).toContain(`joined the organization "${owner.organizationName}"`);
  });

  it("R-M7 takes no organization, login email or order with an invitation, and writes nothing", async () => {
    const { owner, email, token } = await invited();
    for (const [extra, path] of [
      [
        {
          organization: {
            type: "individual",
            postalAddress: { line1: "x", postalCode: "1", city: "y", country: "CH" },
          },
        },
        "body.organization",
      ],
      [{ loginEmail: uniqueEmail() }, "body.loginEmail"],
      [
        { order: { paymentMethod: "invoice", lines: [{ productKind: "domain", name: "x.example" }] } },
        "body.order",
      ],
    ] as const) {
      const refused = await call<Problem & { errors: { path: string }[] }>(
        local.api,
        "POST",
        "/v1/accounts",
        {
          body: signUpBody(token, extra),
        },
      );
      expect([refused.status, refused.body.code]).toEqual([400, "VALIDATION_FAILED"]);
      expect(refused.body.errors.map((error) => error.path)).toContain(path);
    }
    const recovery = await signUpInvited(signUpBody(token, { recoveryEmail: email.toUpperCase() }));
    expect([recovery.status, recovery.body.code]).toEqual([422, "SAME_AS_LOGIN_EMAIL"]);
    expect((await organizationRecord(owner.orgId))?.memberCount).toBe(1);
    // The invitation is still there to use.
    expect((await signUpInvited(signUpBody(token))).status).toBe(201);
  });

  it("R-M7 sends an address that already has an account to sign in and accept, and uses nothing", async () => {
    const owner = await signUp(local.api);
    const existing = await signUp(local.api);
    await invite(local, owner, owner.orgId, { email: existing.loginEmail, role: "user" });
    const token = await invitationToken(local, existing.loginEmail);
    const refused = await signUpInvited(signUpBody(token));
    expect([refused.status, refused.body.code]).toEqual([409, "LOGIN_EMAIL_TAKEN"]);
    expect(refused.body.detail).toMatch(/accept the invitation/);
    const accepted = await call(local.api, "POST", "/v1/invitations/accept", {
      token: existing.token,
      body: { token },
    });
    expect(accepted.status).toBe(200);
  });

  it("R-M7 refuses a token nobody was sent (410)", async () => {
    const refused = await signUpInvited(signUpBody("t".repeat(43)));
    expect([refused.status, refused.body.code]).toEqual([410, "TOKEN_EXPIRED_OR_USED"]);
  });
});

describe("an account with no organization of its own", () => {
  async function invitedMember(): Promise<{ owner: SignedUp; member: InvitedAccount; email: string }> {
    const { owner, email, token } = await invited();
    const created = await signUpInvited(signUpBody(token));
    expect(created.status).toBe(201);
    return { owner, member: created.body, email };
  }

  it("R-M7 R-A7 closes without touching the organization it joined", async () => {
    const { owner, member } = await invitedMember();
    expect((await call(local.api, "DELETE", "/v1/me", { token: member.token })).status).toBe(204);
    const organization = await organizationRecord(owner.orgId);
    expect([organization?.status, organization?.memberCount]).toEqual(["active", 1]);
  });

  it("R-M7 removed from its only organization, stays open with none, is told what it can do, and can start one", async () => {
    const { owner, member, email } = await invitedMember();
    const removed = await call<{ statusUrl?: string }>(
      local.api,
      "POST",
      `/v1/organizations/${owner.orgId}/members/${member.user.userId}/removals`,
      { token: owner.token, body: { password: strongPassword, confirm: true } },
    );
    expect([202, 204]).toContain(removed.status);
    const notice = await eventually(
      async () =>
        (await mailsTo(local.runtime, email)).find((mail) => mail.subject.startsWith("You were removed")),
      10_000,
      "the removal notice",
    );
    expect(notice.body.text).toContain("with no organization");
    const session = await signIn(local.api, email);
    expect(session.status).toBe(201);
    expect((await profile(session.body.token)).body.organizations).toEqual([]);
    const own = await call<{ orgId: string }>(local.api, "POST", "/v1/organizations", {
      token: session.body.token,
      body: {
        type: "individual",
        postalAddress: { line1: "Rue 2", postalCode: "1000", city: "Lausanne", country: "CH" },
      },
    });
    expect(own.status).toBe(201);
    expect((await profile(session.body.token)).body.organizations).toEqual([
      expect.objectContaining({ orgId: own.body.orgId, role: "legal_representative" }),
    ]);
  });
});
