import { describe, expect, it } from "vitest";
import {
  type SignedUp,
  signIn,
  signUp,
  strongPassword,
  tokenFromMail,
  uniqueEmail,
} from "#test/support/accounts";
import {
  call,
  eventually,
  mailsTo,
  resetsClock,
  type SentEmail,
  useLocalRuntime,
} from "#test/support/runtime";

const local = useLocalRuntime();
resetsClock(local);

type Problem = { code: string; status: number; detail?: string };
const newPassword = "Fresh-Start-Password-31";

const resetSubject = "Reset your password";
const requestReset = (email: string, headers: Record<string, string> = {}) =>
  call<Record<string, unknown>>(local.api, "POST", "/v1/password-resets", { body: { email }, headers });
const confirmReset = (body: Record<string, unknown>) =>
  call<Problem>(local.api, "POST", "/v1/password-resets/confirm", { body });

/** The reset mails an address received, newest last, once `count` of them are there. */
async function resetMails(address: string, count = 1): Promise<SentEmail[]> {
  return eventually(
    async () => {
      const mails = (await mailsTo(local.runtime, address)).filter((mail) => mail.subject === resetSubject);
      return mails.length >= count ? mails : undefined;
    },
    5000,
    `${count} reset mail(s) to ${address}`,
  );
}
const newestLink = async (address: string, count = 1) => {
  const mails = await resetMails(address, count);
  return tokenFromMail(mails[mails.length - 1]?.body.text);
};

/** A sensitive write checks the session itself (the authorizer's answer may be cached). */
const sessionWorks = async (token: string) =>
  (
    await call(local.api, "PUT", "/v1/me/recovery-email", {
      token,
      body: { recoveryEmail: uniqueEmail("probe"), password: "not-checked-first-000" },
    })
  ).status !== 401;

const stable = (response: Awaited<ReturnType<typeof requestReset>>) => {
  const headers = Object.fromEntries(
    [...response.headers.entries()].filter(
      ([name]) => !["date", "x-request-id", "content-length"].includes(name),
    ),
  );
  return { status: response.status, body: response.body, headers };
};

