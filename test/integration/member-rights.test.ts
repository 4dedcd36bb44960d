/** Rights nobody can raise (R-M6): billing rights, roles and product access, whoever asks. */
import { describe, expect, it } from "vitest";
import { signUp, uniqueEmail } from "#test/support/accounts";
import {
  createProduct,
  invitationCount,
  invite,
  joinAs,
  membershipOf,
  organizationRecord,
  type Problem,
} from "#test/support/organizations";
import { call, useLocalRuntime } from "#test/support/runtime";

const local = useLocalRuntime();

interface Member {
  userId: string;
  role: string;
  billingRights: boolean;
  productIds: string[];
  loginEmail: string;
}

const changeMember = (token: string, orgId: string, userId: string, body: unknown) =>
  call<Member & Problem>(local.api, "PATCH", `/v1/organizations/${orgId}/members/${userId}`, { token, body });

describe("rights nobody can raise (R-M6)", () => {
  const billingRightsOf = async (orgId: string, userId: string) =>
    (await membershipOf(orgId, userId))?.billingRights;

  it("R-M6 an administrator without billing rights cannot grant them, by a change of rights or an invitation (403 BILLING_RIGHTS_REQUIRED), and changes nothing", async () => {
    const ada = await signUp(local.api);
    const admin = await joinAs(local, ada, ada.orgId, { role: "administrator" });
    const user = await joinAs(local, ada, ada.orgId, { role: "user" });
    const granted = await changeMember(admin.token, ada.orgId, user.userId, { billingRights: true });
    expect([granted.status, granted.body.code]).toEqual([403, "BILLING_RIGHTS_REQUIRED"]);
    // Nor hidden in a change that is otherwise the administrator's to make.
    const withRole = await changeMember(admin.token, ada.orgId, user.userId, {
      role: "administrator",
      billingRights: true,
    });
    expect([withRole.status, withRole.body.code]).toEqual([403, "BILLING_RIGHTS_REQUIRED"]);
    expect(await membershipOf(ada.orgId, user.userId)).toMatchObject({ role: "user", billingRights: false });

    const email = uniqueEmail("invited");
    const invited = await invite(local, admin, ada.orgId, { email, role: "user", billingRights: true });
    expect([invited.status, invited.body.code]).toEqual([403, "BILLING_RIGHTS_REQUIRED"]);
    expect(await invitationCount(local, email)).toBe(0);
    const pending = await call<{ invitations: { email: string }[] }>(
      local.api,
      "GET",
      `/v1/organizations/${ada.orgId}/invitations`,
      { token: ada.token },
    );
    expect(pending.body.invitations.map((invitation) => invitation.email)).not.toContain(email);
    // Everything else stays the administrator's: inviting without billing rights, changing roles.
    expect(
      (await invite(local, admin, ada.orgId, { email: uniqueEmail(), role: "user", billingRights: false }))
        .status,
    ).toBe(201);
    expect((await changeMember(admin.token, ada.orgId, user.userId, { role: "administrator" })).status).toBe(
      200,
    );
  });

  it("R-M6 billing rights are granted by a legal representative (even one without them) or by a member holding them; taking them away is any administrator's", async () => {
    const ada = await signUp(local.api);
    const grace = await joinAs(local, ada, ada.orgId, { role: "legal_representative", billingRights: false });
    const billingAdmin = await joinAs(local, ada, ada.orgId, { role: "administrator", billingRights: true });
    const admin = await joinAs(local, ada, ada.orgId, { role: "administrator" });
    const first = await joinAs(local, ada, ada.orgId, { role: "user" });
    const second = await joinAs(local, ada, ada.orgId, { role: "user" });

    const byRepresentative = await changeMember(grace.token, ada.orgId, first.userId, {
      billingRights: true,
    });
    expect([byRepresentative.status, byRepresentative.body.billingRights]).toEqual([200, true]);
    const byHolder = await changeMember(billingAdmin.token, ada.orgId, second.userId, {
      billingRights: true,
    });
    expect([byHolder.status, byHolder.body.billingRights]).toEqual([200, true]);
    expect(
      (await invite(local, grace, ada.orgId, { email: uniqueEmail(), role: "user", billingRights: true }))
        .status,
    ).toBe(201);
    expect(
      (
        await invite(local, billingAdmin, ada.orgId, {
          email: uniqueEmail(),
          role: "user",
          billingRights: true,
        })
      ).status,
    ).toBe(201);
    // Taking billing rights away grants nothing: an administrator may, as they may remove the member.
    const takenAway = await changeMember(admin.token, ada.orgId, second.userId, { billingRights: false });
    expect([takenAway.status, takenAway.body.billingRights]).toEqual([200, false]);
    expect(await billingRightsOf(ada.orgId, first.userId)).toBe(true);
    expect(await billingRightsOf(ada.orgId, second.userId)).toBe(false);
  });

  it("R-M6 nobody raises their own role or rights (403 CANNOT_RAISE_OWN_RIGHTS), not even a legal representative; lowering one's own rights is allowed", async () => {
    const ada = await signUp(local.api);
    const product = await createProduct(ada.orgId);
    const grace = await joinAs(local, ada, ada.orgId, { role: "legal_representative", billingRights: false });
    const admin = await joinAs(local, ada, ada.orgId, { role: "administrator" });
    const billingAdmin = await joinAs(local, ada, ada.orgId, { role: "administrator", billingRights: true });

    // A legal representative may grant billing rights to others, never to herself.
    const ownBilling = await changeMember(grace.token, ada.orgId, grace.userId, { billingRights: true });
    expect([ownBilling.status, ownBilling.body.code]).toEqual([403, "CANNOT_RAISE_OWN_RIGHTS"]);
    const adminOwnBilling = await changeMember(admin.token, ada.orgId, admin.userId, { billingRights: true });
    expect([adminOwnBilling.status, adminOwnBilling.body.code]).toEqual([403, "CANNOT_RAISE_OWN_RIGHTS"]);
    const adminOwnRole = await changeMember(admin.token, ada.orgId, admin.userId, {
      role: "legal_representative",
    });
    expect(adminOwnRole.status).toBe(403);
    expect(await membershipOf(ada.orgId, grace.userId)).toMatchObject({
      role: "legal_representative",
      billingRights: false,
    });
    expect(await membershipOf(ada.orgId, admin.userId)).toMatchObject({
      role: "administrator",
      billingRights: false,
    });

    // Lowering one's own rights grants nothing: an administrator gives up billing rights, then steps down.
    const dropBilling = await changeMember(billingAdmin.token, ada.orgId, billingAdmin.userId, {
      billingRights: false,
    });
    expect([dropBilling.status, dropBilling.body.billingRights]).toEqual([200, false]);
    const stepDown = await changeMember(billingAdmin.token, ada.orgId, billingAdmin.userId, {
      role: "user",
      productIds: [product.productId],
    });
    expect([stepDown.status, stepDown.body.role]).toEqual([200, "user"]);
    // ...and cannot take it back: a user changes nobody's rights.
    const back = await changeMember(billingAdmin.token, ada.orgId, billingAdmin.userId, {
      role: "administrator",
    });
    expect([back.status, back.body.code]).toEqual([403, "ADMINISTRATOR_REQUIRED"]);
    // A legal representative steps down while another remains (R-M3 keeps the last one).
    const adaStepsDown = await changeMember(ada.token, ada.orgId, ada.userId, { role: "administrator" });
    expect(adaStepsDown.status).toBe(200);
    expect(await organizationRecord(ada.orgId)).toMatchObject({ legalRepresentativeCount: 1 });
    const graceLast = await changeMember(grace.token, ada.orgId, grace.userId, { role: "administrator" });
    expect([graceLast.status, graceLast.body.code]).toEqual([409, "LAST_LEGAL_REPRESENTATIVE"]);
  });

  it("R-M6 a user's own product access is not theirs to widen, whoever they are: raising is measured against what they hold", async () => {
    const { raisesRights } = await import("#shared/members/members");
    const user = { role: "user" as const, billingRights: false, productIds: ["a"] };
    expect(raisesRights(user, { ...user, productIds: [] })).toBe(false);
    expect(raisesRights(user, { ...user, productIds: ["a", "b"] })).toBe(true);
    expect(raisesRights(user, { ...user, billingRights: true })).toBe(true);
    expect(raisesRights(user, { ...user, role: "administrator" })).toBe(true);
    const administrator = { role: "administrator" as const, billingRights: true, productIds: [] };
    // An administrator reaches every product: becoming a user with some lowers their rights.
    expect(raisesRights(administrator, { role: "user", billingRights: false, productIds: ["a"] })).toBe(
      false,
    );
    expect(raisesRights(administrator, { ...administrator, role: "legal_representative" })).toBe(true);
    expect(raisesRights(administrator, { ...administrator, billingRights: false })).toBe(false);
  });
});
