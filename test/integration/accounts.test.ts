import { describe, expect, it } from "vitest";
import { signIn, signUp, strongPassword, tokenFromMail, uniqueEmail } from "#test/support/accounts";
import { call, eventually, mailsTo, resetsClock, useLocalRuntime } from "#test/support/runtime";

const local = useLocalRuntime();
resetsClock(local);

type Problem = { code: string; status: number; errors?: { path: string }[] };

const entities = () => import("#shared/entities");
const layer = async () => ({
  ...(await import("#shared/entity/reads")),
  ...(await import("#shared/entity/transactions")),
  ...(await import("#shared/entity/writes")),
});

describe("sign-up", () => {
  it("R-O1 R-O2 R-O5 creates the user, an individual's organization named after the person in CHF, and a session", async () => {
    const account = await signUp(local.api, { firstName: "Grace", lastName: "Hopper" });
    expect(account.organizationName).toBe("Grace Hopper");
    const me = await call<{
      loginEmail: string;
      organizations: { orgId: string; role: string; name: string }[];
    }>(local.api, "GET", "/v1/me", { token: account.token });
    expect(me.status).toBe(200);
    expect(me.body.loginEmail).toBe(account.loginEmail);
    expect(me.body.organizations).toEqual([
      expect.objectContaining({ orgId: account.orgId, role: "legal_representative", name: "Grace Hopper" }),
    ]);
    const { Organization } = await entities();
    const { getItem } = await layer();
    const organization = await getItem(Organization, { orgId: account.orgId });
    expect(organization?.currency).toBe("CHF");
    expect(organization?.legalRepresentativeCount).toBe(1);
    const welcome = await eventually(
      async () => (await mailsTo(local.runtime, account.loginEmail))[0],
      5000,
      "welcome",
    );
    expect(welcome.subject).toContain("Welcome");
  });

  it("R-O2 R-O5 names a company after its legal name and bills a German address in EUR", async () => {
    const response = await call<{ organization: { name: string; currency: string } }>(
      local.api,
      "POST",
      "/v1/accounts",
      {
        body: {
          firstName: "Ada",
          lastName: "Lovelace",
          loginEmail: uniqueEmail(),
          recoveryEmail: uniqueEmail("recovery"),
          password: strongPassword,
          organization: {
            type: "company",
            name: "Analytical Engines GmbH",
            postalAddress: { line1: "Hauptstrasse 1", postalCode: "10115", city: "Berlin", country: "de" },
          },
        },
      },
    );
    expect(response.status).toBe(201);
    expect(response.body.organization).toMatchObject({ name: "Analytical Engines GmbH", currency: "EUR" });
  });

  it("R-O3 refuses a company without a name and an unknown organization type, listing each field", async () => {
    const response = await call<Problem>(local.api, "POST", "/v1/accounts", {
      body: {
        firstName: "A",
        lastName: "B",
        loginEmail: "not-an-email",
        recoveryEmail: uniqueEmail(),
        password: strongPassword,
        organization: {
          type: "company",
          postalAddress: { line1: "x", postalCode: "1", city: "y", country: "CH" },
        },
        unexpected: true,
      },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.body.code).toBe("VALIDATION_FAILED");
    expect(response.body.errors?.map((error) => error.path).sort()).toEqual([
      "body",
      "body.loginEmail",
      "body.organization.name",
    ]);
    const other = await call<Problem>(local.api, "POST", "/v1/accounts", {
      body: {
        firstName: "A",
        lastName: "B",
        loginEmail: uniqueEmail(),
        recoveryEmail: uniqueEmail(),
        password: strongPassword,
        organization: {
          type: "cooperative",
          postalAddress: { line1: "x", postalCode: "1", city: "y", country: "CH" },
        },
      },
    });
    expect(other.body.errors?.map((error) => error.path)).toEqual(["body.organization.type"]);
  });

  it("R-A5 refuses a login email already used, compared case-insensitively, and writes nothing", async () => {
    const first = await signUp(local.api);
    const again = await call<Problem>(local.api, "POST", "/v1/accounts", {
      body: {
        firstName: "Eve",
        lastName: "Copy",
        loginEmail: first.loginEmail.toUpperCase(),
        recoveryEmail: uniqueEmail(),
        password: strongPassword,
        organization: {
          ...{ type: "individual" },
          postalAddress: { line1: "x", postalCode: "1", city: "y", country: "FR" },
        },
      },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("LOGIN_EMAIL_TAKEN");
    // Nothing of the refused sign-up was written: no organization of that name anywhere in the table.
    const { ScanCommand } = await import("@aws-sdk/lib-dynamodb");
    const { dynamo, tableName } = await import("#shared/db");
    const scan = await dynamo.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: "#entity = :organization AND #name = :name",
        ExpressionAttributeNames: { "#entity": "entity", "#name": "name" },
        ExpressionAttributeValues: { ":organization": "organization", ":name": "Eve Copy" },
      }),
    );
    expect(scan.Items ?? []).toHaveLength(0);
  });

  it("R-A5 lets exactly one of concurrent sign-ups with the same email win", async () => {
    const email = uniqueEmail("race");
    // Five: the sixth would meet the per-address mail limit (R-A9) before the race.
    const attempts = await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        call<Problem>(local.api, "POST", "/v1/accounts", {
          body: {
            firstName: "Racer",
            lastName: String(index),
            loginEmail: index % 2 ? email.toUpperCase() : email,
            recoveryEmail: uniqueEmail(),
            password: strongPassword,
            organization: {
              type: "individual",
              postalAddress: { line1: "x", postalCode: "1", city: "y", country: "CH" },
            },
          },
        }),
      ),
    );
    const statuses = attempts.map((attempt) => attempt.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409]);
    const { Membership, LoginEmail, membershipsOfUser } = await entities();
    const { getItem, queryAll } = await layer();
    const guard = await getItem(LoginEmail, { email });
    const memberships = await queryAll(Membership, membershipsOfUser(guard?.userId as string));
    expect(memberships).toHaveLength(1);
  });

  it("R-A2 refuses a recovery email equal to the login email", async () => {
    const email = uniqueEmail();
    const response = await call<Problem>(local.api, "POST", "/v1/accounts", {
      body: {
        firstName: "A",
        lastName: "B",
        loginEmail: email,
        recoveryEmail: email.toUpperCase(),
        password: strongPassword,
        organization: {
          type: "individual",
          postalAddress: { line1: "x", postalCode: "1", city: "y", country: "CH" },
        },
      },
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe("SAME_AS_LOGIN_EMAIL");
  });

  it("R-A4 applies the written password policy at sign-up (length, email, common)", async () => {
    const email = uniqueEmail("policy");
    for (const password of ["short-1", `${email.split("@")[0]}-longer`, "password1234"]) {
      const response = await call<Problem>(local.api, "POST", "/v1/accounts", {
        body: {
          firstName: "A",
          lastName: "B",
          loginEmail: email,
          recoveryEmail: uniqueEmail(),
          password,
          organization: {
            type: "individual",
            postalAddress: { line1: "x", postalCode: "1", city: "y", country: "CH" },
          },
        },
      });
      expect(response.status, password).toBe(422);
      expect(response.body.code).toBe("WEAK_PASSWORD");
    }
  });

  it("R-O1 places a first order with the account in one request; a refused first order creates no account", async () => {
    const body = (order: unknown) => ({
      firstName: "A",
      lastName: "B",
      loginEmail,
      recoveryEmail: uniqueEmail(),
      password: strongPassword,
      organization: {
        type: "individual",
        postalAddress: { line1: "x", postalCode: "1", city: "y", country: "CH" },
      },
      order,
    });
    const loginEmail = uniqueEmail();
    const refused = await call<Problem>(local.api, "POST", "/v1/accounts", {
      body: body({
        paymentMethod: "card",
        lines: [{ productKind: "domain", name: "b.ch", promoCode: "NO-SUCH" }],
      }),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe("PROMO_CODE_INVALID");
    expect((await signIn(local.api, loginEmail)).status).toBe(401);
    const response = await call<{
      organization: { orgId: string };
      order: { lines: { productId: string; productKind: string }[]; currency: string };
      invoice: { status: string; amount: number };
    }>(local.api, "POST", "/v1/accounts", {
      body: body({ paymentMethod: "invoice", lines: [{ productKind: "domain", name: "b.ch" }] }),
    });
    expect(response.status).toBe(201);
    expect(response.body.order).toMatchObject({ currency: "CHF", lines: [{ productKind: "domain" }] });
    expect(response.body.invoice).toMatchObject({ status: "open", amount: 1500 });
    const { Organization } = await entities();
    const { getItem } = await layer();
    const organization = await getItem(Organization, { orgId: response.body.organization.orgId });
    expect(organization?.productCount).toBe(1);
  });
});

describe("sessions", () => {
  it("R-A1 has one login identifier, the email shown on the profile, normalised, that signs in", async () => {
    const mixedCase = uniqueEmail("MiXeD");
    const account = await signUp(local.api, { loginEmail: `  ${mixedCase}  ` });
    expect(account.loginEmail).toBe(mixedCase.toLowerCase());
    const me = await call<{ loginEmail: string }>(local.api, "GET", "/v1/me", { token: account.token });
    expect(me.body.loginEmail).toBe(mixedCase.toLowerCase());
    expect((await signIn(local.api, mixedCase)).status).toBe(201);
  });

  it("R-A6 answers an unknown email and a wrong password the same way", async () => {
    const account = await signUp(local.api);
    const wrongPassword = await signIn(local.api, account.loginEmail, "Not-The-Password-42");
    const unknownEmail = await signIn(local.api, uniqueEmail("nobody"), "Not-The-Password-42");
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, instance: undefined });
    expect(strip(wrongPassword.body)).toEqual(strip(unknownEmail.body));
    expect(wrongPassword.body.code).toBe("INVALID_CREDENTIALS");
    const right = await signIn(local.api, account.loginEmail.toUpperCase());
    expect(right.status).toBe(201);
    expect(right.body.token).toMatch(/^ey/);
  });

  it("R-A6 audits a failed sign-in in the account's log, an unknown address's in its own for 90 days", async () => {
    const account = await signUp(local.api);
    const unknown = uniqueEmail("stranger");
    expect((await signIn(local.api, account.loginEmail, "Not-The-Password-42")).status).toBe(401);
    expect((await signIn(local.api, unknown, "Not-The-Password-42")).status).toBe(401);
    const { queryAll } = await layer();
    const { AuditEntry, auditLogOf } = await import("#shared/entities");
    const { unknownAddressAuditSeconds } = await import("#shared/accounts/accounts");
    const failedIn = async (scope: string) =>
      (await queryAll(AuditEntry, auditLogOf(scope))).filter(
        (entry) => entry.action === "session.sign_in_failed",
      );
    const [kept] = await failedIn(`USER#${account.userId}`);
    expect(kept).toBeDefined();
    // An account's audit log is kept with the account: no expiry.
    expect(kept?.expiresAt).toBeUndefined();
    const [stranger] = await failedIn(`SIGNIN#${unknown.toLowerCase()}`);
    const now = Math.floor(Date.now() / 1000);
    expect(stranger?.expiresAt).toBeGreaterThan(now + unknownAddressAuditSeconds - 60);
    expect(stranger?.expiresAt).toBeLessThanOrEqual(now + unknownAddressAuditSeconds);
  });

  it("R-A6 locks an address after repeated failures, known or unknown, even for the right password", async () => {
    const account = await signUp(local.api);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await signIn(local.api, account.loginEmail, "Wrong-Password-000")).status).toBe(401);
    }
    const locked = await signIn(local.api, account.loginEmail);
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe("ACCOUNT_LOCKED");
    const retryAfter = Number(locked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    const unknown = uniqueEmail("ghost");
    for (let attempt = 0; attempt < 5; attempt++) await signIn(local.api, unknown, "Wrong-Password-000");
    expect((await signIn(local.api, unknown, "Wrong-Password-000")).body.code).toBe("ACCOUNT_LOCKED");
    // The lock ends when Retry-After said: the right password signs in again.
    local.runtime.clock.advance(retryAfter * 1000);
    expect((await signIn(local.api, account.loginEmail)).status).toBe(201);
  });

  it("revokes the session on sign-out; a forged, expired or missing token is 401", async () => {
    const account = await signUp(local.api);
    expect((await call(local.api, "GET", "/v1/me", { token: account.token })).status).toBe(200);
    expect((await call(local.api, "DELETE", "/v1/sessions/current", { token: account.token })).status).toBe(
      204,
    );
    // The authorizer's answer for this token is cached (as in API Gateway): a sensitive write
    // checks the session itself and is refused at once (reads: test/integration/authorizer-cache.test.ts).
    const replayed = await call<Problem>(local.api, "PUT", "/v1/me/recovery-email", {
      token: account.token,
      body: { recoveryEmail: uniqueEmail(), password: strongPassword },
    });
    expect(replayed.status).toBe(401);
    expect(replayed.body.code).toBe("UNAUTHENTICATED");
    const [header, payload] = account.token.split(".");
    const forged = await call<Problem>(local.api, "GET", "/v1/me", { token: `${header}.${payload}.AAAA` });
    expect(forged.status).toBe(401);
    expect((await call<Problem>(local.api, "GET", "/v1/me")).status).toBe(401);
    const { decodeJwt, SignJWT } = await import("jose");
    // A token of a session still open, signed with the current key and its id, living a minute:
    // accepted while it lives, refused after for its expiry alone (its session stays open).
    const { parseSigningKeys } = await import("#shared/signing-key");
    const { current } = parseSigningKeys(process.env.SIGNING_KEY ?? "");
    const open = (await signIn(local.api, account.loginEmail)).body.token;
    const { clock } = local.runtime;
    const expiresAt = Math.floor(clock.now() / 1000) + 60;
    const shortLived = await new SignJWT({ sid: decodeJwt(open).sid })
      .setProtectedHeader({ alg: "HS256", kid: current.kid })
      .setSubject(account.userId)
      .setIssuer("account-workflows")
      .setAudience("account-workflows-api")
      .setIssuedAt(expiresAt - 60)
      .setExpirationTime(expiresAt)
      .sign(current.key);
    expect((await call(local.api, "GET", "/v1/me", { token: shortLived })).status).toBe(200);
    // Past its expiry and past the authorizer cache's 30 s, on the runtime's clock.
    clock.advance(Math.max(0, (expiresAt + 31) * 1000 - clock.now()));
    expect((await call<Problem>(local.api, "GET", "/v1/me", { token: shortLived })).status).toBe(401);
    expect((await call(local.api, "GET", "/v1/me", { token: open })).status).toBe(200);
  });
});

