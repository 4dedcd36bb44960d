import { recordFailure } from "#shared/deletion/deletion";

/** The workflow's Catch: states the failed step and reason, and leaves the organization retryable. */
export const handler = async (input: { orgId: string; error: { Error?: string; Cause?: string } }) =>
  recordFailure(input.orgId, input.error);
