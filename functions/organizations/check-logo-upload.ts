import type { S3Event } from "aws-lambda";
import { checkLogoUpload } from "#shared/organizations/logo-check";

/**
 * The logo check (shared/organizations/logo-check.ts), invoked by the logo bucket's
 * object-created notification (asynchronously: a failure is retried by Lambda, twice). Each
 * record is checked on its own; the outcomes are returned for the log.
 */
export const handler = async (event: S3Event) => {
  const outcomes = [];
  for (const record of event.Records ?? []) outcomes.push(await checkLogoUpload(record));
  return { outcomes };
};
