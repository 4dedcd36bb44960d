import * as z from "zod/mini";
import type { RouteDefinition, RouteSchema } from "#shared/route-types";

const problemSchema = {
  type: "object",
  required: ["type", "title", "status", "code"],
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    code: { type: "string" },
    errors: {
      type: "array",
      items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } },
    },
  },
};

const toSchema = (schema: RouteSchema) =>
  z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" });

/** OpenAPI 3.1 generated from the route table: the schemas are the ones that validate requests. */
export function buildOpenApiDocument(routes: readonly RouteDefinition[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const definition of routes) {
    const parameters = [...definition.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
      name: match[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    if (definition.query) {
      const query = toSchema(definition.query) as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, schema] of Object.entries(query.properties ?? {})) {
        parameters.push({
          name,
          in: "query",
          required: query.required?.includes(name) ?? false,
          schema,
        } as never);
      }
    }
    const operation: Record<string, unknown> = {
      operationId: `${definition.method.toLowerCase()}${definition.path.replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
      summary: definition.summary,
      security:
        definition.auth === "user"
          ? [{ session: [] }]
          : definition.auth === "operator"
            ? [{ operator: [] }]
            : [],
      ...(parameters.length ? { parameters } : {}),
      ...(definition.body
        ? {
            requestBody: {
              // A body every field of which is optional may be left out.
              required: !z.safeParse(definition.body, undefined).success,
              content: { "application/json": { schema: toSchema(definition.body) } },
            },
          }
        : {}),
      ...(definition.rawBody
        ? {
            requestBody: {
              required: true,
              content: Object.fromEntries(
                ["image/png", "image/jpeg", "image/svg+xml"].map((type) => [
                  type,
                  { schema: { type: "string", contentMediaType: type } },
                ]),
              ),
            },
          }
        : {}),
      responses: {
        [String(definition.successStatus)]: { description: "Success" },
        default: { description: "Error", content: { "application/problem+json": { schema: problemSchema } } },
      },
    };
    paths[definition.path] = { ...paths[definition.path], [definition.method.toLowerCase()]: operation };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Hosting account workflows API", version },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        session: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        operator: {
          type: "apiKey",
          in: "header",
          name: "x-operator-key",
          description: "Locally; IAM (SigV4) in AWS.",
        },
      },
    },
    paths,
  };
}
