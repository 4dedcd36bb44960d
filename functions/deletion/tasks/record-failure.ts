import { recordFailure } from "#shared/deletion/deletion";
import { countRecordedFailure } from "#shared/metrics";

/** The workflow's Catch: states the failed step and reason, and leaves the organization retryable. */
export const handler = async (input: { orgId: string; error: { Error?: string; Cause?: string } }) => {
  const recorded = await recordFailure(input.orgId, input.error);
  // Counted once recorded: an outcome the customer reads, or a fault the alarm reports.
  countRecordedFailure("organization-deletion", input.error?.Error);
  return recorded;
};
