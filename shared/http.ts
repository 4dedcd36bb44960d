import middy from "@middy/core";
import httpHeaderNormalizer from "@middy/http-header-normalizer";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { en } from "zod/locales";
import * as z from "zod/mini";
import { DomainError, errors, type WrittenFieldError } from "#shared/errors";
import { errorLanguage } from "#shared/i18n/error-languages";
import { Message, message, toMessage, writeMessage } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import { titleOf } from "#shared/i18n/error-titles";
import { defaultLanguage, type Language, negotiateLanguage } from "#shared/i18n/languages";
import { logger } from "#shared/logger";
import type { RouteDefinition, RouteSchema } from "#shared/route-types";
import { invalidTextParams } from "#shared/text";

/** What the session authorizer puts in `requestContext.authorizer.lambda`. */
export interface SessionClaims {
  userId: string;
  sessionId: string;
}

export type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2["requestContext"] & {
    authorizer?: { lambda?: Partial<SessionClaims> & Record<string, unknown> };
  };
};

// zod/mini leaves messages to a locale ("Invalid input" without one); English, as zod's classic API sets
// it, for parses outside a request. A request's field messages come from its own language (validate).
z.config(en());

type Infer<T> = T extends RouteSchema ? z.output<T> : undefined;

export interface HttpRequest<Body, Query> {
  body: Body;
  query: Query;
  params: Record<string, string>;
  headers: Record<string, string | undefined>;
  /** The signed-in caller on `user` routes; undefined on `public` and `operator` routes. */
  session: SessionClaims | undefined;
  requestId: string;
  sourceIp: string;
  event: HttpEvent;
  context: Context;
}

export interface HttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type HttpHandler = ((
  event: HttpEvent,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>) & {
  route: RouteDefinition;
};

const maxBodyBytes = 1024 * 1024;
/** Every id the service makes (shared/tokens.ts, operation ids, `organization-deletion-<orgId>`): URL-safe, short. */
const pathIdPattern = /^[A-Za-z0-9_-]{1,100}$/;
const problemType = "https://docs.account-workflows.dev/problems/";

/** The language a request's problems are written in (R-L3): its `Accept-Language` among the four. */
export const requestLanguage = (
  headers: Record<string, string | string[] | undefined> | undefined,
): Language => {
  const header = headers?.["accept-language"] ?? headers?.["Accept-Language"];
  return negotiateLanguage(Array.isArray(header) ? header.join(",") : header);
};

/**
 * A problem+json answer (RFC 9457) for a domain error; the only place error bodies are built.
 * Title, detail, field messages and any message among the extensions are written in `language`,
 * which `Content-Language` names; `code` is the same in every language.
 */
export function problemResponse(
  error: DomainError,
  requestId?: string,
  language: Language = defaultLanguage,
): APIGatewayProxyStructuredResultV2 {
  const title = titleOf(error.code, language);
  const write = (_key: string, value: unknown) =>
    value instanceof Message ? writeMessage(value, language) : value;
  return {
    statusCode: error.status,
    headers: { "content-type": "application/problem+json", "content-language": language, ...error.headers },
    body: JSON.stringify(
      {
        // Extensions first: they add members, never replace the standard ones (RFC 9457 §3.2).
        ...error.extensions,
        type: `${problemType}${error.code.toLowerCase().replaceAll("_", "-")}`,
        title,
        status: error.status,
        detail: error.detail ?? title,
        code: error.code,
        ...(error.errors
          ? {
              errors: error.errors.map((field) => ({
                path: field.path,
                message: "written" in field ? field.written : toMessage(field.message),
              })),
            }
          : {}),
        ...(requestId ? { instance: `urn:request:${requestId}` } : {}),
      },
      write,
    ),
  };
}

/** zod's issues as field errors; their messages are in the language of the parse's error map. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[], prefix: string): WrittenFieldError[] {
  return issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join("."),
    written: issue.message,
  }));
}

function parseJsonBody(event: HttpEvent): unknown {
  if (event.body === undefined || event.body === null || event.body === "") return undefined;
  const contentType = event.headers["content-type"] ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw errors.unsupportedMediaType(texts.bodyNotJsonMediaType);
  }
  const text = event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
  if (Buffer.byteLength(text) > maxBodyBytes) throw errors.payloadTooLarge(texts.bodyTooLarge);
  try {
    return JSON.parse(text);
  } catch {
    throw errors.validationFailed([{ path: "body", message: texts.bodyNotJson }], texts.bodyNotJson);
  }
}

async function validate<T extends RouteSchema | undefined>(
  schema: T,
  value: unknown,
  location: "body" | "query",
  language: Language,
): Promise<Infer<T>> {
  if (!schema) {
    if (location === "body" && value !== undefined) {
      throw errors.validationFailed([{ path: "body", message: texts.bodyNotExpected }]);
    }
    return undefined as Infer<T>;
  }
  const input = value ?? (location === "query" ? {} : undefined);
  let result = z.safeParse(schema, input);
  if (!result.success) {
    // Parsed again with the request language's messages (zod's locale, the catalogue for the
    // project's own checks): per parse, as one warm function answers every language. The
    // language's texts are loaded only by a request that needs them.
    const { zodErrors } = await errorLanguage(language);
    result = z.safeParse(schema, input, { error: zodErrors });
  }
  if (!result.success) {
    // Text with control characters or direction overrides (shared/text.ts): 422, naming each field.
    const invalidText = result.error.issues.filter(
      (issue) =>
        issue.code === "custom" &&
        (issue as { params?: { kind?: string } }).params?.kind === invalidTextParams.kind,
    );
    if (invalidText.length) {
      throw new DomainError(422, "INVALID_TEXT", texts.textControlCharacters, {
        errors: fieldErrors(invalidText, location),
      });
    }
    throw errors.validationFailed(fieldErrors(result.error.issues, location));
  }
  return result.data as Infer<T>;
}

function sessionOf(event: HttpEvent): SessionClaims | undefined {
  const claims = event.requestContext.authorizer?.lambda;
  if (typeof claims?.userId === "string" && typeof claims.sessionId === "string") {
    return { userId: claims.userId, sessionId: claims.sessionId };
  }
  return undefined;
}

/** The session of a `user` route; the chain has already refused requests without one. */
export function requireSession(request: { session: SessionClaims | undefined }): SessionClaims {
  if (!request.session) throw errors.unauthenticated(texts.signInFirst);
  return request.session;
}

/**
 * Maps any thrown error to problem+json in the request's language (R-L3); unknown errors are
 * logged and answered as a bare 500.
 */
const errorMapping = (): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> => ({
  onError: (request) => {
    const requestId = request.event.requestContext?.requestId;
    const error = request.error;
    const language = requestLanguage(request.event.headers);
    if (error instanceof DomainError) {
      if (error.status >= 500) logger.error("request failed", { code: error.code, requestId });
      request.response = problemResponse(error, requestId, language);
      return;
    }
    logger.error("unexpected error", { requestId, error: error as Error });
    request.response = problemResponse(
      new DomainError(500, "INTERNAL_ERROR", texts.internalError),
      requestId,
      language,
    );
  },
});

/** Access log line per request: route, status, duration, request id. No bodies, no headers. */
const accessLog = (routeKey: string): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> => {
  const started = new WeakMap<object, number>();
  const write = (request: middy.Request<HttpEvent, APIGatewayProxyStructuredResultV2>) => {
    const start = started.get(request.context) ?? performance.now();
    logger.info("request", {
      route: routeKey,
      status: request.response?.statusCode,
      durationMs: Math.round((performance.now() - start) * 10) / 10,
      requestId: request.event.requestContext?.requestId,
    });
  };
  return {
    before: (request) => {
      started.set(request.context, performance.now());
    },
    after: write,
    onError: write,
  };
};

/**
 * Headers every answer carries, success or problem: nothing is cached (answers hold personal
 * data and tokens), nothing is sniffed or framed, no referrer leaks, and a JSON API loads nothing.
 * The gateway puts the same set on the answers it builds itself (local/gateway.ts).
 */
export const securityHeaders: Readonly<Record<string, string>> = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "strict-transport-security": "max-age=63072000; includeSubDomains",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "cross-origin-resource-policy": "same-origin",
};

