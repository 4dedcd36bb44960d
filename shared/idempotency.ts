import { createHash, randomBytes } from "node:crypto";
import { isExpired, nowSeconds } from "#shared/db";
import type { Entity } from "#shared/entity";
import { getItem } from "#shared/entity/reads";
import { isConditionalCheckFailed, putItem, updateItem, write } from "#shared/entity/writes";
import { errors } from "#shared/errors";
import type { HttpResult, SessionClaims } from "#shared/http";
import { message } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import { logger } from "#shared/logger";
import type { RouteDefinition } from "#shared/route-types";

/**
 * `Idempotency-Key` for mutating POSTs (API.md): the same key with the same body answers the
 * first success again and does nothing twice; with another body 422 IDEMPOTENCY_KEY_REUSED;
 * while the first request is still running 409 IDEMPOTENCY_REQUEST_IN_FLIGHT.
 *
 * One record per key, scoped by caller and concrete path (`POST /v1/organizations/o1/orders`),
 * kept 24 hours. It holds a hash of the body, the first answer once it succeeded, and an
 * `operationId` fixed when the key is first seen: handlers derive the ids of what they create
 * from it (order, ledger entry, withdrawal), so a retry after a crash or a failed step finds
 * its own earlier work instead of doing it again.
 *
 * Only successes are stored for replay. A failed request (any error) releases the key for a
 * retry of the same body: the domain's writes are all-or-nothing, and the steps that are not
 * (a withdrawal's payout) continue from the recorded intent under the same `operationId`.
 */
const retentionSeconds = 24 * 60 * 60;
/** Longer than a request may run: after it, a request that died without an answer can be retried. */
const leaseSeconds = 60;
const maxKeyLength = 255;

export interface IdempotencyRecord {
  /** SHA-256 of caller, method, path and key: the key itself is not stored. */
  scopeHash: string;
  requestHash: string;
  status: "in_flight" | "completed" | "failed";
  operationId: string;
  /** Who holds the record while the request runs, and until when. */
  leaseId: string;
  leaseUntil: number;
  response?: HttpResult;
  createdAt: string;
  expiresAt: number;
}
export const IdempotencyRecord: Entity<IdempotencyRecord, Pick<IdempotencyRecord, "scopeHash">> = {
  name: "idempotencyRecord",
  key: ({ scopeHash }) => ({ pk: `IDEMPOTENCY#${scopeHash}`, sk: "IDEMPOTENCY" }),
};

/** A time-ordered, URL-safe id: its first 9 characters are the creation time in milliseconds. */
export const newOperationId = () =>
  `${Date.now().toString(36).padStart(9, "0")}${randomBytes(8).toString("base64url")}`;

/** Kept here for the areas that import it with the operation ids. */
export { isConditionalCheckFailed };

/** JSON with sorted keys, so two bodies that differ only in key order hash the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("base64url");

export interface IdempotencyContext {
  /** Stable across retries of one key; fresh (and time-ordered) when the request has no key. */
  operationId: string;
}

export interface IdempotentRequest {
  body: unknown;
  headers: Record<string, string | undefined>;
  session: SessionClaims | undefined;
  event: { rawPath: string };
}

const callerOf = (route: Pick<RouteDefinition, "auth">, request: IdempotentRequest) =>
  route.auth === "user" ? `user:${request.session?.userId ?? "?"}` : route.auth;

const keyReused = () => errors.of(422, "IDEMPOTENCY_KEY_REUSED", texts.idempotencyKeyReused);

const inFlight = (leaseUntil: number) =>
  errors.of(409, "IDEMPOTENCY_REQUEST_IN_FLIGHT", texts.idempotencyRequestInFlight, {
    headers: { "retry-after": String(Math.max(1, Math.min(leaseSeconds, leaseUntil - nowSeconds()))) },
  });

type Acquired = { operationId: string; leaseId: string } | { replay: HttpResult };

