import { randomUUID } from "node:crypto";
import type { APIGatewayRequestAuthorizerEventV2 } from "aws-lambda";
import type { HttpEvent, SessionClaims } from "#shared/http";
import type { RouteDefinition } from "#shared/route-types";
import type { RouteRequest } from "./requests.ts";

/** Path parameters of a concrete path against its route template (`/v1/organizations/{orgId}`). */
export function pathParameters(template: string, path: string): Record<string, string> {
  const names = template.split("/");
  const values = path.split("/");
  const parameters: Record<string, string> = {};
  names.forEach((segment, index) => {
    const name = /^\{(\w+)\}$/.exec(segment)?.[1];
    if (name) parameters[name] = decodeURIComponent(values[index] ?? "");
  });
  return parameters;
}

function requestContext(method: string, path: string, routeKey: string): HttpEvent["requestContext"] {
  const now = new Date();
  return {
    accountId: "000000000000",
    apiId: "bench",
    domainName: "api.example.com",
    domainPrefix: "api",
    http: { method, path, protocol: "HTTP/1.1", sourceIp: "203.0.113.10", userAgent: "bench" },
    requestId: randomUUID(),
    routeKey,
    stage: "$default",
    time: now.toUTCString(),
    timeEpoch: now.getTime(),
  };
}

/**
 * The API Gateway HTTP API (payload 2.0) event of a request, as the deployed API hands it to
 * the route's function: lower-cased headers, path parameters, the body as a string, and on
 * `user` routes the claims the session authorizer passed.
 */
export function httpEventOf(
  route: RouteDefinition,
  request: RouteRequest,
  claims: SessionClaims | undefined,
  operatorKey: string,
): HttpEvent {
  const [path = "/", query = ""] = request.path.split("?");
  const routeKey = `${route.method} ${route.path}`;
  const headers: Record<string, string> = {
    host: "api.example.com",
    "user-agent": "bench",
    accept: "application/json",
  };
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (route.auth === "operator") headers["x-operator-key"] = operatorKey;
  // API Gateway passes binary uploads base64-encoded, JSON as text.
  const body = request.rawBody
    ? request.rawBody.toString("base64")
    : request.body === undefined
      ? undefined
      : JSON.stringify(request.body);
  if (request.body !== undefined) headers["content-type"] ??= "application/json";
  const parameters = pathParameters(route.path, path);
  const queryParameters = Object.fromEntries(new URLSearchParams(query));
  const context = requestContext(route.method, path, routeKey);
  if (route.auth === "user") context.authorizer = { lambda: claims ? { ...claims } : {} };
  return {
    version: "2.0",
    routeKey,
    rawPath: path,
    rawQueryString: query,
    headers,
    isBase64Encoded: request.rawBody !== undefined,
    ...(body !== undefined ? { body } : {}),
    ...(Object.keys(parameters).length ? { pathParameters: parameters } : {}),
    ...(Object.keys(queryParameters).length ? { queryStringParameters: queryParameters } : {}),
    requestContext: context,
  };
}

/** The REQUEST authorizer event (payload 2.0, simple responses) for a bearer token on `GET /v1/me`. */
export function authorizerEventOf(token: string): APIGatewayRequestAuthorizerEventV2 {
  const authorization = `Bearer ${token}`;
  const context = requestContext("GET", "/v1/me", "GET /v1/me");
  return {
    version: "2.0",
    type: "REQUEST",
    routeArn: "arn:aws:execute-api:eu-central-1:000000000000:bench/$default/GET/v1/me",
    identitySource: [authorization],
    routeKey: "GET /v1/me",
    rawPath: "/v1/me",
    rawQueryString: "",
    cookies: [],
    headers: { authorization, host: "api.example.com" },
    queryStringParameters: {},
    pathParameters: {},
    stageVariables: {},
    requestContext: context,
  } as unknown as APIGatewayRequestAuthorizerEventV2;
}
