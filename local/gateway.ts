import { randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { LambdaServiceError, type LocalFunctionSpec } from "#local/functions";
import { functionNameOf, lambdaContext, loadHandler } from "#local/lambda";
import { close, listen } from "#local/listen";
import { corsHeaders } from "#shared/cors";
import { DomainError, errors } from "#shared/errors";
import { functionTimeoutSeconds } from "#shared/function-access";
import type { HttpEvent } from "#shared/http";
import { problemResponse, requestLanguage, securityHeaders } from "#shared/http";
import { message } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import type { RouteDefinition } from "#shared/route-types";

export interface LocalGatewayOptions {
  port: number;
  host?: string;
  rootDir: string;
  routes: readonly RouteDefinition[];
  /** Module of the Lambda authorizer for `user` routes. */
  authorizerHandler: string;
  /** Shared secret standing in for IAM on operator routes locally. */
  operatorKey: string;
  /** Origins CORS allows (shared/cors.ts): preflights answered here, headers on every answer. */
  allowedOrigins: readonly string[];
  /** How long an authorizer answer is kept per token, as API Gateway's authorizer cache does. */
  authorizerCacheSeconds: number;
  /** The time (ms since the epoch) of the authorizer cache and the events: the runtime's clock (local/clock.ts). */
  now?: () => number;
  /**
   * Invokes a route's function (or the authorizer) as the Lambda service would: the runtime's
   * isolated functions (local/functions.ts). Without it, handlers run in this process (the
   * bench's metered gateway, which counts their requests here).
   */
  invoke?: (spec: LocalFunctionSpec, event: unknown) => Promise<unknown>;
  /** The authorizer's declared access, for its function. */
  authorizerAccess?: LocalFunctionSpec["access"];
  /** A route function's reserved concurrency, if it has one (infra/throttles.ts). */
  reservedConcurrency?: (definition: RouteDefinition) => number | undefined;
}

/** The function name of a route: one function per route, as deployed. */
export const routeFunctionName = (definition: Pick<RouteDefinition, "method" | "path">) =>
  `${definition.method}${definition.path}`.replaceAll(/[^A-Za-z0-9]+/g, "-").replace(/-$/, "");

export interface LocalGateway {
  url: string;
  /**
   * Allows one more origin until the returned function is called: the test suite's portal page,
   * served on a port chosen when its test starts, on a runtime already running (a test facility,
   * as the clock is; the allowed origins of a deployment are fixed at synth).
   */
  allowOrigin(origin: string): () => void;
  stop(): Promise<void>;
}

interface CompiledRoute {
  definition: RouteDefinition;
  pattern: RegExp;
  names: string[];
}

const compile = (definition: RouteDefinition): CompiledRoute => {
  const names: string[] = [];
  const segments = definition.path.split("/").map((segment) => {
    const parameter = /^\{(\w+)\}$/.exec(segment);
    if (!parameter?.[1]) return segment.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
    names.push(parameter[1]);
    return "([^/]+)";
  });
  return { definition, pattern: new RegExp(`^${segments.join("/")}$`), names };
};

const binaryTypes = /^(image\/|application\/octet-stream|application\/pdf)/i;

/** API Gateway's payload limit. */
const maxPayloadBytes = 10 * 1024 * 1024;

/** The body; past the limit the rest is read and dropped, so the client gets its 413 answer. */
function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxPayloadBytes) chunks.push(chunk);
    });
    request.on("end", () =>
      size > maxPayloadBytes
        ? reject(errors.payloadTooLarge(texts.requestTooLarge))
        : resolve(Buffer.concat(chunks)),
    );
    request.on("error", reject);
  });
}

interface AuthorizerAnswer {
  isAuthorized: boolean;
  context?: Record<string, unknown>;
}

const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * The local stand-in for API Gateway (HTTP API): matches the route table, builds a payload
 * 2.0 event, runs the session authorizer (simple responses) or the operator key check, and
 * invokes the route's handler in-process.
 */