async function acquire(scopeHash: string, requestHash: string): Promise<Acquired> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const now = nowSeconds();
    const leaseId = newOperationId();
    const operationId = newOperationId();
    try {
      await write(
        putItem(
          IdempotencyRecord,
          {
            scopeHash,
            requestHash,
            status: "in_flight",
            operationId,
            leaseId,
            leaseUntil: now + leaseSeconds,
            createdAt: new Date().toISOString(),
            expiresAt: now + retentionSeconds,
          },
          { condition: { $or: [{ $exists: false }, { expiresAt: { lte: now } }] } },
        ),
      );
      return { operationId, leaseId };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const record = await getItem(IdempotencyRecord, { scopeHash }, { consistent: true });
    if (!record || isExpired(record)) continue;
    if (record.requestHash !== requestHash) throw keyReused();
    if (record.status === "completed") {
      const stored = record.response ?? { status: 200 };
      return { replay: { ...stored, headers: { ...stored.headers, "idempotent-replayed": "true" } } };
    }
    if (record.status === "in_flight" && record.leaseUntil > now) throw inFlight(record.leaseUntil);
    // A failed attempt, or one that died without an answer: this retry takes over its operation.
    try {
      await write(
        updateItem(
          IdempotencyRecord,
          { scopeHash },
          { set: { status: "in_flight", leaseId, leaseUntil: now + leaseSeconds } },
          { condition: { leaseId: record.leaseId, status: record.status } },
        ),
      );
      return { operationId: record.operationId, leaseId };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      throw inFlight(now + leaseSeconds);
    }
  }
  throw errors.conflict(texts.idempotencyKeyContended);
}

async function release(scopeHash: string, leaseId: string, outcome: { response?: HttpResult }) {
  const update = outcome.response
    ? { status: "completed" as const, leaseUntil: 0, response: JSON.parse(JSON.stringify(outcome.response)) }
    : { status: "failed" as const, leaseUntil: 0 };
  await write(
    updateItem(IdempotencyRecord, { scopeHash }, { set: update }, { condition: { leaseId } }),
  ).catch((error: unknown) => {
    // The lease ran out and another attempt took the operation over: its answer counts.
    if (!isConditionalCheckFailed(error)) throw error;
    logger.warn("idempotency lease lost before the answer was stored");
  });
}

/**
 * Wraps a route's run function with Idempotency-Key handling. Without the header the request
 * runs as usual (with a fresh operation id).
 */
export function idempotent<Request extends IdempotentRequest>(
  route: Pick<RouteDefinition, "auth" | "method">,
  run: (request: Request, context: IdempotencyContext) => Promise<HttpResult>,
  secrets?: {
    /** The answer as kept: without what must never rest in the table (a session token). */
    kept(response: HttpResult): HttpResult;
    /** A replayed answer, made whole again (a new session for the same account). */
    replayed(kept: HttpResult): Promise<HttpResult>;
  },
): (request: Request) => Promise<HttpResult> {
  return async (request) => {
    const idempotencyKey = request.headers["idempotency-key"];
    if (idempotencyKey === undefined) return run(request, { operationId: newOperationId() });
    if (!/^[\x21-\x7e]+$/.test(idempotencyKey) || idempotencyKey.length > maxKeyLength) {
      throw errors.validationFailed([
        {
          path: "headers.idempotency-key",
          message: message(texts.idempotencyKeyFormat, { max: maxKeyLength }),
        },
      ]);
    }
    const scopeHash = sha256(
      [callerOf(route, request), route.method, request.event.rawPath, idempotencyKey].join("\n"),
    );
    const acquired = await acquire(scopeHash, sha256(canonicalJson(request.body)));
    if ("replay" in acquired) return secrets ? secrets.replayed(acquired.replay) : acquired.replay;
    let response: HttpResult;
    try {
      response = await run(request, { operationId: acquired.operationId });
    } catch (error) {
      await release(scopeHash, acquired.leaseId, {});
      throw error;
    }
    await release(scopeHash, acquired.leaseId, { response: secrets ? secrets.kept(response) : response });
    return response;
  };
}