describe("login email change", () => {
  it("R-A3 needs the current password, an address other than the recovery one, and an unused one", async () => {
    const account = await signUp(local.api);
    const other = await signUp(local.api);
    const wrong = await call<Problem>(local.api, "POST", "/v1/me/login-email-changes", {
      token: account.token,
      body: { newLoginEmail: uniqueEmail(), password: "Wrong-Password-000" },
    });
    expect([wrong.status, wrong.body.code]).toEqual([403, "INVALID_PASSWORD"]);
    const recovery = await call<Problem>(local.api, "POST", "/v1/me/login-email-changes", {
      token: account.token,
      body: { newLoginEmail: account.recoveryEmail.toUpperCase(), password: strongPassword },
    });
    expect([recovery.status, recovery.body.code]).toEqual([422, "SAME_AS_RECOVERY_EMAIL"]);
    const taken = await call<Problem>(local.api, "POST", "/v1/me/login-email-changes", {
      token: account.token,
      body: { newLoginEmail: other.loginEmail, password: strongPassword },
    });
    expect([taken.status, taken.body.code]).toEqual([409, "LOGIN_EMAIL_TAKEN"]);
  });

  it("R-A3 keeps the old identifier until the mailed single-use token is confirmed, then tells the old address", async () => {
    const account = await signUp(local.api);
    const newLoginEmail = uniqueEmail("new");
    const requested = await call(local.api, "POST", "/v1/me/login-email-changes", {
      token: account.token,
      body: { newLoginEmail, password: strongPassword },
    });
    expect(requested.status).toBe(202);
    const mail = await eventually(
      async () => (await mailsTo(local.runtime, newLoginEmail))[0],
      5000,
      "confirmation mail",
    );
    const token = tokenFromMail(mail.body.text);
    // Not confirmed yet: the old address still signs in, the new one does not.
    expect((await signIn(local.api, account.loginEmail)).status).toBe(201);
    expect((await signIn(local.api, newLoginEmail)).status).toBe(401);
    // Only the hash of the token is stored.
    const { EmailToken } = await entities();
    const { getItem } = await layer();
    const { hashToken } = await import("#shared/tokens");
    expect(await getItem(EmailToken, { tokenHash: token })).toBeUndefined();
    expect((await getItem(EmailToken, { tokenHash: hashToken(token) }))?.email).toBe(newLoginEmail);

    const confirmed = await call<{ loginEmail: string }>(
      local.api,
      "POST",
      "/v1/me/login-email-changes/confirm",
      {
        body: { token },
      },
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.loginEmail).toBe(newLoginEmail);
    expect((await signIn(local.api, newLoginEmail)).status).toBe(201);
    expect((await signIn(local.api, account.loginEmail)).status).toBe(401);
    const notice = await eventually(
      async () =>
        (await mailsTo(local.runtime, account.loginEmail)).find((sent) => sent.subject.includes("changed")),
      5000,
      "notice to the old address",
    );
    expect(notice.body.text).toContain(newLoginEmail);
    const replay = await call<Problem>(local.api, "POST", "/v1/me/login-email-changes/confirm", {
      body: { token },
    });
    expect([replay.status, replay.body.code]).toEqual([410, "TOKEN_EXPIRED_OR_USED"]);
    // The old address is free again.
    await signUp(local.api, { loginEmail: account.loginEmail });
  });

  it("R-A3 refuses a token after its hour and changes nothing", async () => {
    const account = await signUp(local.api);
    const newLoginEmail = uniqueEmail("late");
    const requested = await call(local.api, "POST", "/v1/me/login-email-changes", {
      token: account.token,
      body: { newLoginEmail, password: strongPassword },
    });
    expect(requested.status).toBe(202);
    // The token was issued by the time the request answered; an hour later (on the runtime's
    // clock) it is refused.
    const { clock } = local.runtime;
    const issuedBy = clock.now();
    const mail = await eventually(
      async () => (await mailsTo(local.runtime, newLoginEmail))[0],
      5000,
      "confirmation mail",
    );
    clock.advance(Math.max(0, issuedBy + 60 * 60_000 + 1_000 - clock.now()));
    const response = await call<Problem>(local.api, "POST", "/v1/me/login-email-changes/confirm", {
      body: { token: tokenFromMail(mail.body.text) },
    });
    expect([response.status, response.body.code]).toEqual([410, "TOKEN_EXPIRED_OR_USED"]);
    expect((await signIn(local.api, account.loginEmail)).status).toBe(201);
    expect((await signIn(local.api, newLoginEmail)).status).toBe(401);
  });

  it("R-A5 lets exactly one of two concurrent confirmations for the same new address win", async () => {
    const first = await signUp(local.api);
    const second = await signUp(local.api);
    const contested = uniqueEmail("contested");
    for (const account of [first, second]) {
      const response = await call(local.api, "POST", "/v1/me/login-email-changes", {
        token: account.token,
        body: { newLoginEmail: contested, password: strongPassword },
      });
      expect(response.status).toBe(202);
    }
    const mails = await eventually(async () => {
      const sent = await mailsTo(local.runtime, contested);
      return sent.length === 2 ? sent : undefined;
    });
    const results = await Promise.all(
      mails.map((mail) =>
        call<Problem>(local.api, "POST", "/v1/me/login-email-changes/confirm", {
          body: { token: tokenFromMail(mail.body.text) },
        }),
      ),
    );
    expect(results.map((result) => result.status).sort()).toEqual([200, 409]);
    expect(results.find((result) => result.status === 409)?.body.code).toBe("LOGIN_EMAIL_TAKEN");
    const { LoginEmail } = await entities();
    const guard = await (await layer()).getItem(LoginEmail, { email: contested });
    expect([first.userId, second.userId]).toContain(guard?.userId);
  });
});

