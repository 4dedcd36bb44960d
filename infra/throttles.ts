import { hashingRouteCapacity } from "#infra/capacity";

/**
 * Limits on the public routes that hash a password or try a mailed token (see infra/README.md
 * for the numbers and why). API Gateway throttles each below the stage's default. The routes that
 * hash passwords admit what their functions serve (infra/capacity.ts, from the measured hash),
 * and, where the account's quota allows (`reserveConcurrency`), get that concurrency reserved: a
 * flood of sign-ins then takes at most that many of the account's concurrent executions, never
 * those the workflow tasks need.
 */
export interface RouteLimit {
  /** Steady requests per second API Gateway lets through to the route. */
  readonly rateLimit: number;
  readonly burstLimit: number;
  /** Concurrent executions the route's function serves: reserved for it when reservation is on. */
  readonly reservedConcurrency?: number;
}

/** The stage's default, for every other route. */
export const stageThrottle = { rateLimit: 100, burstLimit: 200 } as const;

/** A password-hashing route served by `concurrency` functions: what they serve within the hash's p99. */
const hashing = (concurrency: number): RouteLimit => {
  const capacity = hashingRouteCapacity(concurrency);
  return { rateLimit: capacity.rateLimit, burstLimit: capacity.burstLimit, reservedConcurrency: concurrency };
};

export const publicRouteLimits: Readonly<Record<string, RouteLimit>> = {
  // Sign-in verifies a password (or, for an unknown address, a dummy hash: the same work).
  "POST /v1/sessions": hashing(10),
  // Sign-up hashes a password, creates an account and writes a welcome.
  "POST /v1/accounts": hashing(5),
  // Mails two links; no hashing, but each request costs a mailbox something.
  "POST /v1/password-resets": { rateLimit: 10, burstLimit: 20 },
  // Hashes the new password.
  "POST /v1/password-resets/confirm": hashing(5),
  // Public confirmations of mailed tokens: nobody tries tokens at speed.
  "POST /v1/me/login-email-changes/confirm": { rateLimit: 10, burstLimit: 20 },
  "POST /v1/terminations/confirm": { rateLimit: 10, burstLimit: 20 },
};

/** Concurrency reserved by the routes above when reservation is on: what the account's quota must spare. */
export const reservedConcurrencyTotal = Object.values(publicRouteLimits).reduce(
  (sum, limit) => sum + (limit.reservedConcurrency ?? 0),
  0,
);
