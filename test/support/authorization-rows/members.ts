import { signUp, tokenFromMail } from "#test/support/accounts";
import {
  type AuthorizationRow,
  administrators,
  type Expected,
  type Fixture,
  type MatrixRole,
  members,
  row,
  signedIn,
  strongPassword,
  uniqueEmail,
} from "#test/support/authorization-rows/matrix";
import { joinAs } from "#test/support/organizations";
import { call, eventually, mailsTo } from "#test/support/runtime";

/** An invitation to `email` into the host's organization; its mailed token. */
async function invitationFor(fixture: Fixture, host: { token: string; orgId: string }, email: string) {
  const seen = (await mailsTo(fixture.local.runtime, email)).length;
  const response = await call(fixture.api, "POST", `/v1/organizations/${host.orgId}/invitations`, {
    token: host.token,
    body: { email, role: "user", billingRights: false },
  });
  if (response.status !== 201) throw new Error(`invitation failed: ${response.status}`);
  const mail = await eventually(async () => {
    const mails = await mailsTo(fixture.local.runtime, email);
    return mails.length > seen ? mails.at(-1) : undefined;
  });
  return tokenFromMail(mail.body.text);
}

/**
 * R-M6: granting billing rights (by invitation or by a change of rights) takes an administrator
 * who may grant them: a legal representative, or a member holding billing rights. The matrix's
 * administrator holds none, so it is refused with BILLING_RIGHTS_REQUIRED; users are refused first
 * as non-administrators.
 */
const billingGrant = (expected: Expected): Record<MatrixRole, Expected> => ({
  ...administrators(expected),
  administrator: { status: 403, code: "BILLING_RIGHTS_REQUIRED" },
});

export const rows: AuthorizationRow[] = [
  { route: "GET /v1/organizations/{orgId}/members", expect: members(200) },
  { route: "GET /v1/organizations/{orgId}/invitations", expect: administrators(200) },
  {
    route: "POST /v1/organizations/{orgId}/invitations",
    expect: billingGrant(201),
    note: "R-M6: an invitation granting billing rights; without billing rights an administrator may invite, but not with them.",
    request: () => ({ body: { email: uniqueEmail("invited"), role: "user", billingRights: true } }),
  },
  row({
    route: "POST /v1/invitations/accept",
    expect: signedIn(200),
    note: "Each caller accepts an invitation to its own address into a third organization.",
    prepare: async (fixture) => signUp(fixture.api, { loginEmail: uniqueEmail("host") }),
    request: async ({ fixture, caller, prepared: host }) => ({
      body: { token: await invitationFor(fixture, host, caller?.loginEmail ?? uniqueEmail("nobody")) },
    }),
  }),
  {
    route: "PATCH /v1/organizations/{orgId}/members/{userId}",
    expect: billingGrant(200),
    note:
      "R-M6: billing rights granted to a member without them. The legal representative grants them to a " +
      "member who joined for the call (the fixture's member keeps none); the others try on the fixture's member.",
    request: async ({ fixture, role }) => {
      const body = { billingRights: true };
      if (role !== "legalRepresentative") return { body };
      const target = await joinAs(fixture.local, fixture.people.legalRepresentative, fixture.orgId, {
        role: "user",
      });
      return { params: { userId: target.userId }, body };
    },
  },
  {
    route: "POST /v1/organizations/{orgId}/members/{userId}/removals",
    expect: administrators(204),
    note:
      "Allowed roles remove a member who joined for the call (no data: 204); the others are refused " +
      "before anything happens, on the fixture's member.",
    request: async ({ fixture, role }) => {
      const body = { password: strongPassword, confirm: true };
      if (role !== "legalRepresentative" && role !== "administrator") return { body };
      const target = await joinAs(fixture.local, fixture.people.legalRepresentative, fixture.orgId, {
        role: "user",
      });
      return { params: { userId: target.userId }, body };
    },
  },
  row({
    route: "GET /v1/organizations/{orgId}/members/{userId}/removals/{removalId}",
    expect: administrators(200),
    note: "A removal recorded as the legal representative's, read by each role.",
    prepare: async (fixture) => {
      const { MemberRemoval } = await import("#shared/organizations/entities");
      const { createItem, write } = await import("#shared/entity/writes");
      const { newId } = await import("#shared/tokens");
      const now = new Date().toISOString();
      const removalId = newId();
      await write(
        createItem(MemberRemoval, {
          orgId: fixture.orgId,
          removalId,
          userId: fixture.member.userId,
          requestedBy: fixture.people.legalRepresentative.userId,
          role: "user",
          decisions: [],
          status: "failed",
          steps: [],
          holdsLegalRepresentative: false,
          createdAt: now,
          updatedAt: now,
        }),
      );
      return removalId;
    },
    request: ({ prepared: removalId }) => ({ params: { removalId } }),
  }),
];
