import { type SignedUp, strongPassword, tokenFromMail, uniqueEmail } from "#test/support/accounts";
import { eventually, mailsTo } from "#test/support/runtime";
import { expectStatus, type RouteScript, type ScriptContext, send } from "../lib/requests.ts";

/** The mailed token of a login email change asked over HTTP. */
async function loginEmailChangeToken(context: ScriptContext, user: SignedUp) {
  const newLoginEmail = uniqueEmail("new-login");
  const asked = await send(context.api, {
    method: "POST",
    path: "/v1/me/login-email-changes",
    token: user.token,
    body: { newLoginEmail, password: strongPassword },
  });
  expectStatus(asked, 202, "a login email change");
  const mail = await eventually(
    async () => (await mailsTo(context.local.runtime, newLoginEmail))[0],
    5_000,
    "the confirmation mail",
  );
  return tokenFromMail(mail.body.text);
}

/** The reset link mailed to the login address of a new account. */
async function passwordResetToken(context: ScriptContext) {
  const user = await context.freshUser();
  const asked = await send(context.api, {
    method: "POST",
    path: "/v1/password-resets",
    body: { email: user.loginEmail },
  });
  expectStatus(asked, 202, "a password reset");
  const mail = await eventually(
    async () =>
      (await mailsTo(context.local.runtime, user.loginEmail)).find(
        (m) => m.subject === "Reset your password",
      ),
    5_000,
    "the reset mail",
  );
  return tokenFromMail(mail.body.text);
}

export const accountScripts: Record<string, RouteScript> = {
  "POST /v1/password-resets": {
    source: "bench script: a new account's address each time (five resets per address an hour, R-A9)",
    prepare: async (context) => ({
      method: "POST",
      path: "/v1/password-resets",
      body: { email: (await context.freshUser()).loginEmail },
    }),
  },
  "POST /v1/password-resets/confirm": {
    source: "bench script: a real mailed reset link (the row's token was never sent: 410)",
    prepare: async (context) => ({
      method: "POST",
      path: "/v1/password-resets/confirm",
      body: { token: await passwordResetToken(context), newPassword: `${strongPassword}-new` },
    }),
  },
  "POST /v1/me/login-email-changes/confirm": {
    source: "bench script: a real mailed token (the row's token was never sent: 410)",
    prepare: async (context) => ({
      method: "POST",
      path: "/v1/me/login-email-changes/confirm",
      body: { token: await loginEmailChangeToken(context, await context.freshUser()) },
    }),
  },
  "DELETE /v1/me": {
    source: "bench script: a new account each time (the row needs a fixture per request)",
    prepare: async (context) => ({
      method: "DELETE",
      path: "/v1/me",
      token: (await context.freshUser()).token,
    }),
  },
};
