import { describe, expect, it } from "vitest";
import { routes } from "#functions/routes";
import { call, useLocalRuntime } from "#test/support/runtime";

const local = useLocalRuntime();

describe("the local HTTP gateway", () => {
  it("answers GET /v1/health with the versions of the parts and a request id", async () => {
    const response = await call<{ status: string; node: string; runtime: string }>(
      local.api,
      "GET",
      "/v1/health",
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
    };
    expect(signUp.additionalProperties).toBe(false);
    const logo = response.body.paths["/v1/organizations/{orgId}/logo"]?.put?.requestBody?.content;
    expect(Object.keys(logo ?? {})).toEqual(["image/png", "image/jpeg", "image/svg+xml"]);
    expect(signUp.required).toEqual(expect.arrayContaining(["loginEmail", "password", "organization"]));
  });

  it("answers an unknown route with a problem+json 404", async () => {
    const response = await call<{ code: string }>(local.api, "GET", "/v1/nothing-here");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.body.code).toBe("NOT_FOUND");
  });

  it("answers a CORS preflight", async () => {
    const response = await fetch(`${local.api}/v1/me`, {
      method: "OPTIONS",
      headers: { origin: "https://portal.example.com", "access-control-request-method": "GET" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-headers")).toContain("authorization");
  });

  it("refuses operator routes without the operator key", async () => {
    const operatorRoute = routes.find((definition) => definition.auth === "operator");
    if (!operatorRoute)
      return expect(routes.some((definition) => definition.auth === "operator")).toBe(false);
    const path = operatorRoute.path.replace(/\{\w+\}/g, "x");
    const response = await call<{ code: string }>(local.api, operatorRoute.method, path, {
      headers: { "x-operator-key": "wrong" },
      body: {},
    });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe("FORBIDDEN");
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
