import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { routes } from "#functions/routes";
import { buildOpenApiDocument } from "#shared/openapi";
import { isJsonResponse, routeKey } from "#shared/route-types";

describe("every route's success answer", () => {
  it("is declared: a JSON schema with an example, no body (204 only), or a document's types", () => {
    const undeclared = routes.filter((route) => !route.response).map(routeKey);
    expect(undeclared).toEqual([]);
    for (const route of routes) {
      const empty = route.response && "empty" in route.response;
      expect(empty, `${routeKey(route)}: 204 is the answer without a body`).toBe(route.successStatus === 204);
    }
  });

  it("has an example its own schema accepts", () => {
    for (const route of routes) {
      if (!isJsonResponse(route.response)) continue;
      const result = z.safeParse(route.response.schema, route.response.example);
      expect(result.success, `${routeKey(route)}: ${result.error ? z.prettifyError(result.error) : ""}`).toBe(
        true,
      );
    }
  });

  it("is published as a named component with its example, never a bare 'Success'", () => {
    const document = buildOpenApiDocument(routes, "test");
    const schemas = document.components.schemas as Record<string, unknown>;
    for (const route of routes) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()] as {
        responses: Record<
          string,
          { description: string; content?: Record<string, { schema: unknown; example?: unknown }> }
        >;
      };
      const success = operation.responses[String(route.successStatus)];
      expect(success?.description, routeKey(route)).not.toBe("Success");
      for (const status of route.emptyStatuses ?? []) {
        expect(operation.responses[String(status)], `${routeKey(route)} ${status}`).toEqual({
          description: "No content",
        });
      }
      if (!isJsonResponse(route.response)) continue;
      const json = success?.content?.["application/json"];
      expect(json?.schema, routeKey(route)).toEqual({ $ref: `#/components/schemas/${route.response.name}` });
      expect(json?.example, routeKey(route)).toEqual(route.response.example);
      expect(schemas[route.response.name], routeKey(route)).toBeDefined();
    }
  });

  it("refers only to components the document holds", () => {
    const document = buildOpenApiDocument(routes, "test");
    const names = new Set(Object.keys(document.components.schemas));
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (match) => match[1],
    );
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((name) => !names.has(name ?? ""))).toEqual([]);
  });
});

describe("amounts in the OpenAPI document", () => {
  /** Every property, with its path, of every schema in the document (answers and request bodies). */
  function properties(node: unknown, path: string, found: [string, Record<string, unknown>][] = []) {
    if (Array.isArray(node)) {
      for (const [index, each] of node.entries()) properties(each, `${path}[${index}]`, found);
    } else if (node && typeof node === "object") {
      const record = node as Record<string, unknown>;
      if (record.properties && typeof record.properties === "object")
        for (const [name, schema] of Object.entries(record.properties as Record<string, unknown>)) {
          const unwrapped = schema as Record<string, unknown>;
          found.push([`${path}.${name}`, unwrapped]);
        }
      for (const [key, value] of Object.entries(record)) properties(value, `${path}.${key}`, found);
    }
    return found;
  }

  it("R-$1 says every amount is in minor units of its currency, with an example", () => {
    const document = buildOpenApiDocument(routes, "test");
    const amountNames = /^(amount|amountOff|price|reduction|total|balance)$/;
    const amounts = properties(document, "#").filter(
      ([path, schema]) => amountNames.test(path.split(".").pop() ?? "") && schema.type === "integer",
    );
    // Invoices, orders, quotes, the balance, top-ups, withdrawals, promo codes.
    expect(amounts.length).toBeGreaterThan(10);
    const unexplained = amounts
      .filter(
        ([, schema]) => !/minor units/.test(String(schema.description)) || !Array.isArray(schema.examples),
      )
      .map(([path]) => path);
    expect(unexplained).toEqual([]);
  });
});
