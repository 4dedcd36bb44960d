import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { close, listen } from "#local/listen";

export interface LocalS3 {
  /** S3 API endpoint (path-style), for AWS_ENDPOINT_URL_S3. */
  endpoint: string;
  stop(): Promise<void>;
}

/** One record of an S3 event notification, as S3 sends it to Lambda (`Records[n]`). */
export interface S3NotificationRecord {
  eventVersion: string;
  eventSource: "aws:s3";
  awsRegion: string;
  eventTime: string;
  eventName: string;
  userIdentity: { principalId: string };
  requestParameters: { sourceIPAddress: string };
  responseElements: { "x-amz-request-id": string; "x-amz-id-2": string };
  s3: {
    s3SchemaVersion: "1.0";
    configurationId: string;
    bucket: { name: string; ownerIdentity: { principalId: string }; arn: string };
    object: { key: string; size: number; eTag: string; sequencer: string };
  };
}

/** A bucket's CORS rule, as S3's CORSConfiguration holds it. */
export interface BucketCorsRule {
  allowedOrigins: readonly string[];
  allowedMethods: readonly string[];
  allowedHeaders: readonly string[];
  exposedHeaders: readonly string[];
  maxAgeSeconds: number;
}

/** The parts of s3rver (CommonJS, no type definitions) used here. */
interface S3rverApp {
  callback(): (request: IncomingMessage, response: ServerResponse) => void;
  configureBuckets(): Promise<unknown>;
  on(event: "event", listener: (event: S3rverEvent) => void): void;
  store: { existsObject(bucket: string, key: string): Promise<boolean> };
  logger?: { close(): void };
}
/** What s3rver emits for a write (its own record shape, close to S3's but not it). */
interface S3rverEvent {
  Records: {
    eventName: string;
    requestParameters?: { sourceIPAddress?: string };
    s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } };
  }[];
}
type S3rverConstructor = new (options: {
  silent: boolean;
  directory: string;
  configureBuckets: { name: string; configs?: string[] }[];
  vhostBuckets: boolean;
}) => S3rverApp;

interface S3rverAccount {
  createKeyPair(accessKeyId: string, secretAccessKey: string): void;
}

const require = createRequire(import.meta.url);
const S3rver = require("s3rver") as S3rverConstructor;
const { DUMMY_ACCOUNT } = require("s3rver/lib/models/account") as { DUMMY_ACCOUNT: S3rverAccount };

/** What S3 answers a refused request: its status and the code and message of its XML error. */
class S3Refusal {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
  ) {}
}

const amzDate = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
const parseAmzDate = (value: string) =>
  /^\d{8}T\d{6}Z$/.test(value)
    ? Date.parse(
        `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T${value.slice(9, 11)}:${value.slice(11, 13)}:${value.slice(13, 15)}Z`,
      )
    : Number.NaN;
/** RFC 3986 percent-encoding, as SigV4 canonicalizes query names and values. */
const encode = (value: string) =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data, "utf8").digest();
const sha256Hex = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");

const queryAuthParameters = new Set([
  "X-Amz-Algorithm",
  "X-Amz-Credential",
  "X-Amz-Date",
  "X-Amz-Expires",
  "X-Amz-SignedHeaders",
  "X-Amz-Signature",
  "X-Amz-Security-Token",
]);

interface VerifyContext {
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  now: number;
}

/**
 * Checks a request's AWS Signature Version 4, in its Authorization header or its query string
 * (a presigned URL), as S3 does: the key, the scope's region and service, the signature over the
 * method, path, query, every signed header (so a presigned PUT's content type and length are
 * what was signed) and the payload hash the request names, and its time: a presigned URL until
 * X-Amz-Date + X-Amz-Expires, a header-signed request within 15 minutes of the server's time.
 * Written from the SigV4 specification, apart from the SDK's signer, so each proves the other.
 * Throws the refusal S3 would answer.
 */