describe("password reset", () => {
  it("R-A8 answers the same whether or not an account has the address; links go to the login and the recovery address, hashed at rest", async () => {
    const account = await signUp(local.api);
    const nobody = uniqueEmail("nobody");
    const known = await requestReset(account.loginEmail.toUpperCase());
    const unknown = await requestReset(nobody);
    expect(known.status).toBe(202);
    expect(stable(known)).toEqual(stable(unknown));

    const toLogin = await newestLink(account.loginEmail);
    const toRecovery = await newestLink(account.recoveryEmail);
    expect(toLogin).not.toBe(toRecovery);
    // The unknown address's owner learns that no account uses it, and gets no link.
    const notice = await eventually(
      async () => (await mailsTo(local.runtime, nobody))[0],
      5000,
      "no-account mail",
    );
    expect(notice.subject).toContain("no account");
    expect(notice.body.text).not.toMatch(/token=/);

    const { PasswordReset } = await import("#shared/entities");
    const { getItem } = await import("#shared/entity/reads");
    const { hashToken } = await import("#shared/tokens");
    const stored = await getItem(PasswordReset, { userId: account.userId });
    expect([stored?.loginTokenHash, stored?.recoveryTokenHash]).toEqual([
      hashToken(toLogin),
      hashToken(toRecovery),
    ]);
    expect(JSON.stringify(stored)).not.toContain(toLogin.slice(16));
    expect(JSON.stringify(stored)).not.toContain(toRecovery.slice(16));
    // 30 minutes.
    const lifetime = (stored?.expiresAt ?? 0) - Date.parse(stored?.createdAt ?? "") / 1000;
    expect(lifetime).toBeGreaterThan(29 * 60);
    expect(lifetime).toBeLessThanOrEqual(30 * 60 + 1);
  });

  it("R-A8 sets a password that meets the policy; ends every session, lifts the sign-in lock and tells both addresses", async () => {
    const account = await signUp(local.api);
    const other = (await signIn(local.api, account.loginEmail)).body.token;
    for (let attempt = 0; attempt < 5; attempt++)
      await signIn(local.api, account.loginEmail, "Wrong-Password-000");
    expect((await signIn(local.api, account.loginEmail)).body.code).toBe("ACCOUNT_LOCKED");

    expect((await requestReset(account.loginEmail)).status).toBe(202);
    const link = await newestLink(account.recoveryEmail);
    const weak = await confirmReset({ token: link, newPassword: "short" });
    expect([weak.status, weak.body.code]).toEqual([422, "WEAK_PASSWORD"]);
    // A refused password uses nothing: the same link still works.
    expect((await confirmReset({ token: link, newPassword })).status).toBe(204);

    for (const token of [account.token, other]) expect(await sessionWorks(token)).toBe(false);
    expect((await signIn(local.api, account.loginEmail, strongPassword)).status).toBe(401);
    expect((await signIn(local.api, account.loginEmail, newPassword)).status).toBe(201);
    for (const address of [account.loginEmail, account.recoveryEmail]) {
      await eventually(
        async () =>
          (await mailsTo(local.runtime, address)).find((mail) => mail.subject === "Your password was reset"),
        5000,
        `notice to ${address}`,
      );
    }
    // Single use: the link again, and its sibling to the login address, are refused.
    expect((await confirmReset({ token: link, newPassword: "Yet-Another-Password-44" })).body.code).toBe(
      "TOKEN_EXPIRED_OR_USED",
    );
    const sibling = await newestLink(account.loginEmail);
    const siblingAnswer = await confirmReset({ token: sibling, newPassword: "Yet-Another-Password-44" });
    expect([siblingAnswer.status, siblingAnswer.body.code]).toEqual([410, "TOKEN_EXPIRED_OR_USED"]);
  });

  it("R-A8 a newer request replaces the older links", async () => {
    const account = await signUp(local.api);
    await requestReset(account.loginEmail);
    const older = await newestLink(account.loginEmail, 1);
    await requestReset(account.loginEmail);
    const newer = await newestLink(account.loginEmail, 2);
    const refused = await confirmReset({ token: older, newPassword });
    expect([refused.status, refused.body.code]).toEqual([410, "TOKEN_EXPIRED_OR_USED"]);
    expect((await signIn(local.api, account.loginEmail)).status).toBe(201);
    expect((await confirmReset({ token: newer, newPassword })).status).toBe(204);
  });

  it("R-A8 keeps a link for its 30 minutes, refuses it after them and changes nothing", async () => {
    const [early, late] = [await signUp(local.api), await signUp(local.api)];
    // The links are issued between these two instants of the runtime's clock.
    const { clock } = local.runtime;
    const issuedFrom = clock.now();
    for (const account of [early, late]) expect((await requestReset(account.loginEmail)).status).toBe(202);
    const issuedBy = clock.now();
    const links = { early: await newestLink(early.loginEmail), late: await newestLink(late.loginEmail) };
    // Half a minute before the end of its 30 minutes, a link still works...
    clock.advance(Math.max(0, issuedFrom + 29.5 * 60_000 - clock.now()));
    expect((await confirmReset({ token: links.early, newPassword })).status).toBe(204);
    // ...and past them it is refused, the password unchanged.
    clock.advance(Math.max(0, issuedBy + 30 * 60_000 + 1_000 - clock.now()));
    const refused = await confirmReset({ token: links.late, newPassword });
    expect([refused.status, refused.body?.code]).toEqual([410, "TOKEN_EXPIRED_OR_USED"]);
    expect((await signIn(local.api, late.loginEmail)).status).toBe(201);
    expect((await signIn(local.api, late.loginEmail, newPassword)).status).toBe(401);
  });

  it("R-A8 R-A9 limits the mails per address asked for, the same for an account's address and an unknown one", async () => {
    const account = await signUp(local.api);
    const nobody = uniqueEmail("nobody");
    for (const address of [account.loginEmail, nobody]) {
      const answers = [];
      for (let attempt = 0; attempt < 6; attempt++) answers.push((await requestReset(address)).status);
      expect(answers).toEqual([202, 202, 202, 202, 202, 429]);
    }
  });

  it("answers a request retried with its Idempotency-Key once: one pair of links", async () => {
    const account = await signUp(local.api);
    const headers = { "idempotency-key": `reset-${account.userId}` };
    expect((await requestReset(account.loginEmail, headers)).status).toBe(202);
    const again = await requestReset(account.loginEmail, headers);
    expect([again.status, again.headers.get("idempotent-replayed")]).toEqual([202, "true"]);
    // A request's mails are sent before its answer (a function's work ends with its answer, as
    // in Lambda): once the replay has answered, any mail it sent would be in the store already.
    for (const address of [account.loginEmail, account.recoveryEmail])
      expect(await resetMails(address)).toHaveLength(1);
  });
});

