import { randomUUID } from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { maxInputBytes } from "#local/stepfunctions/limits";

/**
 * The AWS Step Functions JSON protocol (POST, `X-Amz-Target: AWSStepFunctions.<Action>`,
 * `application/x-amz-json-1.0`): reading a request's members, answering, and AWS's errors.
 */

/** An error answered as AWS does: status 400 and `{"__type": "...#<type>", "message"}`. */
export class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const seconds = (epochMs: number | undefined) => (epochMs === undefined ? undefined : epochMs / 1000);

/** Drops undefined members, so answers carry only what is set. */
export const defined = <T extends Record<string, unknown>>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as Partial<T>;

export const encodeToken = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
export function decodeToken<T>(token: string, check: (value: T) => boolean): T {
  try {
    const value = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as T;
    if (value !== null && typeof value === "object" && check(value)) return value;
  } catch {}
  throw new ServiceError("InvalidToken", `Invalid Token: '${token}'`);
}

/** Reads request members, answering ValidationException for a member of the wrong type. */
export class Members {
  constructor(private readonly body: Record<string, unknown>) {}

  string(name: string, required: true): string;
  string(name: string, required?: false): string | undefined;
  string(name: string, required = false): string | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) {
      if (required)
        throw new ServiceError("ValidationException", `1 validation error detected: '${name}' is required`);
      return undefined;
    }
    if (typeof value !== "string") {
      throw new ServiceError(
        "ValidationException",
        `1 validation error detected: '${name}' must be a string`,
      );
    }
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "boolean") {
      throw new ServiceError(
        "ValidationException",
        `1 validation error detected: '${name}' must be a boolean`,
      );
    }
    return value;
  }

  /** maxResults: 0 or absent means the default (100), at most 1000. */
  pageSize(): number {
    const value = this.body.maxResults;
    if (value === undefined || value === null || value === 0) return 100;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 1000) {
      throw new ServiceError(
        "ValidationException",
        "1 validation error detected: 'maxResults' must be an integer from 0 to 1000",
      );
    }
    return value;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > 4 * maxInputBytes) {
        reject(new ServiceError("ValidationException", "The request is too large."));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** One API action: the request's members in, the answer's body out. */
export type Action = (members: Members) => Promise<unknown> | unknown;

function answer(response: ServerResponse, status: number, body: unknown, requestId: string) {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/x-amz-json-1.0",
    "content-length": Buffer.byteLength(payload),
    "x-amzn-requestid": requestId,
  });
  response.end(payload);
}

/** Answers each request with the action its `X-Amz-Target` names. */
export const serveActions =
  (actions: Record<string, Action>): RequestListener =>
  async (request, response) => {
    const requestId = randomUUID();
    try {
      if ((request.method ?? "GET").toUpperCase() !== "POST") {
        throw new ServiceError("UnknownOperationException", "Send a POST with an X-Amz-Target header.", 404);
      }
      const target = String(request.headers["x-amz-target"] ?? "");
      const action = target.startsWith("AWSStepFunctions.") ? target.slice("AWSStepFunctions.".length) : "";
      const run = Object.hasOwn(actions, action) ? actions[action] : undefined;
      if (!run) throw new ServiceError("UnknownOperationException", `Unknown operation: '${target}'`);
      const text = await readBody(request);
      let body: unknown;
      try {
        body = text.trim() === "" ? {} : JSON.parse(text);
      } catch {
        throw new ServiceError("ValidationException", "The request body is not valid JSON.");
      }
      if (body === null || typeof body !== "object" || Array.isArray(body)) {
        throw new ServiceError("ValidationException", "The request body must be a JSON object.");
      }
      answer(response, 200, await run(new Members(body as Record<string, unknown>)), requestId);
    } catch (error) {
      if (error instanceof ServiceError) {
        answer(
          response,
          error.status,
          { __type: `com.amazonaws.swf.service.v2.model#${error.type}`, message: error.message },
          requestId,
        );
      } else {
        console.error("stepfunctions: request failed", error);
        answer(
          response,
          500,
          { __type: "com.amazonaws.swf.service.v2.model#InternalFailure", message: String(error) },
          requestId,
        );
      }
    }
  };
