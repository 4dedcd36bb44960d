import { describe, expect, it } from "vitest";
import type { ErrorCode, ErrorText } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import { titleOf } from "#shared/i18n/error-titles";
import { type Language, languages } from "#shared/i18n/languages";
import { individualOrganization, signUp, strongPassword, uniqueEmail } from "#test/support/accounts";
import { call, useLocalRuntime } from "#test/support/runtime";

const local = useLocalRuntime();

interface Problem {
  code: string;
  title: string;
  detail: string;
  status: number;
  errors?: { path: string; message: string }[];
}

/** The title and detail the catalogue of `language` has for a code and a text. */
const written = (language: Language, code: ErrorCode, text: ErrorText) => ({
  title: titleOf(code, language),
  detail: text[language],
});

/** Asks the same thing in each language: the same status and code, each in its own words. */
async function inEveryLanguage(
  ask: (acceptLanguage: string) => Promise<{ status: number; headers: Headers; body: Problem }>,
  expected: { status: number; code: ErrorCode; detail: ErrorText },
) {
  const answers = new Map<Language, Problem>();
  for (const language of languages) {
    const answer = await ask(`${language}-CH, ${language};q=0.9`);
    expect([answer.status, answer.headers.get("content-language"), answer.body.code], language).toEqual([
      expected.status,
      language,
      expected.code,
    ]);
    expect(answer.body, language).toMatchObject(written(language, expected.code, expected.detail));
    answers.set(language, answer.body);
  }
  // Four languages, four different texts.
  expect(new Set([...answers.values()].map((problem) => problem.detail)).size).toBe(languages.length);
  return answers;
}

describe("R-L3 problems in the language of Accept-Language", () => {
  it("R-L3 a validation error: title, detail and each field's message in de, fr, it and en", async () => {
    const answers = await inEveryLanguage(
      (acceptLanguage) =>
        call<Problem>(local.api, "POST", "/v1/accounts", {
          headers: { "accept-language": acceptLanguage },
          body: {
            firstName: "Ada",
            lastName: "Lovelace",
            loginEmail: "not an address",
            recoveryEmail: uniqueEmail("recovery"),
            password: strongPassword,
            organization: individualOrganization,
          },
        }),
      { status: 400, code: "VALIDATION_FAILED", detail: texts.requestNotValid },
    );
    expect(answers.get("de")?.errors).toEqual([{ path: "body.loginEmail", message: texts.emailNotValid.de }]);
    expect(answers.get("en")?.errors).toEqual([
      { path: "body.loginEmail", message: "Not a valid email address." },
    ]);
    // zod's own messages come from its locale of that language.
    const wrongType = await call<Problem>(local.api, "POST", "/v1/accounts", {
      headers: { "accept-language": "fr" },
      body: { firstName: 42 },
    });
    expect(wrongType.body.errors?.find((error) => error.path === "body.firstName")?.message).toMatch(
      /^Entrée invalide/,
    );
  });

  it("R-L3 a 404 of an organization the caller cannot see, in de, fr, it and en", async () => {
    const account = await signUp(local.api);
    await inEveryLanguage(
      (acceptLanguage) =>
        call<Problem>(local.api, "GET", "/v1/organizations/no-such-organization", {
          token: account.token,
          headers: { "accept-language": acceptLanguage },
        }),
      { status: 404, code: "NOT_FOUND", detail: texts.organizationNotFound },
    );
  });

  it("R-L3 a domain 409 LOGIN_EMAIL_TAKEN in de, fr, it and en", async () => {
    const first = await signUp(local.api);
    await inEveryLanguage(
      (acceptLanguage) =>
        call<Problem>(local.api, "POST", "/v1/accounts", {
          headers: { "accept-language": acceptLanguage },
          body: {
            firstName: "Ada",
            lastName: "Lovelace",
            loginEmail: first.loginEmail,
            recoveryEmail: uniqueEmail("recovery"),
            password: strongPassword,
            organization: individualOrganization,
          },
        }),
      { status: 409, code: "LOGIN_EMAIL_TAKEN", detail: texts.loginEmailTaken },
    );
  });

  it("R-L3 a 401 for a token of no session, answered by the function, in de, fr, it and en", async () => {
    await inEveryLanguage(
      (acceptLanguage) =>
        call<Problem>(local.api, "GET", "/v1/me", {
          token: "not-a-session-token",
          headers: { "accept-language": acceptLanguage },
        }),
      { status: 401, code: "UNAUTHENTICATED", detail: texts.signInFirst },
    );
  });

  it("R-L3 the q-weights decide, and a language not among the four answers English", async () => {
    const ask = (acceptLanguage: string) =>
      call<Problem>(local.api, "GET", "/v1/me", {
        token: "not-a-session-token",
        headers: { "accept-language": acceptLanguage },
      });
    const weighted = await ask("en;q=0.5, it");
    expect([weighted.headers.get("content-language"), weighted.body]).toEqual([
      "it",
      expect.objectContaining(written("it", "UNAUTHENTICATED", texts.signInFirst)),
    ]);
    const unknown = await ask("es-ES, pt;q=0.8");
    expect([unknown.headers.get("content-language"), unknown.body]).toEqual([
      "en",
      expect.objectContaining({ title: "Authentication required", detail: "Sign in first." }),
    ]);
    const none = await call<Problem>(local.api, "GET", "/v1/me", { token: "not-a-session-token" });
    expect([none.headers.get("content-language"), none.body.detail]).toEqual(["en", "Sign in first."]);
  });

  it("R-L3 the local gateway's own answers (no token, no route) follow Accept-Language too", async () => {
    const noToken = await call<Problem>(local.api, "GET", "/v1/me", { headers: { "accept-language": "de" } });
    expect([noToken.status, noToken.headers.get("content-language"), noToken.body]).toEqual([
      401,
      "de",
      expect.objectContaining({
        code: "UNAUTHENTICATED",
        ...written("de", "UNAUTHENTICATED", texts.bearerTokenMissing),
      }),
    ]);
    const noRoute = await call<Problem>(local.api, "GET", "/v1/nowhere", {
      headers: { "accept-language": "fr" },
    });
    expect([
      noRoute.status,
      noRoute.headers.get("content-language"),
      noRoute.body.code,
      noRoute.body.detail,
    ]).toEqual([404, "fr", "NOT_FOUND", "Il n’existe pas de route GET /v1/nowhere."]);
  });
});
