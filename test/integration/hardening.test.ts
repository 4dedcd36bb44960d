import { describe, expect, it } from "vitest";
import { signUp, strongPassword, uniqueEmail } from "#test/support/accounts";
import { call, mailsTo, useLocalRuntime } from "#test/support/runtime";

const local = useLocalRuntime();

type Problem = { code: string; errors?: { path: string }[] };

describe("text a person enters", () => {
  it("refuses control characters and direction overrides with 422 and the field's path, writing nothing", async () => {
    const account = await signUp(local.api);
    const read = await call(local.api, "GET", `/v1/organizations/${account.orgId}`, { token: account.token });
    for (const name of [
      "Acme\r\nBcc: victim@example.org",
      "Acme\u0000",
      "Acme\u202Eevil",
      "A\u0085B",
      "A\u2066B",
    ]) {
      const answer = await call<Problem>(local.api, "PATCH", `/v1/organizations/${account.orgId}`, {
        token: account.token,
        headers: { "if-match": read.headers.get("etag") ?? "" },
        body: { type: "company", name },
      });
      expect([answer.status, answer.body.code]).toEqual([422, "INVALID_TEXT"]);
      expect(answer.body.errors?.map((error) => error.path)).toEqual(["body.name"]);
    }
    const after = await call<{ name: string }>(local.api, "GET", `/v1/organizations/${account.orgId}`, {
      token: account.token,
    });
    expect(after.body.name).toBe(read.body.name);
    expect(after.headers.get("etag")).toBe(read.headers.get("etag"));
  });

  it("refuses them in a sign-up's names and address: no account, no mail", async () => {
    const loginEmail = uniqueEmail("ctrl");
    const answer = await call<Problem>(local.api, "POST", "/v1/accounts", {
      body: {
        firstName: "Eve\nSubject: hi",
        lastName: "Line",
        loginEmail,
        recoveryEmail: uniqueEmail(),
        password: strongPassword,
        organization: {
          type: "individual",
          postalAddress: { line1: "Main\u0007Street", postalCode: "1", city: "y", country: "CH" },
        },
      },
    });
    expect([answer.status, answer.body.code]).toEqual([422, "INVALID_TEXT"]);
    expect(answer.body.errors?.map((error) => error.path).sort()).toEqual([
      "body.firstName",
      "body.organization.postalAddress.line1",
    ]);
    expect(await mailsTo(local.runtime, loginEmail)).toEqual([]);
  });
});

describe("path ids and cursors", () => {
  it("answers 404 for an id that cannot exist (too long, or outside the id alphabet), never 5xx", async () => {
    const account = await signUp(local.api);
    for (const id of ["x".repeat(1024), "x".repeat(2048), "o'1", "a b", "é"]) {
      const path = `/v1/organizations/${encodeURIComponent(id)}/products/${encodeURIComponent(id)}`;
      const answer = await call<Problem>(local.api, "GET", path, { token: account.token });
      expect([answer.status, answer.body.code]).toEqual([404, "NOT_FOUND"]);
    }
  });

  it("answers 400 VALIDATION_FAILED for a cursor the server did not issue, on every paged route", async () => {
    const account = await signUp(local.api);
    const forged = [
      "not-base64!",
      Buffer.from("[]").toString("base64url"),
      Buffer.from(JSON.stringify({ pk: "ORG#other", sk: "LEDGER#1" })).toString("base64url"),
      Buffer.from(JSON.stringify({ pk: `ORG#${account.orgId}`, sk: "PROFILE" })).toString("base64url"),
    ];
    for (const cursor of forged) {
      for (const path of [
        `/v1/organizations/${account.orgId}/prepaid-account?cursor=${encodeURIComponent(cursor)}`,
        `/v1/organizations/${account.orgId}/audit?cursor=${encodeURIComponent(cursor)}`,
      ]) {
        const answer = await call<Problem>(local.api, "GET", path, { token: account.token });
        expect([path, answer.status, answer.body.code]).toEqual([path, 400, "VALIDATION_FAILED"]);
      }
    }
  });
});
