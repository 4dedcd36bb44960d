import { describe, expect, it } from "vitest";
import { routes } from "#functions/routes";
import { call, useLocalRuntime } from "#test/support/runtime";

const local = useLocalRuntime();

describe("the local HTTP gateway", () => {
  it("answers GET /v1/health with liveness only, and the versions of the parts to operators", async () => {
    const publicAnswer = await call<Record<string, unknown>>(local.api, "GET", "/v1/health");
    expect([publicAnswer.status, publicAnswer.body]).toEqual([200, { status: "ok" }]);
    const response = await call<{ status: string; node: string; runtime: string }>(
      local.api,
      "GET",
      "/v1/operator/health",
      { headers: { "x-operator-key": local.runtime.operatorKey } },
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: "ok", runtime: "local" });
    expect(response.body.node.split(".")[0]).toBe("24");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get("strict-transport-security")).toBeTruthy();
  });

  it("publishes OpenAPI 3.1 with every route of the route table and its request schema", async () => {
    const response = await call<{
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>
      >;
    }>(local.api, "GET", "/v1/openapi.json");
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe("3.1.0");
    for (const definition of routes) {
      const operation = response.body.paths[definition.path]?.[definition.method.toLowerCase()];
      expect(operation, `${definition.method} ${definition.path}`).toBeDefined();
      if (definition.body)
        expect(operation?.requestBody?.content["application/json"]?.schema).toBeTypeOf("object");
    }
    const signUp = response.body.paths["/v1/accounts"]?.post?.requestBody?.content["application/json"]
      ?.schema as {
      additionalProperties: boolean;
      required: string[];
      properties: Record<string, unknown>;
    };
    expect(signUp.additionalProperties).toBe(false);
    // A logo upload declares its file (type and size); the file goes to S3 through a presigned URL.
    const logo = response.body.paths["/v1/organizations/{orgId}/logo"]?.put?.requestBody?.content;
    expect(Object.keys(logo ?? {})).toEqual(["application/json"]);
    const declared = logo?.["application/json"]?.schema as { required: string[] } | undefined;
    expect(declared?.required.sort()).toEqual(["contentType", "sizeBytes"]);
    // Two ways in (R-O1 with an organization, R-M7 from an invitation): what both need is required.
    expect([...signUp.required].sort()).toEqual(["firstName", "lastName", "password", "recoveryEmail"]);
    expect(Object.keys(signUp.properties)).toEqual(
      expect.arrayContaining(["loginEmail", "organization", "order", "invitationToken"]),
    );
  });

  it("answers an unknown route with a problem+json 404", async () => {
    const response = await call<{ code: string }>(local.api, "GET", "/v1/nothing-here");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.body.code).toBe("NOT_FOUND");
  });

  it("answers CORS preflights itself, for the allowed origins only, with the contract's headers", async () => {
    const preflight = (origin: string) =>
      fetch(`${local.api}/v1/organizations/o1`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "PATCH",
          "access-control-request-headers": "if-match",
        },
      });
    const allowed = await preflight("http://localhost:5173");
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(allowed.headers.get("access-control-allow-headers")?.split(",")).toEqual(
      expect.arrayContaining(["authorization", "content-type", "if-match", "idempotency-key"]),
    );
    expect(allowed.headers.get("access-control-allow-methods")?.split(",")).toEqual(
      expect.arrayContaining(["GET", "POST", "PUT", "PATCH", "DELETE"]),
    );
    expect(Number(allowed.headers.get("access-control-max-age"))).toBeGreaterThan(0);
    // Another origin gets no CORS headers: the browser does not send its request.
    const other = await preflight("https://evil.example");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    expect(other.headers.get("access-control-allow-methods")).toBeNull();
  });

  it("puts CORS and security headers on every answer, problems and the gateway's own included", async () => {
    const origin = "http://127.0.0.1:5173";
    const answers = await Promise.all([
      fetch(`${local.api}/v1/health`, { headers: { origin } }),
      fetch(`${local.api}/v1/me`, { headers: { origin } }),
      fetch(`${local.api}/v1/no-such-route`, { headers: { origin } }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 401, 404]);
    for (const answer of answers) {
      expect(answer.headers.get("access-control-allow-origin")).toBe(origin);
      expect(answer.headers.get("access-control-expose-headers")?.split(",")).toEqual(
        expect.arrayContaining(["etag", "location", "retry-after", "x-request-id"]),
      );
      expect(answer.headers.get("cache-control")).toBe("no-store");
      expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
      expect(answer.headers.get("x-request-id")).toBeTruthy();
    }
    const foreign = await fetch(`${local.api}/v1/health`, { headers: { origin: "https://evil.example" } });
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers malformed percent-encoding with 400 and an oversized body with 413, as problems", async () => {
    const malformed = await fetch(`${local.api}/v1/organizations/%E0%A4%A`);
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("content-type")).toBe("application/problem+json");
    expect(((await malformed.json()) as { code: string }).code).toBe("VALIDATION_FAILED");
    const oversized = await fetch(`${local.api}/v1/accounts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: Buffer.alloc(11 * 1024 * 1024, 0x20),
    });
    expect(oversized.status).toBe(413);
    expect(oversized.headers.get("content-type")).toBe("application/problem+json");
  });

  it("refuses every operator route without the operator key", async () => {
    const operatorRoutes = routes.filter((definition) => definition.auth === "operator");
    expect(operatorRoutes.length).toBeGreaterThan(0);
    for (const operatorRoute of operatorRoutes) {
      const path = operatorRoute.path.replace(/\{\w+\}/g, "x");
      const response = await call<{ code: string }>(local.api, operatorRoute.method, path, {
        headers: { "x-operator-key": "wrong" },
        ...(operatorRoute.method === "GET" ? {} : { body: {} }),
      });
      expect([response.status, response.body.code], `${operatorRoute.method} ${path}`).toEqual([
        403,
        "FORBIDDEN",
      ]);
    }
  });
});

describe("the route table", () => {
  it("builds every handler from its own declaration (one definition, no drift)", async () => {
    const { rootDir } = await import("#test/support/runtime");
    const { loadHandler } = await import("#local/lambda");
    for (const definition of routes) {
      const handler = (await loadHandler(rootDir, definition.handler)) as unknown as { route?: unknown };
      expect(handler.route, definition.handler).toBe(definition);
    }
  });

  it("declares each method and path once", () => {
    const keys = routes.map((definition) => `${definition.method} ${definition.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
