/**
 * Domain errors: the only way an error reaches a client. Each carries its HTTP status and a
 * stable `code` from the API contract; the HTTP error middleware turns it into
 * application/problem+json (RFC 9457). Anything else becomes a 500 with no detail.
 */
export interface FieldError {
  /** Dotted path of the bad field, e.g. `organization.postalAddress.country`. */
  path: string;
  message: string;
}

export interface DomainErrorOptions {
  detail?: string;
  errors?: FieldError[];
  /** Extra members of the problem document (e.g. `unmet` prerequisites, `line` of an order). */
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export class DomainError extends Error {
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly extensions: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    options: DomainErrorOptions = {},
  ) {
    super(options.detail ?? title);
    this.name = "DomainError";
    this.detail = options.detail;
    this.errors = options.errors;
    this.extensions = options.extensions;
    this.headers = options.headers;
  }
}

const make =
  (status: number, code: string, title: string) =>
  (detail?: string, options: Omit<DomainErrorOptions, "detail"> = {}) =>
    new DomainError(status, code, title, { ...options, detail });

/** The common codes of the API contract; feature-specific errors are built the same way. */
export const errors = {
  validationFailed: (fieldErrors: FieldError[], detail = "The request is not valid.") =>
    new DomainError(400, "VALIDATION_FAILED", "Validation failed", { detail, errors: fieldErrors }),
  unauthenticated: make(401, "UNAUTHENTICATED", "Authentication required"),
  forbidden: make(403, "FORBIDDEN", "Forbidden"),
  notFound: make(404, "NOT_FOUND", "Not found"),
  methodNotAllowed: make(405, "METHOD_NOT_ALLOWED", "Method not allowed"),
  conflict: make(409, "CONFLICT", "Conflict"),
  preconditionFailed: make(412, "PRECONDITION_FAILED", "Precondition failed"),
  unsupportedMediaType: make(415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type"),
  payloadTooLarge: make(413, "PAYLOAD_TOO_LARGE", "Payload too large"),
  preconditionRequired: make(428, "PRECONDITION_REQUIRED", "Precondition required"),
  tooManyRequests: make(429, "TOO_MANY_REQUESTS", "Too many requests"),
  /** A feature-specific error with a stable code from API.md. */
  of: (status: number, code: string, title: string, options?: DomainErrorOptions) =>
    new DomainError(status, code, title, options),
};

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
