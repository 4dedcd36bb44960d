import { isDomainError } from "#shared/errors";
import { logger } from "#shared/logger";

/** Errors of the AWS SDK that say "try again later". */
const transientNames = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "TransactionConflictException",
  "InternalServerError",
  "ServiceUnavailable",
  "TimeoutError",
]);

const isTransient = (error: unknown) => {
  if (!(error instanceof Error)) return false;
  if (error.name === "TransientError" || transientNames.has(error.name)) return true;
  if ((error as { $retryable?: unknown }).$retryable) return true;
  // A transaction that lost to a concurrent change: the step reads again when retried.
  return isDomainError(error) && error.code === "CONFLICT";
};

/**
 * A Step Functions task handler from a step: transient failures are renamed
 * `TransientError` (the state machine retries those), others keep their name (the state
 * machine catches them and records the failure).
 */
export const workflowTask =
  <Input, Output>(step: (input: Input) => Promise<Output>) =>
  async (input: Input): Promise<Output> => {
    try {
      return await step(input);
    } catch (error) {
      if (isTransient(error)) {
        const transient = new Error(error instanceof Error ? error.message : String(error));
        transient.name = "TransientError";
        throw transient;
      }
      logger.error("workflow step failed", { error: error as Error });
      throw error;
    }
  };

/** The readable reason of a caught error (shared/workflow-failure.ts). */
export { failureReason as reasonOf } from "#shared/workflow-failure";
