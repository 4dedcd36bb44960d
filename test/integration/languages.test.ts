import { describe, expect, it } from "vitest";
import { strongPassword, tokenFromMail, uniqueEmail } from "#test/support/accounts";
import { invitationToken, joinAs, readOrganization } from "#test/support/organizations";
import { call, eventually, mailsTo, type SentEmail, useLocalRuntime } from "#test/support/runtime";

/**
 * R-L1 and R-L2 through the HTTP contract: a language per user and per organization (from the
 * sign-up's body, else its Accept-Language, else English; changed on the profile and on the
 * organization), and every mail in its recipient's language (an address without an account:
 * the language of the request that caused it).
 */
const local = useLocalRuntime();

type Profile = { userId: string; firstName: string; lastName: string; phone?: string; language: string };
type Problem = { code: string; errors?: { path: string }[] };
type SignedUpAnswer = { user: Profile; organization: { orgId: string; language: string }; token: string };

const signUpBody = (language?: string) => ({
  firstName: "Ada",
  lastName: "Lovelace",
  loginEmail: uniqueEmail("lang"),
  recoveryEmail: uniqueEmail("lang-recovery"),
  password: strongPassword,
  organization: {
    type: "individual",
    postalAddress: { line1: "Bahnhofstrasse 1", postalCode: "8001", city: "Zürich", country: "CH" },
  },
  ...(language ? { language } : {}),
});

async function signUpWith(language: string | undefined, acceptLanguage?: string) {
  const body = signUpBody(language);
  const response = await call<SignedUpAnswer>(local.api, "POST", "/v1/accounts", {
    body,
    ...(acceptLanguage ? { headers: { "accept-language": acceptLanguage } } : {}),
  });
  expect(response.status).toBe(201);
  return { ...response.body, loginEmail: body.loginEmail };
}

const me = (token: string) => call<Profile>(local.api, "GET", "/v1/me", { token });

/** The first mail to an address whose subject passes `test`, once the outbox has sent it. */
const mailTo = (address: string, test: (subject: string) => boolean, what: string) =>
  eventually<SentEmail>(
    async () => (await mailsTo(local.runtime, address)).find((mail) => test(mail.subject)),
    5000,
    what,
  );

