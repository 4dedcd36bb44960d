import { signIn } from "#test/support/accounts";
import {
  type AuthorizationRow,
  everyone,
  signedIn,
  strongPassword,
  uniqueEmail,
} from "#test/support/authorization-rows/matrix";

const newAccount = () => ({
  firstName: "Matrix",
  lastName: "Person",
  loginEmail: uniqueEmail("matrix"),
  recoveryEmail: uniqueEmail("matrix-recovery"),
  password: strongPassword,
  organization: {
    type: "individual",
    postalAddress: { line1: "Rue du Lac 1", postalCode: "1200", city: "Genève", country: "CH" },
  },
});

export const rows: AuthorizationRow[] = [
  { route: "POST /v1/accounts", expect: everyone(201), request: () => ({ body: newAccount() }) },
  {
    route: "POST /v1/sessions",
    expect: everyone(201),
    request: ({ fixture }) => ({
      body: { loginEmail: fixture.people.legalRepresentative.loginEmail, password: strongPassword },
    }),
  },
  {
    route: "DELETE /v1/sessions/current",
    expect: signedIn(204),
    note: "Each caller signs out of a session of its own, opened for the row, so its fixture token stays valid.",
    request: async ({ caller, fixture }) => {
      if (!caller) return {};
      const session = await signIn(fixture.api, caller.loginEmail);
      return { token: session.body.token };
    },
  },
  { route: "GET /v1/me", expect: signedIn(200) },
  {
    route: "PATCH /v1/me",
    expect: signedIn(200),
    note: "R-S4: one's own profile, whoever one is; nothing to refuse a signed-in caller.",
    request: () => ({ body: { language: "de" } }),
  },
  {
    route: "POST /v1/me/login-email-changes",
    expect: signedIn(202),
    request: () => ({ body: { newLoginEmail: uniqueEmail("new-login"), password: strongPassword } }),
  },
  {
    route: "POST /v1/me/login-email-changes/confirm",
    expect: everyone({ status: 410, code: "TOKEN_EXPIRED_OR_USED" }),
    note: "Public (the mailed token is the proof): with a token nobody was sent, every caller reaches the token check.",
    request: () => ({ body: { token: "t".repeat(43) } }),
  },
  {
    route: "PUT /v1/me/password",
    expect: signedIn(204),
    note: "The new password is the current one, so the fixture's people keep signing in with it.",
    request: () => ({ body: { currentPassword: strongPassword, newPassword: strongPassword } }),
  },
  {
    route: "PUT /v1/me/recovery-email",
    expect: signedIn(204),
    request: () => ({ body: { recoveryEmail: uniqueEmail("recovery"), password: strongPassword } }),
  },
  {
    route: "DELETE /v1/me",
    freshFixture: true,
    note:
      "R-A7 on a fixture of its own (each success closes the caller's account): the legal representative " +
      "of an organization with other members is refused, and so is the outsider, the last member of an " +
      "organization that has a product.",
    expect: {
      ...signedIn(204),
      legalRepresentative: { status: 409, code: "LAST_LEGAL_REPRESENTATIVE" },
      outsider: { status: 409, code: "ORGANIZATION_NOT_EMPTY" },
    },
  },
  {
    route: "POST /v1/password-resets",
    expect: everyone(202),
    note: "Public; R-A8: each caller asks for its own address, the anonymous caller for one nobody has: the same 202.",
    request: ({ caller }) => ({ body: { email: caller?.loginEmail ?? uniqueEmail("nobody") } }),
  },
  {
    route: "POST /v1/password-resets/confirm",
    expect: everyone({ status: 410, code: "TOKEN_EXPIRED_OR_USED" }),
    note: "Public (the mailed token is the proof): with a token nobody was sent, every caller reaches the token check.",
    request: () => ({ body: { token: "t".repeat(43), newPassword: strongPassword } }),
  },
];
