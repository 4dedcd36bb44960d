import { errors } from "#shared/errors";
import * as texts from "#shared/i18n/error-texts";

/** A write refused because a transaction held one of its items (DynamoDB's TransactionConflict). */
export function isTransactionConflict(error: unknown): boolean {
  const { name, CancellationReasons } = error as {
    name?: string;
    CancellationReasons?: { Code?: string }[];
  };
  if (name === "TransactionConflictException") return true;
  return (
    name === "TransactionCanceledException" &&
    Boolean(CancellationReasons?.some((reason) => reason?.Code === "TransactionConflict")) &&
    !CancellationReasons?.some((reason) => reason?.Code === "ConditionalCheckFailed")
  );
}

/** Tries of a write that meets transaction conflicts, with full-jitter backoff between them. */
export const conflictRetry = { attempts: 8, baseMs: 15, capMs: 400 };

export const conflictAnswer = () =>
  errors.of(409, "CONFLICT", texts.concurrentChange, {
    headers: { "retry-after": "1" },
  });

/**
 * Runs a write, sending it again while DynamoDB answers that a transaction holds one of its
 * items (nothing was written then), at most `conflictRetry.attempts` times; past that, a 409
 * CONFLICT with Retry-After. Every write of the layer goes through here.
 */
export async function withConflictRetry<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (!isTransactionConflict(error)) throw error;
      conflictCount.value++;
      if (attempt >= conflictRetry.attempts) throw conflictAnswer();
      const ceiling = Math.min(conflictRetry.capMs, conflictRetry.baseMs * 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}

/** Transaction conflicts met by this process (tests and benchmarks report it). */
export const conflictCount = { value: 0 };
