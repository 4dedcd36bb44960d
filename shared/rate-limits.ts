import type { Entity } from "#shared/entity";
import { transact } from "#shared/entity/transactions";
import { updateItem } from "#shared/entity/writes";
import { errors } from "#shared/errors";
import * as texts from "#shared/i18n/error-texts";

/**
 * R-A9: what a request may cost others (a mail in someone's mailbox) or the service (a password
 * hash), limited per account, per target address and per client address. The limits, in one
 * table (documented in the README):
 */
export const rateLimits = {
  /** Mails sent at one account's request (invitations, login-email changes, termination links, invoice mails). */
  mailPerAccount: { limit: 30, windowSeconds: 60 * 60 },
  /** Mails sent to one address, whoever asks: nobody floods a mailbox through the portal. */
  mailPerTarget: { limit: 5, windowSeconds: 60 * 60 },
  /**
   * Password resets asked for one address (R-A8): counted on their own, not with the address's
   * other mail, so that the 429 comes at the same count whether or not an account has it.
   */
  passwordResetPerAddress: { limit: 5, windowSeconds: 60 * 60 },
  /** Mails asked for from one client address. */
  mailPerClient: { limit: 60, windowSeconds: 60 * 60 },
  /** Sign-ups from one client address (each hashes a password and sends a welcome mail). */
  signUpPerClient: { limit: 10, windowSeconds: 60 * 60 },
  /** Sign-ins from one client address (each hashes a password, known address or not). */
  signInPerClient: { limit: 60, windowSeconds: 5 * 60 },
  /** Public confirmations (mailed tokens) from one client address: nobody guesses tokens at speed. */
  confirmationPerClient: { limit: 30, windowSeconds: 5 * 60 },
} as const;

export type RateLimitName = keyof typeof rateLimits;
const perClient = new Set<RateLimitName>([
  "mailPerClient",
  "signUpPerClient",
  "signInPerClient",
  "confirmationPerClient",
]);

/** One window's count of one limit for one subject; expires (TTL) with its window. */
interface RateCounter {
  limitName: RateLimitName;
  subject: string;
  windowStart: number;
  count: number;
  expiresAt: number;
}
const RateCounter: Entity<RateCounter, Pick<RateCounter, "limitName" | "subject" | "windowStart">> = {
  name: "rateCounter",
  key: ({ limitName, subject, windowStart }) => ({
    pk: `RATE#${limitName}#${subject}`,
    sk: `WINDOW#${windowStart}`,
  }),
};

export interface RateCheck {
  limit: RateLimitName;
  /** The account id, the normalised address, or the client's IP address. */
  subject: string;
}

/** The machine's own address (a developer's every test user); other loopback addresses are clients like any. */
const isLocalMachine = (address: string) => ["127.0.0.1", "::1", "::ffff:127.0.0.1"].includes(address);

/**
 * Counts one request against each limit, all or none (one transaction of conditional updates:
 * a request refused by one limit counts against none), and refuses past a limit with 429
 * TOO_MANY_REQUESTS and `Retry-After` (the end of the window), before anything else is written
 * or sent. Locally, `RATE_LIMITS_EXEMPT_LOOPBACK=true` (set by `npm start`) leaves the
 * per-client limits out for clients at 127.0.0.1 or ::1: a developer's machine is one address for
 * every test user. Other loopback addresses (127.0.0.2...) are counted, so the limits can be tried
 * locally. The per-account and per-target limits apply everywhere.
 */
export async function enforceRateLimits(checks: readonly RateCheck[], now = Date.now()): Promise<void> {
  const exemptLoopback = process.env.RATE_LIMITS_EXEMPT_LOOPBACK === "true";
  const counted = [
    ...new Map(
      checks
        .filter(
          (check) =>
            check.subject && !(exemptLoopback && perClient.has(check.limit) && isLocalMachine(check.subject)),
        )
        .map((check) => [`${check.limit}\u0000${check.subject.toLowerCase()}`, check]),
    ).values(),
  ];
  if (!counted.length) return;
  // The benchmark's harness raises every limit (it measures routes, not their limits); never set in AWS.
  const scale = Math.max(1, Number(process.env.RATE_LIMITS_SCALE ?? 1) || 1);
  const seconds = Math.floor(now / 1000);
  let retryAfter = 1;
  await transact(
    counted.map((check) => {
      const { windowSeconds } = rateLimits[check.limit];
      const limit = rateLimits[check.limit].limit * scale;
      const windowStart = seconds - (seconds % windowSeconds);
      const windowEnd = windowStart + windowSeconds;
      return updateItem(
        RateCounter,
        { limitName: check.limit, subject: check.subject.toLowerCase(), windowStart },
        {
          set: {
            limitName: check.limit,
            subject: check.subject.toLowerCase(),
            windowStart,
            expiresAt: windowEnd + 60,
          },
          add: { count: 1 },
        },
        {
          upsert: true,
          condition: { $or: [{ count: { exists: false } }, { count: { lt: limit } }] },
          fails: () => {
            retryAfter = Math.max(1, windowEnd - seconds);
            return errors.of(429, "TOO_MANY_REQUESTS", texts.tooManyRequestsOfKind, {
              headers: { "retry-after": String(retryAfter) },
              extensions: { limit: check.limit },
            });
          },
        },
      );
    }),
  );
}
