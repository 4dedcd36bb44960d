import { titles as englishTitles } from "#shared/i18n/catalogues/errors/en";
import {
  type Detail,
  type ErrorCode,
  type Message,
  toMessage,
  writeMessage,
} from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";

/**
 * Domain errors: the only way an error reaches a client. Each carries its HTTP status and a
 * stable `code` from the API contract; the HTTP error middleware turns it into
 * application/problem+json (RFC 9457), its title and detail written in the language the request
 * prefers (R-L3): a throw site names a text of the catalogues (`texts.<name>` of
 * shared/i18n/error-texts.ts, with `message(...)` for its values), never writes one. Anything else becomes a 500 with no detail.
 */
export interface FieldError {
  /** Dotted path of the bad field, e.g. `organization.postalAddress.country`. */
  path: string;
  message: Detail;
}

/** A field's message zod already wrote in the request's language (shared/http.ts). */
export interface WrittenFieldError {
  path: string;
  written: string;
}

export interface DomainErrorOptions {
  errors?: (FieldError | WrittenFieldError)[];
  /**
   * Extra members of the problem document (e.g. `unmet` prerequisites, `line` of an order); a
   * `Message` among them is written in the request's language.
   */
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export class DomainError extends Error {
  /** What the problem's `detail` says; the title's when none. */
  readonly detail: Message | undefined;
  readonly errors: (FieldError | WrittenFieldError)[] | undefined;
  readonly extensions: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    detail?: Detail,
    options: DomainErrorOptions = {},
  ) {
    const message = detail === undefined ? undefined : toMessage(detail);
    // English in logs and for callers that record the reason (a logo upload's problem).
    super(message ? writeMessage(message, "en") : englishTitles[code]);
    this.name = "DomainError";
    this.detail = message;
    this.errors = options.errors;
    this.extensions = options.extensions;
    this.headers = options.headers;
  }
}

const make =
  (status: number, code: ErrorCode) =>
  (detail?: Detail, options: DomainErrorOptions = {}) =>
    new DomainError(status, code, detail, options);

/** The common codes of the API contract; feature-specific errors are built the same way. */
export const errors = {
  validationFailed: (
    fieldErrors: (FieldError | WrittenFieldError)[],
    detail: Detail = texts.requestNotValid,
  ) => new DomainError(400, "VALIDATION_FAILED", detail, { errors: fieldErrors }),
  unauthenticated: make(401, "UNAUTHENTICATED"),
  forbidden: make(403, "FORBIDDEN"),
  notFound: make(404, "NOT_FOUND"),
  methodNotAllowed: make(405, "METHOD_NOT_ALLOWED"),
  conflict: make(409, "CONFLICT"),
  preconditionFailed: make(412, "PRECONDITION_FAILED"),
  unsupportedMediaType: make(415, "UNSUPPORTED_MEDIA_TYPE"),
  payloadTooLarge: make(413, "PAYLOAD_TOO_LARGE"),
  preconditionRequired: make(428, "PRECONDITION_REQUIRED"),
  tooManyRequests: make(429, "TOO_MANY_REQUESTS"),
  /** A feature-specific error with a stable code from API.md (its title is the catalogues'). */
  of: (status: number, code: ErrorCode, detail?: Detail, options?: DomainErrorOptions) =>
    new DomainError(status, code, detail, options),
};

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
