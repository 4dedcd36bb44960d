import * as z from "zod/mini";
import {
  isJsonResponse,
  type RouteDefinition,
  type RouteResponse,
  type RouteSchema,
} from "#shared/route-types";

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

const componentRef = (name: string) => `#/components/schemas/${name}`;

/**
 * The success answers' schemas as named components: each route's answer and the parts it names,
 * converted together so that one refers to another by `$ref`. A name given to two different
 * schemas is refused: a client would get one type for two shapes.
 */
function responseComponents(routes: readonly RouteDefinition[]): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  const named = new Map<string, RouteSchema>();
  const add = (name: string, schema: RouteSchema, where: string) => {
    const known = named.get(name);
    if (known && known !== schema)
      throw new Error(`${where}: the component name ${name} is given to two schemas`);
    named.set(name, schema);
    registry.add(schema, { id: name });
  };
  for (const definition of routes) {
    if (!isJsonResponse(definition.response)) continue;
    const where = `${definition.method} ${definition.path}`;
    for (const [name, schema] of Object.entries(definition.response.components ?? {}))
      add(name, schema, where);
    add(definition.response.name, definition.response.schema, where);
  }
  if (named.size === 0) return {};
  const { schemas } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io: "output",
    unrepresentable: "any",
    uri: componentRef,
  }) as { schemas: Record<string, Record<string, unknown>> };
  // Each component is its own document to zod; in OpenAPI they share one `components` object.
  for (const schema of Object.values(schemas)) {
    delete schema.$id;
    delete schema.$schema;
  }
  return schemas;
}

/** The success answer of a route, as OpenAPI describes it. */
function successResponse(response: RouteResponse | undefined): Record<string, unknown> {
  if (!response) return { description: "Success" };
  if ("empty" in response) return { description: "No content" };
  if ("contentTypes" in response) {
    return {
      description: response.description,
      content: Object.fromEntries(
        response.contentTypes.map((type) => [type, { schema: { type: "string", contentMediaType: type } }]),
      ),
    };
  }
  return {
    description: response.name,
    content: {
      "application/json": { schema: { $ref: componentRef(response.name) }, example: response.example },
    },
  };
}

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
        [String(definition.successStatus)]: successResponse(definition.response),
        ...Object.fromEntries(
          (definition.emptyStatuses ?? []).map((status) => [String(status), { description: "No content" }]),
        ),
        default: {
          description: "Error",
          content: { "application/problem+json": { schema: { $ref: componentRef("Problem") } } },
        },
      },
    };
    paths[definition.path] = { ...paths[definition.path], [definition.method.toLowerCase()]: operation };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Hosting account workflows API", version },
    servers: [{ url: "/" }],
    components: {
      schemas: { Problem: problemSchema, ...responseComponents(routes) },
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