export async function startLocalGateway(options: LocalGatewayOptions): Promise<LocalGateway> {
  const host = options.host ?? "127.0.0.1";
  const compiled = options.routes.map(compile);
  const methods = [...new Set(options.routes.map((route) => route.method))];
  const now = options.now ?? Date.now;
  const allowedOrigins = [...options.allowedOrigins];
  /** API Gateway's authorizer cache: one answer per identity source (the token), for the TTL. */
  const authorizerCache = new Map<string, { answer: AuthorizerAnswer; at: number }>();
  const ttlMs = options.authorizerCacheSeconds * 1000;
  // An answer from the clock's future (a test set it back) is as stale as one past its TTL.
  const fresh = (entry: { at: number }, at: number) => entry.at <= at && at < entry.at + ttlMs;

  const send = (
    response: ServerResponse,
    result: APIGatewayProxyStructuredResultV2,
    requestId: string,
    origin: string | undefined,
  ) => {
    // The gateway's own answers (401, 404, 413...) carry the same security headers as a handler's.
    const headers: Record<string, string> = {
      ...securityHeaders,
      "x-request-id": requestId,
      ...corsHeaders(origin, allowedOrigins),
    };
    for (const [name, value] of Object.entries(result.headers ?? {}))
      headers[name.toLowerCase()] = String(value);
    // CORS is the gateway's alone, as in API Gateway: what a function says about it is ignored.
    Object.assign(headers, corsHeaders(origin, allowedOrigins));
    const body = result.body
      ? Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8")
      : Buffer.alloc(0);
    if (result.cookies?.length) response.setHeader("set-cookie", result.cookies);
    response.writeHead(result.statusCode ?? 200, headers);
    response.end(body);
  };

  const reserved = (definition: RouteDefinition) => options.reservedConcurrency?.(definition);
  const invokeFunction = async (spec: LocalFunctionSpec, event: unknown): Promise<unknown> => {
    if (options.invoke) return options.invoke(spec, event);
    const handler = await loadHandler(options.rootDir, spec.handler);
    return handler(event, lambdaContext(functionNameOf(spec.handler)));
  };

  const callAuthorizer = async (event: HttpEvent, routeArn: string, authorization: string) => {
    const authorizer = (payload: unknown) =>
      invokeFunction(
        {
          name: "sessions-authorizer",
          handler: options.authorizerHandler,
          access: options.authorizerAccess ?? {},
          timeoutSeconds: functionTimeoutSeconds.authorizer,
        },
        payload,
      );
    return (await authorizer({
      version: "2.0",
      type: "REQUEST",
      routeArn,
      identitySource: [authorization],
      routeKey: event.routeKey,
      rawPath: event.rawPath,
      rawQueryString: event.rawQueryString,
      headers: event.headers,
      queryStringParameters: event.queryStringParameters,
      pathParameters: event.pathParameters,
      requestContext: event.requestContext,
    })) as AuthorizerAnswer;
  };

  const authorize = async (event: HttpEvent, routeArn: string) => {
    const authorization = event.headers.authorization;
    // API Gateway answers 401 itself when the identity source is missing.
    if (!authorization) throw errors.unauthenticated(texts.bearerTokenMissing);
    const at = now();
    let cached = authorizerCache.get(authorization);
    if (!cached || !fresh(cached, at)) {
      const answer = await callAuthorizer(event, routeArn, authorization).catch((error: unknown) => {
        // API Gateway answers 500 when the authorizer fails (an error, a timeout), and caches nothing.
        console.error("gateway: authorizer failed", error);
        throw new DomainError(500, "INTERNAL_ERROR", texts.authorizerFailed);
      });
      cached = { answer, at };
      if (ttlMs > 0) authorizerCache.set(authorization, cached);
      for (const [key, entry] of authorizerCache) if (!fresh(entry, at)) authorizerCache.delete(key);
    }
    const { answer } = cached;
    if (!answer?.isAuthorized) throw errors.forbidden(texts.authorizerRefused);
    event.requestContext.authorizer = { lambda: answer.context ?? {} };
  };

  const server: Server = createServer(async (request, response) => {
    const requestId = randomUUID();
    const origin = typeof request.headers.origin === "string" ? request.headers.origin : undefined;
    try {
      const url = new URL(request.url ?? "/", "http://localhost");
      const method = (request.method ?? "GET").toUpperCase();
      if (method === "OPTIONS" && request.headers["access-control-request-method"]) {
        // A preflight, answered by the gateway as API Gateway does (no route, no function): an
        // origin not allowed gets no CORS headers, and the browser keeps the request from being sent.
        request.resume();
        response.writeHead(204, {
          ...securityHeaders,
          "x-request-id": requestId,
          ...corsHeaders(origin, allowedOrigins, { methods }),
        });
        response.end();
        return;
      }
      let match: { route: CompiledRoute; values: RegExpExecArray } | undefined;
      for (const route of compiled) {
        if (route.definition.method !== method) continue;
        const values = route.pattern.exec(url.pathname);
        if (values) {
          match = { route, values };
          break;
        }
      }
      if (!match) throw errors.notFound(message(texts.routeUnknown, { method, path: url.pathname }));
      const { definition } = match.route;
      const pathParameters: Record<string, string> = {};
      try {
        match.route.names.forEach((name, index) => {
          pathParameters[name] = decodeURIComponent(match.values[index + 1] ?? "");
        });
      } catch {
        throw errors.validationFailed([{ path: "path", message: texts.pathNotPercentEncoded }]);
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined && name !== "cookie")
          headers[name] = Array.isArray(value) ? value.join(",") : value;
      }
      const query: Record<string, string> = {};
      for (const [name, value] of url.searchParams)
        query[name] = name in query ? `${query[name]},${value}` : value;
      const raw = await readBody(request);
      const binary = binaryTypes.test(headers["content-type"] ?? "");
      const receivedAt = new Date(now());
      const routeKey = `${definition.method} ${definition.path}`;
      const event: HttpEvent = {
        version: "2.0",
        routeKey,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        cookies: request.headers.cookie?.split(";").map((cookie) => cookie.trim()),
        headers,
        queryStringParameters: Object.keys(query).length ? query : undefined,
        pathParameters: Object.keys(pathParameters).length ? pathParameters : undefined,
        body: raw.length ? raw.toString(binary ? "base64" : "utf8") : undefined,
        isBase64Encoded: binary,
        requestContext: {
          accountId: "000000000000",
          apiId: "local",
          domainName: headers.host ?? "localhost",
          domainPrefix: "local",
          http: {
            method,
            path: url.pathname,
            protocol: `HTTP/${request.httpVersion}`,
            sourceIp: request.socket.remoteAddress ?? "127.0.0.1",
            userAgent: headers["user-agent"] ?? "",
          },
          requestId,
          routeKey,
          stage: "$default",
          time: receivedAt.toUTCString(),
          timeEpoch: receivedAt.getTime(),
        },
      };
      if (definition.auth === "user") {
        await authorize(
          event,
          `arn:aws:execute-api:local:000000000000:local/$default/${method}${definition.path}`,
        );
      } else if (definition.auth === "operator") {
        const key = headers["x-operator-key"];
        if (!key || !sameSecret(key, options.operatorKey))
          throw errors.forbidden(texts.operatorCredentialsRequired);
      }
      const result = (await invokeFunction(
        {
          name: routeFunctionName(definition),
          handler: definition.handler,
          access: definition.access,
          timeoutSeconds: functionTimeoutSeconds.route,
          ...(reserved(definition) !== undefined ? { reservedConcurrency: reserved(definition) } : {}),
        },
        event,
      )) as APIGatewayProxyStructuredResultV2;
      send(response, result, requestId, origin);
    } catch (error) {
      const throttled = error instanceof LambdaServiceError && error.name === "TooManyRequestsException";
      const domainError =
        error instanceof DomainError
          ? error
          : throttled
            ? // Lambda throttled the function (its concurrency is used up): API Gateway answers 429.
              errors.tooManyRequests(texts.serviceBusy, {
                headers: { "retry-after": "1" },
              })
            : new DomainError(502, "BAD_GATEWAY", texts.handlerFailed);
      if (!(error instanceof DomainError) && !throttled) console.error("gateway: handler failed", error);
      // The gateway's own answers in the request's language too (R-L3); API Gateway's, in AWS, are English only.
      send(
        response,
        problemResponse(domainError, requestId, requestLanguage(request.headers)),
        requestId,
        origin,
      );
    }
  });

  const port = await listen(server, options.port, host, "API_PORT");
  return {
    url: `http://${host}:${port}`,
    allowOrigin(origin) {
      allowedOrigins.push(origin);
      return () => {
        const index = allowedOrigins.indexOf(origin);
        if (index !== -1) allowedOrigins.splice(index, 1);
      };
    },
    stop: () => close(server),
  };
}
