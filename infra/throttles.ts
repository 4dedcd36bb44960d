/**
 * Limits on the public routes that hash a password or try a mailed token (see infra/README.md
 * for the numbers and why). API Gateway throttles each below the stage's default, and the
 * functions that hash passwords get reserved concurrency: a flood of sign-ins can take at
 * most that many of the account's concurrent executions, never those the workflow tasks need.
 */
export interface RouteLimit {
  /** Steady requests per second API Gateway lets through to the route. */
  readonly rateLimit: number;
  readonly burstLimit: number;
  /** Concurrent executions reserved for (and the most taken by) the route's function. */
  readonly reservedConcurrency?: number;
}

/** The stage's default, for every other route. */
export const stageThrottle = { rateLimit: 100, burstLimit: 200 } as const;

export const publicRouteLimits: Readonly<Record<string, RouteLimit>> = {
  // scrypt at N=2^17 takes ~100 ms and 128 MiB: 10 concurrent sign-ins serve ~100 per second.
  "POST /v1/sessions": { rateLimit: 50, burstLimit: 100, reservedConcurrency: 10 },
  // Sign-up hashes a password, creates an account and mails a welcome.
  "POST /v1/accounts": { rateLimit: 10, burstLimit: 20, reservedConcurrency: 5 },
  // Mails two links; no hashing, but each request costs a mailbox something.
  "POST /v1/password-resets": { rateLimit: 10, burstLimit: 20 },
  // Hashes the new password.
  "POST /v1/password-resets/confirm": { rateLimit: 10, burstLimit: 20, reservedConcurrency: 5 },
  // Public confirmations of mailed tokens: nobody tries tokens at speed.
  "POST /v1/me/login-email-changes/confirm": { rateLimit: 10, burstLimit: 20 },
  "POST /v1/terminations/confirm": { rateLimit: 10, burstLimit: 20 },
};