describe("a language per user and per organization", () => {
  it("R-L1 sign-up takes the body's language over Accept-Language; the profile shows it and the organization bills in it", async () => {
    const account = await signUpWith("it", "de-CH, de;q=0.9");
    expect(account.user.language).toBe("it");
    expect(account.organization.language).toBe("it");
    expect((await me(account.token)).body.language).toBe("it");
    const organization = await readOrganization(local, account.token, account.organization.orgId);
    expect(organization.body).toMatchObject({ language: "it" });
  });

  it("R-L1 without a language in the body, sign-up takes Accept-Language's preferred one of the four, else English", async () => {
    const swiss = await signUpWith(undefined, "es;q=1, de-CH;q=0.8, fr;q=0.5");
    expect(swiss.user.language).toBe("de");
    expect((await me(swiss.token)).body.language).toBe("de");
    const neither = await signUpWith(undefined);
    expect(neither.user.language).toBe("en");
    expect(neither.organization.language).toBe("en");
    const unknownOnly = await signUpWith(undefined, "es, pt;q=0.5");
    expect(unknownOnly.user.language).toBe("en");
  });

  it("R-L1 R-S4 PATCH /v1/me changes the name, phone and language and answers the profile; es and unknown fields are refused", async () => {
    const account = await signUpWith("en");
    const changed = await call<Profile>(local.api, "PATCH", "/v1/me", {
      token: account.token,
      body: { firstName: "Augusta", phone: "+41 44 123 45 67", language: "fr" },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      firstName: "Augusta",
      lastName: "Lovelace",
      phone: "+41 44 123 45 67",
      language: "fr",
    });
    expect((await me(account.token)).body).toMatchObject({ firstName: "Augusta", language: "fr" });
    const phoneRemoved = await call<Profile>(local.api, "PATCH", "/v1/me", {
      token: account.token,
      body: { phone: null },
    });
    expect(phoneRemoved.body.phone).toBeUndefined();
    expect(phoneRemoved.body.language).toBe("fr");

    for (const body of [{ language: "es" }, { language: "FR" }, { loginEmail: uniqueEmail() }]) {
      const refused = await call<Problem>(local.api, "PATCH", "/v1/me", { token: account.token, body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.code).toBe("VALIDATION_FAILED");
    }
    expect((await me(account.token)).body.language).toBe("fr");
    const anonymous = await call(local.api, "PATCH", "/v1/me", { body: { language: "de" } });
    expect(anonymous.status).toBe(401);

    // The profile's language is the creator's for an organization created from now on.
    const created = await call<{ language: string }>(local.api, "POST", "/v1/organizations", {
      token: account.token,
      body: {
        type: "association",
        name: "Club des machines",
        postalAddress: { line1: "Rue du Lac 1", postalCode: "1200", city: "Genève", country: "CH" },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.language).toBe("fr");
  });

  it("R-L1 R-L2 an organization's billing language changes with If-Match; each legal representative reads the summary in their own language", async () => {
    const owner = await signUpWith("de");
    const italian = await signUpWith("it");
    const joined = {
      userId: italian.user.userId,
      orgId: italian.organization.orgId,
      loginEmail: italian.loginEmail,
      recoveryEmail: "",
      token: italian.token,
      organizationName: "",
    };
    await joinAs(local, owner, owner.organization.orgId, { role: "legal_representative", person: joined });
    const before = await readOrganization(local, owner.token, owner.organization.orgId);
    const changed = await call<{ language: string }>(
      local.api,
      "PATCH",
      `/v1/organizations/${owner.organization.orgId}`,
      { token: owner.token, body: { language: "fr" }, headers: { "if-match": before.etag ?? "" } },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.language).toBe("fr");
    expect((await readOrganization(local, italian.token, owner.organization.orgId)).body).toMatchObject({
      language: "fr",
    });
    const refused = await call<Problem>(local.api, "PATCH", `/v1/organizations/${owner.organization.orgId}`, {
      token: owner.token,
      body: { language: "es" },
      headers: { "if-match": changed.headers.get("etag") ?? "" },
    });
    expect(refused.status).toBe(400);

    const german = await mailTo(
      owner.loginEmail,
      (subject) => subject.startsWith("Die Angaben von"),
      "German summary",
    );
    expect(german.body.text).toMatch(/- Rechnungssprache\n\s+bisher: Deutsch\n\s+neu:\s+Französisch/);
    expect(german.body.html).toMatch(/^<!doctype html>\n<html lang="de">/);
    const inItalian = await mailTo(
      italian.loginEmail,
      (subject) => subject.startsWith("I dati di"),
      "Italian summary",
    );
    expect(inItalian.body.text).toMatch(/- lingua di fatturazione\n\s+prima: tedesco\n\s+dopo:\s+francese/);
    expect(inItalian.body.html).toMatch(/^<!doctype html>\n<html lang="it">/);
  });
});

describe("mails in the recipient's language", () => {
  it("R-L2 a German user gets a German welcome, subject and body", async () => {
    const account = await signUpWith("de");
    const welcome = await mailTo(account.loginEmail, () => true, "welcome");
    expect(welcome.subject).toBe("Willkommen bei Ihrem Hosting-Konto");
    expect(welcome.body.text).toContain("Guten Tag Ada");
    expect(welcome.body.text).toContain("Ihr Konto und die Organisation «Ada Lovelace» sind eingerichtet.");
    expect(welcome.body.text).not.toMatch(/\b(Hello|Sign in|Your account)\b/);
    expect(welcome.body.html).toMatch(/^<!doctype html>\n<html lang="de">/);
    expect(welcome.body.html).toContain(">Anmelden</a>");
  });

  it("R-L2 an invitation to an address without an account follows the inviter request's Accept-Language, and so does the sign-up from it", async () => {
    const inviter = await signUpWith("en");
    const email = uniqueEmail("invitee");
    const invited = await call(
      local.api,
      "POST",
      `/v1/organizations/${inviter.organization.orgId}/invitations`,
      {
        token: inviter.token,
        body: { email, role: "user", billingRights: false },
        headers: { "accept-language": "fr-CH, en;q=0.5" },
      },
    );
    expect(invited.status).toBe(201);
    const invitation = await mailTo(
      email,
      (subject) => subject.startsWith("Invitation à rejoindre"),
      "French invitation",
    );
    expect(invitation.body.text).toContain("Ada Lovelace vous invite à rejoindre l’organisation");
    expect(invitation.body.text).toContain("rôle\u00a0: utilisateur");
    expect(invitation.body.html).toMatch(/^<!doctype html>\n<html lang="fr">/);

    const signedUp = await call<SignedUpAnswer>(local.api, "POST", "/v1/accounts", {
      body: {
        firstName: "Marie",
        lastName: "Curie",
        recoveryEmail: uniqueEmail("invitee-recovery"),
        password: strongPassword,
        invitationToken: tokenFromMail(invitation.body.text),
      },
      headers: { "accept-language": "fr" },
    });
    expect(signedUp.status).toBe(201);
    expect(signedUp.body.user.language).toBe("fr");
    const welcome = await mailTo(email, (subject) => subject.startsWith("Bienvenue"), "French welcome");
    expect(welcome.body.text).toContain("Bonjour Marie,");
  });

  it("R-L2 a member whose language is Italian gets Italian membership mails, whatever the inviter's request says", async () => {
    const owner = await signUpWith("de");
    const member = await signUpWith("it");
    const invited = await call(
      local.api,
      "POST",
      `/v1/organizations/${owner.organization.orgId}/invitations`,
      {
        token: owner.token,
        body: { email: member.loginEmail, role: "user", billingRights: false },
        headers: { "accept-language": "de-CH" },
      },
    );
    expect(invited.status).toBe(201);
    const token = await invitationToken(local, member.loginEmail);
    const invitation = (await mailsTo(local.runtime, member.loginEmail)).find((mail) =>
      mail.body.text?.includes(token),
    );
    expect(invitation?.subject).toBe("Invito a far parte di Ada Lovelace");
    const accepted = await call(local.api, "POST", "/v1/invitations/accept", {
      token: member.token,
      body: { token },
    });
    expect(accepted.status).toBe(200);

    const changed = await call(
      local.api,
      "PATCH",
      `/v1/organizations/${owner.organization.orgId}/members/${member.user.userId}`,
      { token: owner.token, body: { role: "administrator" } },
    );
    expect(changed.status).toBe(200);
    const rights = await mailTo(
      member.loginEmail,
      (subject) => subject.startsWith("I Suoi diritti"),
      "Italian rights mail",
    );
    expect(rights.subject).toBe("I Suoi diritti in Ada Lovelace sono cambiati");
    expect(rights.body.text).toContain("- ruolo: utente → amministratore");
    expect(rights.body.html).toMatch(/^<!doctype html>\n<html lang="it">/);
  });

  it("R-L2 a reset link follows the account's language; a reset asked for an address without an account, the request's", async () => {
    const account = await signUpWith("fr");
    const asked = await call(local.api, "POST", "/v1/password-resets", {
      body: { email: account.loginEmail },
      headers: { "accept-language": "de" },
    });
    expect(asked.status).toBe(202);
    const reset = await mailTo(
      account.loginEmail,
      (subject) => subject.startsWith("Réinitialisez"),
      "French reset",
    );
    expect(reset.body.text).toContain("Choisir un nouveau mot de passe");

    const nobody = uniqueEmail("nobody");
    await call(local.api, "POST", "/v1/password-resets", {
      body: { email: nobody },
      headers: { "accept-language": "it-CH" },
    });
    const notice = await mailTo(nobody, () => true, "notice to an address without an account");
    expect(notice.subject).toBe("Reimpostazione della password: nessun account usa questo indirizzo");
  });
});