describe("password and recovery email", () => {
  it("R-A4 needs the current password and the policy, mails a notice and ends the other sessions", async () => {
    const account = await signUp(local.api);
    const otherSession = (await signIn(local.api, account.loginEmail)).body.token;
    const wrong = await call<Problem>(local.api, "PUT", "/v1/me/password", {
      token: account.token,
      body: { currentPassword: "Wrong-Password-000", newPassword: "Another-Strong-Pass-7" },
    });
    expect([wrong.status, wrong.body.code]).toEqual([403, "INVALID_PASSWORD"]);
    const weak = await call<Problem>(local.api, "PUT", "/v1/me/password", {
      token: account.token,
      body: { currentPassword: strongPassword, newPassword: "short" },
    });
    expect([weak.status, weak.body.code]).toEqual([422, "WEAK_PASSWORD"]);
    const changed = await call(local.api, "PUT", "/v1/me/password", {
      token: account.token,
      body: { currentPassword: strongPassword, newPassword: "Another-Strong-Pass-7" },
    });
    expect(changed.status).toBe(204);
    expect((await call(local.api, "GET", "/v1/me", { token: otherSession })).status).toBe(401);
    expect((await call(local.api, "GET", "/v1/me", { token: account.token })).status).toBe(200);
    expect((await signIn(local.api, account.loginEmail)).status).toBe(401);
    expect((await signIn(local.api, account.loginEmail, "Another-Strong-Pass-7")).status).toBe(201);
    const notice = await eventually(async () =>
      (await mailsTo(local.runtime, account.loginEmail)).find((mail) => mail.subject.includes("password")),
    );
    expect(notice.body.text).toContain("signed out");
  });

  it("R-A2 changes the recovery email only to an address other than the login email", async () => {
    const account = await signUp(local.api);
    const same = await call<Problem>(local.api, "PUT", "/v1/me/recovery-email", {
      token: account.token,
      body: { recoveryEmail: account.loginEmail, password: strongPassword },
    });
    expect([same.status, same.body.code]).toEqual([422, "SAME_AS_LOGIN_EMAIL"]);
    const recoveryEmail = uniqueEmail("newrecovery");
    const changed = await call(local.api, "PUT", "/v1/me/recovery-email", {
      token: account.token,
      body: { recoveryEmail, password: strongPassword },
    });
    expect(changed.status).toBe(204);
    const me = await call<{ recoveryEmail: string }>(local.api, "GET", "/v1/me", { token: account.token });
    expect(me.body.recoveryEmail).toBe(recoveryEmail);
    const { AuditEntry, auditLogOf } = await entities();
    const audit = await (await layer()).queryAll(AuditEntry, auditLogOf(`USER#${account.userId}`));
    const entry = audit.find((item) => item.action === "recovery_email.changed");
    expect(entry).toMatchObject({ actorUserId: account.userId, details: { to: recoveryEmail } });
    expect(entry?.requestId).toBeTruthy();
  });
});

