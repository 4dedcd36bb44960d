/**
 * Presigned S3 requests (SigV4 in the query string) for one object, made without an S3 client:
 * the SDK's own signer (`@smithy/signature-v4`, which every bundle carries for its DynamoDB
 * client) and the function's credentials from its environment, where Lambda puts its role's
 * session. `@aws-sdk/s3-request-presigner` would do the same through `@aws-sdk/client-s3`, which
 * weighs about 100 KiB in a bundle and a third more import time (bench figures 1 and 2).
 *
 * The URL is signed with the function's role: S3 allows the request if that role may make it
 * (`s3:PutObject`, `s3:GetObject` on the object), until `expiresInSeconds` after `new Date()`.
 * Every header given is signed: the client must send each with exactly that value (S3 answers
 * 403 `SignatureDoesNotMatch` otherwise), `content-length` included, which fixes the body's size.
 */
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { requiredEnv } from "#shared/db";

/** `@smithy/types`' Checksum, on node:crypto: a hash, or an HMAC when constructed with a key. */
class Sha256 {
  readonly #hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#hash = secret === undefined ? createHash("sha256") : createHmac("sha256", toBuffer(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.#hash.digest();
  }
  reset(): void {
    throw new Error("not used by the signer");
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** RFC 3986, as S3 encodes each segment of an object key (and never twice). */
const encodeSegment = (segment: string) =>
  encodeURIComponent(segment).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );

const region = requiredEnv("AWS_REGION");
/** Locally, the runtime's S3 endpoint (path-style, as the SDK reads it); in AWS, the regional one. */
const endpoint = process.env.AWS_ENDPOINT_URL_S3 ? new URL(process.env.AWS_ENDPOINT_URL_S3) : undefined;

const signer = new SignatureV4({
  service: "s3",
  region,
  sha256: Sha256,
  // The path below is encoded once already; S3 signs it as sent.
  uriEscapePath: false,
  applyChecksum: false,
  credentials: async () => ({
    accessKeyId: requiredEnv("AWS_ACCESS_KEY_ID"),
    secretAccessKey: requiredEnv("AWS_SECRET_ACCESS_KEY"),
    ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}),
  }),
});

export interface PresignedRequest {
  method: "GET" | "PUT";
  url: string;
  /** What the client must send with it (signed): the method's headers but `host` and `content-length`. */
  headers: Record<string, string>;
  expiresAt: string;
}

export async function presignObjectRequest(options: {
  method: "GET" | "PUT";
  bucket: string;
  key: string;
  /** Signed headers (lower-case names): the client must send each, as given. */
  headers?: Record<string, string>;
  /** Signed query parameters (`response-content-disposition`...). */
  query?: Record<string, string>;
  expiresInSeconds: number;
}): Promise<PresignedRequest> {
  const path = `/${options.key.split("/").map(encodeSegment).join("/")}`;
  const target = endpoint
    ? {
        protocol: endpoint.protocol,
        hostname: endpoint.hostname,
        port: endpoint.port ? Number(endpoint.port) : undefined,
        path: `${endpoint.pathname.replace(/\/$/, "")}/${encodeSegment(options.bucket)}${path}`,
      }
    : { protocol: "https:", hostname: `${options.bucket}.s3.${region}.amazonaws.com`, port: undefined, path };
  const host = target.port ? `${target.hostname}:${target.port}` : target.hostname;
  // Whole seconds, as X-Amz-Date says it: the URL expires exactly `expiresInSeconds` after it.
  const signingDate = new Date(Math.floor(Date.now() / 1000) * 1000);
  const signed = await signer.presign(
    {
      method: options.method,
      protocol: target.protocol,
      hostname: target.hostname,
      ...(target.port ? { port: target.port } : {}),
      path: target.path,
      query: { ...options.query },
      // The payload is not signed (the client sends it later); S3 wants that said, in the query.
      headers: { ...options.headers, host, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
    },
    {
      signingDate,
      expiresIn: options.expiresInSeconds,
      // The signer leaves content-type out of a signature unless told: the type is fixed too.
      signableHeaders: new Set(Object.keys(options.headers ?? {})),
    },
  );
  const query = Object.entries(signed.query ?? {})
    .flatMap(([name, value]) =>
      [value ?? []].flat().map((one) => `${encodeSegment(name)}=${encodeSegment(one)}`),
    )
    .join("&");
  const { "content-length": _length, ...toSend } = options.headers ?? {};
  return {
    method: options.method,
    url: `${target.protocol}//${host}${target.path}?${query}`,
    headers: toSend,
    expiresAt: new Date(signingDate.getTime() + options.expiresInSeconds * 1000).toISOString(),
  };
}
