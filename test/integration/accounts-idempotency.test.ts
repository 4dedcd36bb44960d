/** Idempotency-Key on the account routes that take it: sign-up and login-email changes, retried. */
import { describe, expect, it } from "vitest";
import { signUp, strongPassword, uniqueEmail } from "#test/support/accounts";
import { call, mailsTo, resetsClock, useLocalRuntime } from "#test/support/runtime";

const local = useLocalRuntime();
resetsClock(local);

type Problem = { code: string; status: number; errors?: { path: string }[] };

describe("Idempotency-Key on sign-up and login-email changes", () => {
  it("answers a retried sign-up with the same account and a session that works, never a second account", async () => {
    const loginEmail = uniqueEmail("retry");
    const body = {
      firstName: "Retry",
      lastName: "Once",
      loginEmail,
      recoveryEmail: uniqueEmail(),
      password: strongPassword,
      organization: {
        type: "individual",
        postalAddress: { line1: "x", postalCode: "1", city: "y", country: "CH" },
      },
    };
    const headers = { "idempotency-key": `signup-${loginEmail}` };
    const first = await call<{ user: { userId: string }; token: string }>(local.api, "POST", "/v1/accounts", {
      body,
      headers,
    });
    const again = await call<{ user: { userId: string }; token: string }>(local.api, "POST", "/v1/accounts", {
      body,
      headers,
    });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.user.userId).toBe(first.body.user.userId);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.token).not.toBe(first.body.token);
    expect((await call(local.api, "GET", "/v1/me", { token: again.body.token })).status).toBe(200);
    // The first answer's token is not kept in the table: only a new session answers a replay.
    const { ScanCommand } = await import("@aws-sdk/lib-dynamodb");
    const { dynamo, tableName } = await import("#shared/db");
    const records = await dynamo.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: "#entity = :record",
        ExpressionAttributeNames: { "#entity": "entity" },
        ExpressionAttributeValues: { ":record": "idempotencyRecord" },
      }),
    );
    expect(JSON.stringify(records.Items)).not.toContain(first.body.token);
    // Another body under the same key is refused.
    const other = await call<Problem>(local.api, "POST", "/v1/accounts", {
      body: { ...body, lastName: "Twice" },
      headers,
    });
    expect([other.status, other.body.code]).toEqual([422, "IDEMPOTENCY_KEY_REUSED"]);
  });

  it("mails one confirmation for a login-email change retried with its key", async () => {
    const account = await signUp(local.api);
    const newLoginEmail = uniqueEmail("once");
    const ask = () =>
      call(local.api, "POST", "/v1/me/login-email-changes", {
        token: account.token,
        body: { newLoginEmail, password: strongPassword },
        headers: { "idempotency-key": "change-once" },
      });
    expect((await ask()).status).toBe(202);
    expect((await ask()).status).toBe(202);
    // A request's mails are sent before its answer (a function's work ends with its answer, as
    // in Lambda): once the retry has answered, any mail it sent would be in the store already.
    expect(await mailsTo(local.runtime, newLoginEmail)).toHaveLength(1);
  });
});
