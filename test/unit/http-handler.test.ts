import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { errors } from "#shared/errors";
import { httpHandler } from "#shared/http";
import * as texts from "#shared/i18n/error-texts";
import { route } from "#shared/route-types";
import { httpEvent, testContext } from "#test/support/events";

const body = z.strictObject({
  name: z.string().check(z.minLength(1)),
  address: z.strictObject({ country: z.string().check(z.length(2)) }),
  amount: z.number().check(z.int()),
});

const fixtureRoute = route({
  method: "POST",
  path: "/v1/things",
  handler: "test/unit/fixture.ts",
  auth: "public",
  summary: "fixture",
  successStatus: 201,
  body,
  access: {},
});

const echo = httpHandler(fixtureRoute, async (request) => ({
  status: 201,
  body: { received: request.body },
}));

const post = (
  payload: string | undefined,
  headers: Record<string, string> = { "Content-Type": "application/json" },
) => echo(httpEvent({ method: "POST", path: "/v1/things", headers, body: payload }), testContext);

const parse = (result: { body?: string }) => JSON.parse(result.body ?? "{}") as Record<string, unknown>;

describe("the handler chain", () => {
  it("passes a valid body, typed, to the handler and answers JSON with security headers", async () => {
    const result = await post(JSON.stringify({ name: "A", address: { country: "CH" }, amount: 5 }));
    expect(result.statusCode).toBe(201);
    expect(parse(result)).toEqual({ received: { name: "A", address: { country: "CH" }, amount: 5 } });
    expect(result.headers?.["content-type"]).toBe("application/json");
    expect(
      result.headers?.["Strict-Transport-Security"] ?? result.headers?.["strict-transport-security"],
    ).toBeTruthy();
    expect(result.headers?.["X-Content-Type-Options"] ?? result.headers?.["x-content-type-options"]).toBe(
      "nosniff",
    );
  });

  it("lists every bad field, nested and unknown, as VALIDATION_FAILED problem+json", async () => {
    const result = await post(
      JSON.stringify({ name: "", address: { country: "Switzerland" }, amount: 1.5, extra: 1 }),
    );
    expect(result.statusCode).toBe(400);
    expect(result.headers?.["content-type"]).toBe("application/problem+json");
    const problem = parse(result) as { code: string; status: number; errors: { path: string }[] };
    expect(problem.code).toBe("VALIDATION_FAILED");
    expect(problem.status).toBe(400);
    const paths = problem.errors.map((error) => error.path).sort();
    expect(paths).toEqual(["body", "body.address.country", "body.amount", "body.name"]);
  });

  it("refuses malformed JSON and non-JSON content types", async () => {
    const malformed = await post("{not json");
    expect(malformed.statusCode).toBe(400);
    expect(parse(malformed).code).toBe("VALIDATION_FAILED");
    const text = await post("name=A", { "content-type": "text/plain" });
    expect(text.statusCode).toBe(415);
    expect(parse(text).code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("maps a domain error to its status and code, with extensions", async () => {
    const failing = httpHandler({ ...fixtureRoute, body: undefined }, async () => {
      throw errors.of(409, "LAST_LEGAL_REPRESENTATIVE", undefined, {
        extensions: { orgId: "o1" },
      });
    });
    const result = await failing(httpEvent({ method: "POST", path: "/v1/things" }), testContext);
    expect(result.statusCode).toBe(409);
    expect(parse(result)).toMatchObject({ code: "LAST_LEGAL_REPRESENTATIVE", status: 409, orgId: "o1" });
  });

  it("answers an unexpected error with a bare 500 that leaks nothing", async () => {
    const failing = httpHandler({ ...fixtureRoute, body: undefined }, async () => {
      throw new Error("connection string postgres://secret@db");
    });
    const result = await failing(httpEvent({ method: "POST", path: "/v1/things" }), testContext);
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain("secret");
    expect(parse(result).code).toBe("INTERNAL_ERROR");
  });

  it("refuses a user route without an authorizer session", async () => {
    const userRoute = httpHandler({ ...fixtureRoute, auth: "user", body: undefined }, async () => ({
      status: 200,
    }));
    const anonymous = await userRoute(httpEvent({ method: "POST", path: "/v1/things" }), testContext);
    expect(anonymous.statusCode).toBe(401);
    expect(parse(anonymous).code).toBe("UNAUTHENTICATED");
    const signedIn = httpEvent({ method: "POST", path: "/v1/things" });
    signedIn.requestContext.authorizer = { lambda: { userId: "u1", sessionId: "s1" } };
    expect((await userRoute(signedIn, testContext)).statusCode).toBe(200);
  });
});

describe("freshSession routes", () => {
  it("cannot be built without the session check, and with it refuse a session that has ended", async () => {
    const definition = route({
      method: "POST",
      path: "/v1/fresh",
      handler: "x.ts",
      auth: "user",
      freshSession: true,
      summary: "A sensitive write",
      successStatus: 204,
      access: { table: "read" },
    });
    expect(() => httpHandler(definition, async () => ({ status: 204 }))).toThrow(/freshSessionHandler/);
    const checked: string[] = [];
    const handler = httpHandler(definition, async () => ({ status: 204 }), {
      sessionCheck: async (session) => {
        checked.push(session.sessionId);
        throw errors.unauthenticated(texts.sessionEnded);
      },
    });
    const event = httpEvent({ method: "POST", path: "/v1/fresh" });
    event.requestContext.authorizer = { lambda: { userId: "u1", sessionId: "s1" } };
    const answer = await handler(event, testContext);
    expect(answer.statusCode).toBe(401);
    expect(checked).toEqual(["s1"]);
  });
});
