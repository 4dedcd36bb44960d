import { describe, expect, it } from "vitest";
import { signUp, strongPassword, uniqueEmail } from "#test/support/accounts";
import { call, mailsTo, useLocalRuntime } from "#test/support/runtime";

/**
 * R-A9: mail sent at someone's request is limited per account, per target address and per
 * client; sign-ups, sign-ins and public confirmations per client. Past a limit: 429
 * TOO_MANY_REQUESTS with Retry-After, nothing written, nothing sent. This runtime applies the
 * per-client limits to loopback clients too, as AWS applies them to every address.
 */
const local = useLocalRuntime({ rateLimitsExemptLoopback: false });

type Problem = { code: string; limit?: string };

describe("rate limits (R-A9)", () => {
  it("R-A9 stops mails to one outside address after five, whoever asks, and sends nothing more", async () => {
    const first = await signUp(local.api);
    const second = await signUp(local.api);
    const target = uniqueEmail("victim");
    const answers = [];
    for (const account of [first, first, first, second, second, second, first]) {
      answers.push(
        await call<Problem>(local.api, "POST", "/v1/me/login-email-changes", {
          token: account.token,
          body: { newLoginEmail: target, password: strongPassword },
        }),
      );
    }
    expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202, 202, 202, 429, 429]);
    const refused = answers[5];
    expect(refused?.body).toMatchObject({ code: "TOO_MANY_REQUESTS", limit: "mailPerTarget" });
    expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThan(0);
    // Invitations naming the same address are counted against the same limit.
    const invitation = await call<Problem>(
      local.api,
      "POST",
      `/v1/organizations/${first.orgId}/invitations`,
      {
        token: first.token,
        body: { email: target, role: "user", billingRights: false },
      },
    );
    expect([invitation.status, invitation.body.code]).toEqual([429, "TOO_MANY_REQUESTS"]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await mailsTo(local.runtime, target)).toHaveLength(5);
  });

  it("R-A9 stops sign-ups from one client address after ten, creating no account", async () => {
    // The suite's earlier sign-ups from this address count too: ask until refused.
    let refused: { status: number; body: Problem; headers: Headers } | undefined;
    let email = "";
    for (let attempt = 0; attempt < 12 && !refused; attempt++) {
      email = uniqueEmail("many");
      const answer = await call<Problem>(local.api, "POST", "/v1/accounts", {
        body: {
          firstName: "Many",
          lastName: "Accounts",
          loginEmail: email,
          recoveryEmail: uniqueEmail(),
          password: strongPassword,
          organization: {
            type: "individual",
            postalAddress: { line1: "x", postalCode: "1", city: "y", country: "CH" },
          },
        },
      });
      if (answer.status === 429) refused = answer;
      else expect(answer.status).toBe(201);
    }
    expect(refused?.body).toMatchObject({ code: "TOO_MANY_REQUESTS", limit: "signUpPerClient" });
    const signIn = await call<Problem>(local.api, "POST", "/v1/sessions", {
      body: { loginEmail: email, password: strongPassword },
    });
    expect(signIn.status).toBe(401);
    expect(await mailsTo(local.runtime, email)).toEqual([]);
  });

  it("R-A9 stops random-token confirmations from one client address", async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 32; attempt++) {
      const answer = await call(local.api, "POST", "/v1/me/login-email-changes/confirm", {
        body: { token: `guess-${attempt}-0123456789abcdef0123456789abcdef` },
      });
      statuses.push(answer.status);
    }
    expect(statuses.slice(0, 30).every((status) => status === 410)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
  });
});
