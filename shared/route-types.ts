import type * as z from "zod/mini";

/** A request schema: any zod 4 schema; the project builds them with `zod/mini`, whose schemas tree-shake. */
export type RouteSchema = z.core.$ZodType;

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Who may call a route, checked before the handler runs:
 * - `public`: anyone (sign-up, sign-in, health).
 * - `user`: a valid session token, checked by the Lambda authorizer.
 * - `operator`: IAM authorization in AWS, the operator key locally.
 * Rights inside an organization (role, billing, product access) are decided by the
 * handler through the domain's authorization module, from the caller's membership.
 */
export type RouteAuth = "public" | "user" | "operator";

/**
 * What a function may touch: `shared/function-access.ts` turns it into IAM grants and the
 * environment (the CDK app), and the local runtime enforces the same grants.
 */
export interface FunctionAccess {
  table?: "read" | "readWrite";
  email?: boolean;
  /** State machines (by name) this function may start or describe. */
  workflows?: readonly string[];
  /** State machines (by name) whose executions this function only describes (operators' lists). */
  describeWorkflows?: readonly string[];
  /** Reads the token-signing secret. */
  signingKey?: boolean;
  /**
   * Rotates the token-signing secret (Secrets Manager's rotation steps): describes it, reads its
   * versions, puts the pending one and moves its stages. The secret is named by the rotation event.
   */
  signingKeyRotation?: boolean;
  /**
   * The organization logo bucket (shared/function-access.ts `logoActions`):
   * - `signUploads`: signs PUT URLs of its objects (shared/aws/presign.ts), which S3 allows as the
   *   function's role may put objects; the function itself never calls S3.
   * - `signDownloads`: signs GET URLs of its objects, the same way.
   * - `check`: reads and deletes its objects (the logo check).
   * - `readWrite`: reads, puts and deletes its objects (the organization deletion).
   */
  logos?: "signUploads" | "signDownloads" | "check" | "readWrite";
  /** Writes the archive of deleted organizations (R-D7): gets its retention period. */
  archive?: boolean;
  /** Terminates products (R-T5): gets how long their backups are kept before the purge. */
  backupRetention?: boolean;
  /** Renders invoice documents (PDF with a QR-bill): gets the creditor, the provider invoices name. */
  invoiceDocuments?: boolean;
}

/**
 * A JSON success answer: its schema (zod/mini, built with `z.strictObject`, so an undeclared
 * field fails the integration suite's check), its component name in the OpenAPI document and
 * an example that the schema accepts (a unit test parses each).
 */
export interface JsonResponse {
  /** The OpenAPI component name: `Invoice`, `MemberList`. */
  name: string;
  schema: RouteSchema;
  example: unknown;
  /** More components the schema is built from, named, so the document refers to them. */
  components?: Readonly<Record<string, RouteSchema>>;
}

/** A success answer without a body (204), or a document that is not JSON (a PDF, an image). */
export type RouteResponse =
  | JsonResponse
  | { empty: true }
  | { contentTypes: readonly string[]; description: string };

export const isJsonResponse = (response: RouteResponse | undefined): response is JsonResponse =>
  response !== undefined && "schema" in response;

export interface RouteDefinition<
  Body extends RouteSchema | undefined = RouteSchema | undefined,
  Query extends RouteSchema | undefined = RouteSchema | undefined,
> {
  method: HttpMethod;
  /** API Gateway path syntax: `/v1/organizations/{orgId}`. */
  path: string;
  /** Module path from the project root; the module exports `handler`. */
  handler: string;
  auth: RouteAuth;
  /**
   * A sensitive write on a `user` route: the handler checks that the session is still open. The
   * authorizer's answer is cached (30 s in API Gateway), so without this a signed-out or replaced
   * session could still change passwords or move money within that window.
   */
  freshSession?: true;
  /**
   * The handler hashes or verifies a password (scrypt at N=2^17: 128 MiB and about a second of a
   * vCPU): infra gives its function the memory the measured hash needs (infra/capacity.ts).
   */
  passwordHashing?: true;
  summary: string;
  /** Schemas of what the route accepts; every unknown field is refused (strict objects). */
  body?: Body;
  query?: Query;
  /**
   * The route takes a non-JSON body (an upload): the chain neither parses nor validates it,
   * and the handler reads `request.event.body` (base64 when `isBase64Encoded`) itself.
   */
  rawBody?: boolean;
  /** Documented success status, for the OpenAPI document. */
  successStatus: number;
  /** What the success answer holds: published in the OpenAPI, checked by the integration suite. */
  response?: RouteResponse;
  /** Other success statuses the route answers without a body (a removal with nothing to decide: 204). */
  emptyStatuses?: readonly number[];
  access: FunctionAccess;
}

/**
 * Declares a route. Call it as `/* @__PURE__ *\/ route({...})`: esbuild honours the annotation
 * only at the call site (not a `@__NO_SIDE_EFFECTS__` across modules), and with it a handler's
 * bundle keeps its own route's declaration and schemas, not its whole area's.
 */
export function route<
  Body extends RouteSchema | undefined = undefined,
  Query extends RouteSchema | undefined = undefined,
>(definition: RouteDefinition<Body, Query>): RouteDefinition<Body, Query> {
  return definition;
}

/** `METHOD /path`, the key API Gateway uses for a route. */
export const routeKey = (definition: Pick<RouteDefinition, "method" | "path">): string =>
  `${definition.method} ${definition.path}`;
