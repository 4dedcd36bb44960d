import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signUp, strongPassword, uniqueEmail } from "#test/support/accounts";
import { call, mailsTo, resetsClock, useLocalRuntime } from "#test/support/runtime";

/**
 * R-A9: mail sent at someone's request is limited per account, per target address and per
 * client; sign-ups, sign-ins and public confirmations per client. Past a limit: 429
 * TOO_MANY_REQUESTS with Retry-After, nothing written, nothing sent; once Retry-After has passed
 * (on the runtime's clock, local/clock.ts), the next window allows again.
 *
 * The suite's users come from 127.0.0.1, which the local runtime leaves out of the per-client
 * limits (a developer's machine is one address for every test user); every other address is
 * counted, as AWS counts every client. The per-client tests here send from a loopback address of
 * their own (Linux answers on all of 127.0.0.0/8), drawn at random so that no earlier test or
 * run has counted it: they share the runtime of the files before them.
 */
const local = useLocalRuntime();
resetsClock(local);

const newClient = () => `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

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
    // A request's mails are sent before its answer (a function's work ends with its answer, as
    // in Lambda): every request has answered, so every mail they sent is in the store.
    expect(await mailsTo(local.runtime, target)).toHaveLength(5);
  });

  it("R-A9 stops sign-ups from one client address after ten, creating no account, until the window ends", async () => {
    const client = newClient();
    const signUpFrom = (from: string, email = uniqueEmail("many")) =>
      call<Problem>(local.api, "POST", "/v1/accounts", {
        from,
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
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt++) statuses.push((await signUpFrom(client)).status);
    expect(statuses).toEqual(Array(10).fill(201));
    const email = uniqueEmail("eleventh");
    const refused = await signUpFrom(client, email);
    expect([refused.status, refused.body]).toMatchObject([
      429,
      { code: "TOO_MANY_REQUESTS", limit: "signUpPerClient" },
    ]);
    const signIn = await call<Problem>(local.api, "POST", "/v1/sessions", {
      body: { loginEmail: email, password: strongPassword },
    });
    expect(signIn.status).toBe(401);
    expect(await mailsTo(local.runtime, email)).toEqual([]);
    // The limit is the client's: another address signs up.
    expect((await signUp(local.api, {}, { from: newClient() })).userId).toBeTruthy();
    // Once Retry-After has passed, a new window lets the client sign up again.
    local.runtime.clock.advance(Number(refused.headers.get("retry-after")) * 1000);
    expect((await signUpFrom(client, email)).status).toBe(201);
  });

  it("R-A9 stops random-token confirmations from one client address, until the window ends", async () => {
    const client = newClient();
    const guess = (attempt: number, from?: string) =>
      call(local.api, "POST", "/v1/me/login-email-changes/confirm", {
        ...(from ? { from } : {}),
        body: { token: `guess-${attempt}-0123456789abcdef0123456789abcdef` },
      });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 32; attempt++) statuses.push((await guess(attempt, client)).status);
    expect(statuses.slice(0, 30).every((status) => status === 410)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
    // 127.0.0.1, the developer's machine, is not counted locally (npm start and the suite).
    const fromThisMachine: number[] = [];
    for (let attempt = 0; attempt < 31; attempt++) fromThisMachine.push((await guess(100 + attempt)).status);
    expect(fromThisMachine.every((status) => status === 410)).toBe(true);
    const refused = await guess(32, client);
    expect(refused.status).toBe(429);
    local.runtime.clock.advance(Number(refused.headers.get("retry-after")) * 1000);
    expect((await guess(33, client)).status).toBe(410);
  });
});