describe("closing an account", () => {
  it("R-A7 closes an account alone in its organization with no product, freeing the email; the organization's deletion follows", async () => {
    const account = await signUp(local.api);
    expect((await call(local.api, "DELETE", "/v1/me", { token: account.token })).status).toBe(204);
    expect((await signIn(local.api, account.loginEmail)).status).toBe(401);
    await signUp(local.api, { loginEmail: account.loginEmail });
    const { Organization } = await entities();
    const { getItem } = await layer();
    await eventually(
      async () => ((await getItem(Organization, { orgId: account.orgId })) ? undefined : true),
      20_000,
      "the organization's deletion",
    );
  });

  it("R-A7 refuses while the user is the last legal representative of an organization with other members", async () => {
    const owner = await signUp(local.api);
    const colleague = await signUp(local.api);
    // Set-up through the table: the colleague joins the owner's organization as a user.
    const { Membership, Organization } = await entities();
    const { createItem, transact, updateItem } = await layer();
    await transact([
      createItem(Membership, {
        orgId: owner.orgId,
        userId: colleague.userId,
        role: "user",
        billingRights: false,
        productIds: [],
        joinedAt: new Date().toISOString(),
      }),
      updateItem(Organization, { orgId: owner.orgId }, { add: { memberCount: 1 } }),
    ]);
    const refused = await call<Problem & { orgIds: string[] }>(local.api, "DELETE", "/v1/me", {
      token: owner.token,
    });
    expect([refused.status, refused.body.code]).toEqual([409, "LAST_LEGAL_REPRESENTATIVE"]);
    expect(refused.body.orgIds).toEqual([owner.orgId]);
    expect((await signIn(local.api, owner.loginEmail)).status).toBe(201);
    // The colleague may leave: their own organization closes, the membership in the other ends.
    expect((await call(local.api, "DELETE", "/v1/me", { token: colleague.token })).status).toBe(204);
    expect((await (await layer()).getItem(Organization, { orgId: owner.orgId }))?.memberCount).toBe(1);
  });
});