describe("taking back one's address", () => {
  /** Someone signs up with another person's address, and a recovery address of their own. */
  async function squatted(): Promise<{ squatter: SignedUp; ownerAddress: string; ownerRecovery: string }> {
    const ownerAddress = uniqueEmail("owner");
    const squatter = await signUp(local.api, {
      loginEmail: ownerAddress,
      recoveryEmail: uniqueEmail("squatter"),
    });
    return { squatter, ownerAddress, ownerRecovery: uniqueEmail("owner-recovery") };
  }

  it("tells the owner who signs up with their own address how to take it back", async () => {
    const { ownerAddress } = await squatted();
    const refused = await call<Problem>(local.api, "POST", "/v1/accounts", {
      body: {
        firstName: "Owner",
        lastName: "Of-The-Address",
        loginEmail: ownerAddress,
        recoveryEmail: uniqueEmail(),
        password: strongPassword,
        organization: {
          type: "individual",
          postalAddress: { line1: "Rue 1", postalCode: "1000", city: "Lausanne", country: "CH" },
        },
      },
    });
    expect([refused.status, refused.body.code]).toEqual([409, "LOGIN_EMAIL_TAKEN"]);
    expect(refused.body.detail).toMatch(/reset its password/);
    expect(refused.body.detail).toMatch(/invite that account/);
    // The welcome mail at the address says so too.
    const welcome = await eventually(async () => (await mailsTo(local.runtime, ownerAddress))[0]);
    expect(welcome.body.text).toContain("/reset-password");
  });

  it("the link to the login address sets a new password and a recovery address: the one who opened the account is out", async () => {
    const { squatter, ownerAddress, ownerRecovery } = await squatted();
    await requestReset(ownerAddress);
    const ownerLink = await newestLink(ownerAddress);
    const squatterLink = await newestLink(squatter.recoveryEmail);
    // The recovery link cannot move the recovery address.
    const viaRecovery = await confirmReset({
      token: squatterLink,
      newPassword,
      recoveryEmail: uniqueEmail(),
    });
    expect([viaRecovery.status, viaRecovery.body.code]).toEqual([403, "RECOVERY_EMAIL_NEEDS_LOGIN_LINK"]);

    expect((await confirmReset({ token: ownerLink, newPassword, recoveryEmail: ownerRecovery })).status).toBe(
      204,
    );
    expect(await sessionWorks(squatter.token)).toBe(false);
    // The squatter's link died with the request; a new request mails only the owner's addresses.
    expect((await confirmReset({ token: squatterLink, newPassword: "Squatter-Again-Pass-77" })).status).toBe(
      410,
    );
    await requestReset(ownerAddress);
    await newestLink(ownerRecovery);
    expect(
      (await mailsTo(local.runtime, squatter.recoveryEmail)).filter((m) => m.subject === resetSubject),
    ).toHaveLength(1);
    // The old recovery address is told it was replaced.
    await eventually(
      async () =>
        (await mailsTo(local.runtime, squatter.recoveryEmail)).find((m) =>
          m.body.text?.includes(ownerRecovery),
        ),
      5000,
      "recovery change notice",
    );
    const owner = await signIn(local.api, ownerAddress, newPassword);
    expect(owner.status).toBe(201);
    const me = await call<{ recoveryEmail: string }>(local.api, "GET", "/v1/me", { token: owner.body.token });
    expect(me.body.recoveryEmail).toBe(ownerRecovery);
  });

  it("refuses a recovery address equal to the login address", async () => {
    const { ownerAddress } = await squatted();
    await requestReset(ownerAddress);
    const link = await newestLink(ownerAddress);
    const same = await confirmReset({ token: link, newPassword, recoveryEmail: ownerAddress.toUpperCase() });
    expect([same.status, same.body.code]).toEqual([422, "SAME_AS_LOGIN_EMAIL"]);
  });
});