function verifySignature(request: IncomingMessage, url: URL, context: VerifyContext): void {
  // The path as sent: S3 signs it encoded once, never normalized.
  const path = (request.url ?? "/").split("?")[0] ?? "/";
  const header = request.headers.authorization;
  const query = url.searchParams;
  const presigned = query.has("X-Amz-Algorithm");
  if (header && presigned) throw new S3Refusal(400, "InvalidArgument", "Only one auth mechanism allowed.");
  let credential: string;
  let signedHeaderNames: string[];
  let signature: string;
  let date: string;
  let payloadHash: string;
  if (presigned) {
    if (query.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256")
      throw new S3Refusal(
        400,
        "AuthorizationQueryParametersError",
        'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"',
      );
    credential = query.get("X-Amz-Credential") ?? "";
    signedHeaderNames = (query.get("X-Amz-SignedHeaders") ?? "").split(";");
    signature = query.get("X-Amz-Signature") ?? "";
    date = query.get("X-Amz-Date") ?? "";
    payloadHash = query.get("X-Amz-Content-Sha256") ?? "UNSIGNED-PAYLOAD";
    const expires = Number(query.get("X-Amz-Expires"));
    if (!Number.isInteger(expires) || expires < 1 || expires > 604800)
      throw new S3Refusal(
        400,
        "AuthorizationQueryParametersError",
        "X-Amz-Expires must be 1 to 604800 seconds.",
      );
    const signedAt = parseAmzDate(date);
    if (Number.isNaN(signedAt))
      throw new S3Refusal(
        400,
        "AuthorizationQueryParametersError",
        "X-Amz-Date must be yyyyMMdd'T'HHmmss'Z'.",
      );
    if (context.now > signedAt + expires * 1000)
      throw new S3Refusal(403, "AccessDenied", "Request has expired");
  } else if (header?.startsWith("AWS4-HMAC-SHA256 ")) {
    const parts = Object.fromEntries(
      header
        .slice("AWS4-HMAC-SHA256 ".length)
        .split(",")
        .map((part) => part.trim().split("=") as [string, string]),
    );
    credential = parts.Credential ?? "";
    signedHeaderNames = (parts.SignedHeaders ?? "").split(";");
    signature = parts.Signature ?? "";
    date = String(request.headers["x-amz-date"] ?? "");
    const hash = request.headers["x-amz-content-sha256"];
    if (typeof hash !== "string")
      throw new S3Refusal(
        400,
        "InvalidRequest",
        "Missing required header for this request: x-amz-content-sha256",
      );
    payloadHash = hash;
    const signedAt = parseAmzDate(date);
    if (Number.isNaN(signedAt))
      throw new S3Refusal(
        403,
        "AccessDenied",
        "AWS authentication requires a valid Date or x-amz-date header",
      );
    if (Math.abs(context.now - signedAt) > 15 * 60_000)
      throw new S3Refusal(
        403,
        "RequestTimeTooSkewed",
        "The difference between the request time and the current time is too large.",
      );
  } else if (header) {
    throw new S3Refusal(400, "InvalidArgument", "Only AWS Signature Version 4 is accepted.");
  } else {
    // The bucket is private (its public access blocked): an anonymous request is refused.
    throw new S3Refusal(403, "AccessDenied", "Access Denied");
  }

  const [accessKeyId, day, region, service, terminator] = credential.split("/");
  if (accessKeyId !== context.credentials.accessKeyId)
    throw new S3Refusal(
      403,
      "InvalidAccessKeyId",
      "The AWS Access Key Id you provided does not exist in our records.",
    );
  if (
    region !== context.region ||
    service !== "s3" ||
    terminator !== "aws4_request" ||
    day !== date.slice(0, 8)
  )
    throw new S3Refusal(
      400,
      "AuthorizationHeaderMalformed",
      `The credential scope ${credential} is wrong here.`,
    );
  if (!signedHeaderNames.includes("host"))
    throw new S3Refusal(403, "AccessDenied", "The host header must be signed.");

  const canonicalQuery = [...query.entries()]
    .filter(([name]) => !(presigned && name === "X-Amz-Signature"))
    .map(([name, value]) => [encode(name), encode(value)] as const)
    .sort(([a, aValue], [b, bValue]) => (a === b ? (aValue < bValue ? -1 : 1) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  const canonicalHeaders = signedHeaderNames
    .map((name) => {
      const value = request.headers[name];
      const text = Array.isArray(value) ? value.join(",") : (value ?? "");
      return `${name}:${text.trim().replace(/\s+/g, " ")}\n`;
    })
    .join("");
  const canonicalRequest = [
    request.method,
    path,
    canonicalQuery,
    canonicalHeaders,
    signedHeaderNames.join(";"),
    payloadHash,
  ].join("\n");
  const scope = `${day}/${region}/s3/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", date, scope, sha256Hex(canonicalRequest)].join("\n");
  const key = hmac(
    hmac(hmac(hmac(`AWS4${context.credentials.secretAccessKey}`, day), region), "s3"),
    "aws4_request",
  );
  const expected = Buffer.from(hmac(key, stringToSign).toString("hex"));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    throw new S3Refusal(
      403,
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    );
}

const corsXml = (rules: readonly BucketCorsRule[]) =>
  `<CORSConfiguration>${rules
    .map(
      (rule) =>
        `<CORSRule>${[
          ...rule.allowedOrigins.map((origin) => `<AllowedOrigin>${origin}</AllowedOrigin>`),
          ...rule.allowedMethods.map((method) => `<AllowedMethod>${method}</AllowedMethod>`),
          ...rule.allowedHeaders.map((name) => `<AllowedHeader>${name}</AllowedHeader>`),
          ...rule.exposedHeaders.map((name) => `<ExposeHeader>${name}</ExposeHeader>`),
          `<MaxAgeSeconds>${rule.maxAgeSeconds}</MaxAgeSeconds>`,
        ].join("")}</CORSRule>`,
    )
    .join("")}</CORSConfiguration>`;

/**
 * s3rver, on loopback, with the given buckets, behind a front that makes it answer as S3 does
 * where the project relies on it (s3rver checks no Signature Version 4 at all, reads its own
 * clock and writes over an object whatever `If-None-Match` says):
 * - every request but a CORS preflight must carry a valid SigV4 signature (`verifySignature`),
 *   checked against the runtime's clock (`now`), so a presigned URL expires when the clock says;
 * - a PUT with `If-None-Match: *` on an existing object is refused (412 PreconditionFailed), and a
 *   second one while the first is being written meets 409 ConditionalRequestConflict;
 * - each bucket has the CORS rules given (the deployment's, for the portal's origins);
 * - each object created is told to `onObjectCreated` as the record of S3's event notification.
 * Objects are files under `dataDir` (a temporary folder, removed on stop, when none is given).
 */
export async function startLocalS3(options: {
  port: number;
  host?: string;
  dataDir?: string;
  buckets: string[];
  credentials: { accessKeyId: string; secretAccessKey: string };
  region?: string;
  /** The runtime's time (local/clock.ts), in milliseconds. @default Date.now */
  now?: () => number;
  /** Every bucket's CORS rules. */
  cors?: readonly BucketCorsRule[];
  /** Told of every object created, once it is stored (before its writer has the answer). */
  onObjectCreated?: (record: S3NotificationRecord) => void;
}): Promise<LocalS3> {
  const host = options.host ?? "127.0.0.1";
  const region = options.region ?? "eu-central-2";
  const now = options.now ?? Date.now;
  const directory = options.dataDir ?? (await mkdtemp(join(tmpdir(), "aw-s3-")));
  // s3rver knows only its own key and that of the requests it is handed (below).
  DUMMY_ACCOUNT.createKeyPair(options.credentials.accessKeyId, options.credentials.secretAccessKey);
  const app = new S3rver({
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({
      name,
      ...(options.cors?.length ? { configs: [corsXml(options.cors)] } : {}),
    })),
  });
  await app.configureBuckets();
  app.on("event", (event) => {
    for (const record of event.Records) {
      if (!record.eventName.startsWith("ObjectCreated:")) continue;
      const { bucket, object } = record.s3;
      options.onObjectCreated?.({
        eventVersion: "2.1",
        eventSource: "aws:s3",
        awsRegion: region,
        eventTime: new Date(now()).toISOString(),
        eventName: record.eventName,
        userIdentity: { principalId: "AWS:LOCAL" },
        requestParameters: { sourceIPAddress: record.requestParameters?.sourceIPAddress ?? "127.0.0.1" },
        responseElements: {
          "x-amz-request-id": randomBytes(8).toString("hex").toUpperCase(),
          "x-amz-id-2": randomBytes(32).toString("base64"),
        },
        s3: {
          s3SchemaVersion: "1.0",
          configurationId: "local",
          bucket: {
            name: bucket.name,
            ownerIdentity: { principalId: "LOCAL" },
            arn: `arn:aws:s3:::${bucket.name}`,
          },
          // URL-encoded, spaces as `+`, as S3 sends keys.
          object: {
            key: object.key
              .split("/")
              .map((segment) => encodeURIComponent(segment).replaceAll("%20", "+"))
              .join("/"),
            size: Number(object.size ?? 0),
            eTag: object.eTag ?? "",
            sequencer: now().toString(16).toUpperCase().padStart(16, "0"),
          },
        },
      });
    }
  });
  const s3rver = app.callback();
  /** Keys with a conditional PUT being written. */
  const writing = new Set<string>();

  const front = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://s3.local");
    // A preflight carries no signature: s3rver answers it from the bucket's CORS rules.
    if (request.method === "OPTIONS") return s3rver(request, response);
    verifySignature(request, url, { credentials: options.credentials, region, now: now() });
    // Signed as S3 checks it: s3rver is handed the request with its query's signature taken out
    // and a header one dated now (it verifies none and reads its own clock), so what it checks
    // (the form) holds and what it answers (response-* overrides of a signed GET) it answers.
    for (const name of [...url.searchParams.keys()])
      if (queryAuthParameters.has(name)) url.searchParams.delete(name);
    request.url = `${(request.url ?? "/").split("?")[0]}${url.search}`;
    request.headers.authorization = `AWS4-HMAC-SHA256 Credential=${options.credentials.accessKeyId}/checked, SignedHeaders=host, Signature=checked`;
    request.headers["x-amz-date"] = amzDate(Date.now());
    request.headers["x-amz-content-sha256"] ??= "UNSIGNED-PAYLOAD";

    const [, bucket, ...keyParts] = url.pathname.split("/");
    const key = keyParts.map(decodeURIComponent).join("/");
    if (request.method === "PUT" && key && request.headers["if-none-match"] !== undefined) {
      if (request.headers["if-none-match"] !== "*")
        throw new S3Refusal(501, "NotImplemented", "If-None-Match on a PUT takes * only.");
      const slot = `${bucket}/${key}`;
      if (writing.has(slot))
        throw new S3Refusal(
          409,
          "ConditionalRequestConflict",
          "A conflicting conditional operation is in progress.",
        );
      if (await app.store.existsObject(decodeURIComponent(bucket ?? ""), key))
        throw new S3Refusal(
          412,
          "PreconditionFailed",
          "At least one of the pre-conditions you specified did not hold",
        );
      writing.add(slot);
      response.on("close", () => writing.delete(slot));
      delete request.headers["if-none-match"];
    }
    return s3rver(request, response);
  };

  // Our own server, so a taken port gives the runtime's one-line error.
  const server = createServer((request, response) => {
    front(request, response).catch((error: unknown) => {
      const refusal =
        error instanceof S3Refusal
          ? error
          : new S3Refusal(500, "InternalError", "We encountered an internal error.");
      const origin = request.headers.origin;
      const allowed = origin && options.cors?.some((rule) => rule.allowedOrigins.includes(origin));
      // The request's body is not read: the connection closes with the answer.
      response.writeHead(refusal.status, {
        "content-type": "application/xml",
        connection: "close",
        ...(allowed ? { "access-control-allow-origin": origin, vary: "Origin" } : {}),
      });
      response.end(
        request.method === "HEAD"
          ? undefined
          : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${refusal.code}</Code><Message>${refusal.message}</Message><RequestId>${randomBytes(8).toString("hex").toUpperCase()}</RequestId></Error>`,
      );
    });
  });
  const port = await listen(server, options.port, host, "S3_PORT");
  return {
    endpoint: `http://${host}:${port}`,
    stop: async () => {
      await close(server);
      app.logger?.close();
      if (!options.dataDir) await rm(directory, { recursive: true, force: true });
    },
  };
}
