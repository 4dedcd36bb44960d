import { describe, expect, it } from "vitest";
import { signIn, signUp, strongPassword, uniqueEmail } from "#test/support/accounts";
import { call, resetsClock, useLocalRuntime } from "#test/support/runtime";

const swissIban = "CH93 0076 2011 6238 5295 7";

/**
 * The authorizer cache, as API Gateway keeps it: an answer per token for the declared TTL
 * (30 s, the production one). Within the window a revoked session still reads; the sensitive
 * writes (`freshSession` routes) check the session themselves and refuse it at once. The README
 * states both guarantees. The window's end is reached by moving the runtime's clock
 * (local/clock.ts), not by sleeping: no slow request can use the window up.
 */
const local = useLocalRuntime();
resetsClock(local);
const cacheSeconds = 30;

type Problem = { code: string };

describe("the authorizer cache", () => {
  it("keeps a signed-out session reading until the cache expires, and refuses its sensitive writes at once", async () => {
    const sensitiveCalls = (account: { token: string; orgId: string }) => [
      call<Problem>(local.api, "PUT", "/v1/me/password", {
        token: account.token,
        body: { currentPassword: strongPassword, newPassword: "Another-Strong-Pass-7" },
      }),
      call<Problem>(local.api, "POST", `/v1/organizations/${account.orgId}/prepaid-account/withdrawals`, {
        token: account.token,
        body: { amount: 100, iban: swissIban },
      }),
      call<Problem>(local.api, "POST", `/v1/organizations/${account.orgId}/invitations`, {
        token: account.token,
        body: { email: uniqueEmail(), role: "user", billingRights: false },
      }),
      call<Problem>(local.api, "DELETE", "/v1/me", { token: account.token }),
    ];
    // Each function's first call is a cold start: a throwaway account makes them all first, so
    // that the calls below fit in the cache window.
    await Promise.all(sensitiveCalls(await signUp(local.api)));

    const account = await signUp(local.api);
    const { clock } = local.runtime;
    // The authorizer's answer for this token is cached by this read, between these two instants.
    const askedAt = clock.now();
    expect((await call(local.api, "GET", "/v1/me", { token: account.token })).status).toBe(200);
    const answeredAt = clock.now();
    expect((await call(local.api, "DELETE", "/v1/sessions/current", { token: account.token })).status).toBe(
      204,
    );

    // Within the window: the cached answer lets reads through, as in AWS.
    const read = await call(local.api, "GET", "/v1/me", { token: account.token });
    expect(read.status).toBe(200);
    // Sensitive writes check the session in the handler: refused at once.
    const sensitive = sensitiveCalls(account);
    for (const answer of await Promise.all(sensitive)) {
      expect([answer.status, answer.body.code]).toEqual([401, "UNAUTHENTICATED"]);
    }

    // Still within the window a second before its end (a read takes milliseconds), however
    // long the calls above took: the TTL is not shorter than the declared one.
    clock.advance(Math.max(0, askedAt + (cacheSeconds - 1) * 1000 - clock.now()));
    expect((await call(local.api, "GET", "/v1/me", { token: account.token })).status).toBe(200);
    // Past the window (counted from the latest moment the answer can have been cached), the
    // authorizer runs again and refuses the token for reads too.
    clock.advance(Math.max(0, answeredAt + cacheSeconds * 1000 + 1 - clock.now()));
    const later = await call<Problem>(local.api, "GET", "/v1/me", { token: account.token });
    expect([later.status, later.body.code]).toEqual([401, "UNAUTHENTICATED"]);
  });

  it("lets a session replaced by a password change read within the window but not change the password again", async () => {
    const account = await signUp(local.api);
    const other = (await signIn(local.api, account.loginEmail)).body.token as string;
    expect((await call(local.api, "GET", "/v1/me", { token: other })).status).toBe(200);
    const changed = await call(local.api, "PUT", "/v1/me/password", {
      token: account.token,
      body: { currentPassword: strongPassword, newPassword: "Another-Strong-Pass-7" },
    });
    expect(changed.status).toBe(204);
    expect((await call(local.api, "GET", "/v1/me", { token: other })).status).toBe(200);
    const again = await call<Problem>(local.api, "PUT", "/v1/me/password", {
      token: other,
      body: { currentPassword: "Another-Strong-Pass-7", newPassword: "Yet-Another-Pass-8" },
    });
    expect([again.status, again.body.code]).toEqual([401, "UNAUTHENTICATED"]);
  });
});
