/**
 * CORS, declared once: the CDK app gives it to the HTTP API (API Gateway answers preflights and
 * puts these headers on every answer; it ignores CORS headers a function returns), and the local
 * gateway applies the same rules. Handlers never set CORS headers themselves.
 */
export const cors = {
  /** What the contract's requests send (API.md): the session, JSON bodies, ETag checks, idempotency. */
  allowHeaders: ["authorization", "content-type", "if-match", "idempotency-key"],
  /** What a browser may read of an answer: the ETag, a created resource, when to retry, the request id. */
  exposeHeaders: ["etag", "location", "retry-after", "x-request-id"],
  /** How long a browser may keep a preflight's answer. */
  maxAgeSeconds: 3600,
} as const;

/**
 * The logo bucket's CORS rule (for the same origins): the portal's pages send an upload's file
 * and read the logo through presigned URLs (shared/aws/presign.ts), straight to S3, with the
 * signed headers of an upload. The CDK app sets it on the bucket; the local S3 applies it.
 */
export const logoBucketCors = {
  allowedMethods: ["GET", "PUT"],
  allowedHeaders: ["content-type", "if-none-match"],
  exposedHeaders: ["etag"],
  maxAgeSeconds: 3600,
} as const;

/** The portal's development origins (Vite's default port), allowed by the local runtime unless CORS_ORIGINS says otherwise. */
export const localPortalOrigins = ["http://localhost:5173", "http://127.0.0.1:5173"] as const;

/** A comma-separated list of origins; a deployed stage never allows `*`. */
export function parseOrigins(value: string | undefined, fallback: readonly string[]): string[] {
  const origins = (value ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
  return origins.length ? origins : [...fallback];
}

/**
 * The CORS headers of an answer to `origin` (none for an origin not allowed: the browser then
 * refuses to hand the answer to the page), and of a preflight when `preflight` names its methods.
 */
export function corsHeaders(
  origin: string | undefined,
  allowedOrigins: readonly string[],
  preflight?: { methods: readonly string[] },
): Record<string, string> {
  if (!origin || !allowedOrigins.includes(origin)) return {};
  return {
    "access-control-allow-origin": origin,
    vary: "origin",
    ...(preflight
      ? {
          "access-control-allow-methods": preflight.methods.join(","),
          "access-control-allow-headers": cors.allowHeaders.join(","),
          "access-control-max-age": String(cors.maxAgeSeconds),
        }
      : { "access-control-expose-headers": cors.exposeHeaders.join(",") }),
  };
}
