import { errors } from "#shared/errors";

interface TransactionOutcome {
  canceled: boolean;
  data: readonly unknown[];
}

/**
 * Runs an ElectroDB write transaction and turns a cancellation into the domain error of the
 * first action whose condition failed. `reasons` maps an action's index to its error; an
 * unmapped failure is a 409 CONFLICT (a concurrent change won).
 */
export async function commitTransaction(
  transaction: { go(): Promise<TransactionOutcome> },
  reasons: Record<number, () => Error> = {},
): Promise<void> {
  const outcome = await transaction.go();
  if (!outcome.canceled) return;
  const results = outcome.data as { rejected?: boolean; code?: string }[];
  const failed = results.findIndex((result) => result?.rejected && result.code === "ConditionalCheckFailed");
  const error = failed >= 0 ? reasons[failed] : undefined;
  throw error ? error() : errors.conflict("A concurrent change won; try again.");
}