describe("pending login-email changes", () => {
  const askChange = (account: SignedUp, newLoginEmail: string) =>
    call(local.api, "POST", "/v1/me/login-email-changes", {
      token: account.token,
      body: { newLoginEmail, password: strongPassword },
    });
  const changeLink = async (address: string) =>
    tokenFromMail((await eventually(async () => (await mailsTo(local.runtime, address))[0])).body.text);
  const confirmChange = (token: string) =>
    call<Problem & { loginEmail?: string }>(local.api, "POST", "/v1/me/login-email-changes/confirm", {
      body: { token },
    });

  it("R-A10 a newer request ends the pending one", async () => {
    const account = await signUp(local.api);
    const first = uniqueEmail("first");
    const second = uniqueEmail("second");
    expect((await askChange(account, first)).status).toBe(202);
    const firstLink = await changeLink(first);
    expect((await askChange(account, second)).status).toBe(202);
    const secondLink = await changeLink(second);
    const ended = await confirmChange(firstLink);
    expect([ended.status, ended.body.code]).toEqual([410, "TOKEN_EXPIRED_OR_USED"]);
    const confirmed = await confirmChange(secondLink);
    expect([confirmed.status, confirmed.body.loginEmail]).toEqual([200, second]);
  });

  it("R-A10 a password change or a reset ends the pending one", async () => {
    const account = await signUp(local.api);
    const wanted = uniqueEmail("wanted");
    await askChange(account, wanted);
    const link = await changeLink(wanted);
    const changed = await call(local.api, "PUT", "/v1/me/password", {
      token: account.token,
      body: { currentPassword: strongPassword, newPassword },
    });
    expect(changed.status).toBe(204);
    expect((await confirmChange(link)).body.code).toBe("TOKEN_EXPIRED_OR_USED");

    const other = await signUp(local.api);
    const alsoWanted = uniqueEmail("also-wanted");
    await askChange(other, alsoWanted);
    const otherLink = await changeLink(alsoWanted);
    await requestReset(other.loginEmail);
    expect((await confirmReset({ token: await newestLink(other.loginEmail), newPassword })).status).toBe(204);
    expect((await confirmChange(otherLink)).body.code).toBe("TOKEN_EXPIRED_OR_USED");
  });

  it("R-A10 R-A3 checks again at confirmation: the address still differs from the recovery one and belongs to nobody", async () => {
    const account = await signUp(local.api);
    const wanted = uniqueEmail("wanted");
    await askChange(account, wanted);
    const link = await changeLink(wanted);
    const moved = await call(local.api, "PUT", "/v1/me/recovery-email", {
      token: account.token,
      body: { recoveryEmail: wanted, password: strongPassword },
    });
    expect(moved.status).toBe(204);
    const same = await confirmChange(link);
    expect([same.status, same.body.code]).toEqual([422, "SAME_AS_RECOVERY_EMAIL"]);

    const second = await signUp(local.api);
    const contested = uniqueEmail("contested");
    await askChange(second, contested);
    const secondLink = await changeLink(contested);
    await signUp(local.api, { loginEmail: contested });
    const taken = await confirmChange(secondLink);
    expect([taken.status, taken.body.code]).toEqual([409, "LOGIN_EMAIL_TAKEN"]);
    // Nothing changed: the old address still signs in.
    expect((await signIn(local.api, second.loginEmail)).status).toBe(201);
  });
});