/** Puts `securityHeaders` on every answer, under what the handler set for itself (a logo's own cache policy). */
const responseHeaders = (): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> => {
  const apply = (request: middy.Request<HttpEvent, APIGatewayProxyStructuredResultV2>) => {
    if (request.response) request.response.headers = { ...securityHeaders, ...request.response.headers };
  };
  return { after: apply, onError: apply };
};

/**
 * Builds a route's Lambda handler from its declaration: header normalisation, JSON body
 * parsing, zod validation listing every bad field, the session from the authorizer,
 * problem+json errors, security headers and an access log line (CORS is the gateway's: shared/cors.ts).
 */
export function httpHandler<Body extends RouteSchema | undefined, Query extends RouteSchema | undefined>(
  definition: RouteDefinition<Body, Query>,
  run: (request: HttpRequest<Infer<Body>, Infer<Query>>) => Promise<HttpResult>,
  options: { sessionCheck?: (session: SessionClaims) => Promise<void> } = {},
): HttpHandler {
  const key = `${definition.method} ${definition.path}`;
  // A route declared `freshSession` is built with the check (shared/http-fresh-session.ts), or not at all.
  const { sessionCheck } = options;
  if (definition.freshSession && !sessionCheck)
    throw new Error(`${key} is a freshSession route: build its handler with freshSessionHandler`);
  const core = async (event: HttpEvent, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const session = sessionOf(event);
    if (definition.auth === "user" && !session) throw errors.unauthenticated(texts.signInFirst);
    // An id that cannot exist is not looked up (DynamoDB refuses keys past 1 KiB with a 500).
    for (const [name, value] of Object.entries(event.pathParameters ?? {})) {
      if (!pathIdPattern.test(value ?? ""))
        throw errors.notFound(message(texts.pathIdUnknown, { parameter: name }));
    }
    const language = requestLanguage(event.headers);
    if (sessionCheck && session) await sessionCheck(session);
    const body = definition.rawBody
      ? (undefined as Infer<Body>)
      : await validate(definition.body as Body, parseJsonBody(event), "body", language);
    const query = await validate(
      definition.query as Query,
      event.queryStringParameters ?? {},
      "query",
      language,
    );
    const result = await run({
      body,
      query,
      params: (event.pathParameters ?? {}) as Record<string, string>,
      headers: event.headers,
      session,
      requestId: event.requestContext.requestId,
      sourceIp: event.requestContext.http.sourceIp,
      event,
      context,
    });
    const hasBody = result.body !== undefined;
    return {
      statusCode: result.status,
      headers: {
        ...(hasBody ? { "content-type": "application/json" } : {}),
        ...result.headers,
      },
      body: hasBody ? JSON.stringify(result.body) : "",
    };
  };
  const handler = middy<HttpEvent, APIGatewayProxyStructuredResultV2>()
    .use(accessLog(key))
    .use(httpHeaderNormalizer())
    .use(responseHeaders())
    .use(errorMapping())
    .handler(core);
  return Object.assign(handler, { route: definition as RouteDefinition }) as unknown as HttpHandler;
}
