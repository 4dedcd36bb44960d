import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { crc32 } from "node:zlib";
import type { Item } from "#local/dynamodb-item";

/**
 * The DynamoDB JSON protocol as the local DynamoDB speaks it on both sides: its clients'
 * requests and its answers (errors included), and the store behind it (dynalite, the Backend),
 * with the item keys both sides name items by.
 */

export const apiVersion = "DynamoDB_20120810";
export const jsonContentType = "application/x-amz-json-1.0";

export type JsonObject = Record<string, unknown>;

export interface Reply {
  status: number;
  body: JsonObject;
}

export const errorType = {
  transactionConflict: "com.amazonaws.dynamodb.v20120810#TransactionConflictException",
  validation: "com.amazon.coral.validate#ValidationException",
  serialization: "com.amazon.coral.service#SerializationException",
  missingAuthentication: "com.amazon.coral.service#MissingAuthenticationTokenException",
  conditionalCheckFailed: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
  transactionCanceled: "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
  idempotentParameterMismatch: "com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException",
  internal: "com.amazonaws.dynamodb.v20120810#InternalServerError",
} as const;

/** An error answer of the DynamoDB JSON protocol. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: JsonObject,
  ) {
    super(String(body.message ?? body.Message ?? body.__type));
    this.name = "ApiError";
  }

  static fromReply(reply: Reply): ApiError {
    return new ApiError(reply.status, reply.body);
  }
}

export function validationError(message: string): ApiError {
  return new ApiError(400, { __type: errorType.validation, message });
}

export function isConditionalCheckFailed(reply: Reply): boolean {
  return reply.status === 400 && String(reply.body.__type ?? "").endsWith("#ConditionalCheckFailedException");
}

/** What the transaction code needs from the store behind it. */
export interface Backend {
  /** One DynamoDB operation against dynalite; errors come back as a non-200 Reply. */
  call(operation: string, input: JsonObject): Promise<Reply>;
  /** The key attribute names of a table, hash key first; throws ApiError (e.g. ResourceNotFound). */
  keyAttributes(tableName: string): Promise<string[]>;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** DynamoDB numbers compare by value: "1", "1.0" and "10E-1" are the same key. */
function normalizeNumber(text: string): string {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match) return text;
  const [, sign, whole = "", fraction = "", exponent = "0"] = match;
  let digits = whole + fraction;
  let scale = Number(exponent) + whole.length;
  while (digits.startsWith("0")) {
    digits = digits.slice(1);
    scale -= 1;
  }
  digits = digits.replace(/0+$/, "");
  if (digits === "") return "0";
  return `${sign === "-" ? "-" : ""}0.${digits}e${scale}`;
}

/** A string that is equal for two keys exactly when they name the same item. */
export async function itemIdentity(backend: Backend, tableName: string, key: Item): Promise<string> {
  const attributes = await backend.keyAttributes(tableName);
  const parts = attributes.map((name) => {
    const value = key[name];
    const [type, raw] = isObject(value) ? (Object.entries(value)[0] ?? []) : [];
    if (type === undefined) throw validationError("The provided key element does not match the schema");
    return [type, type === "N" ? normalizeNumber(String(raw)) : raw];
  });
  return JSON.stringify([tableName, parts]);
}

export async function keyOfItem(backend: Backend, tableName: string, item: Item): Promise<Item> {
  const attributes = await backend.keyAttributes(tableName);
  const key: Item = {};
  for (const name of attributes) {
    const value = item[name];
    if (!value) throw validationError("One of the required keys was not given a value");
    key[name] = value;
  }
  return key;
}

export interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const hopByHopHeaders = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "host"]);

export function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !hopByHopHeaders.has(name)));
}

export function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

export function sendRaw(response: ServerResponse, reply: RawReply): void {
  response.writeHead(reply.status, {
    ...withoutHopByHop(reply.headers),
    "content-length": reply.body.length,
  });
  response.end(reply.body);
}

export function sendJson(response: ServerResponse, status: number, body: JsonObject): void {
  const payload = Buffer.from(JSON.stringify(body));
  response.writeHead(status, {
    "content-type": jsonContentType,
    "content-length": payload.length,
    "x-amz-crc32": String(crc32(payload)),
    "x-amzn-requestid": randomUUID(),
  });
  response.end(payload);
}

export function parseJson(body: Buffer): JsonObject {
  try {
    const value: unknown = JSON.parse(body.toString("utf8"));
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as JsonObject;
  } catch {
    // answered below
  }
  throw new ApiError(400, { __type: errorType.serialization });
}

export function operationOf(request: IncomingMessage): string | undefined {
  const [version, operation, ...rest] = String(request.headers["x-amz-target"] ?? "").split(".");
  return version === apiVersion && operation && rest.length === 0 ? operation : undefined;
}

export function isAuthenticated(request: IncomingMessage): boolean {
  return Boolean(request.headers.authorization) || (request.url ?? "").includes("X-Amz-Algorithm");
}
