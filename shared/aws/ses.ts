/**
 * The SES v2 client of the mailer (shared/mail/send.ts), the one function that sends mail. One
 * client per process: the module is evaluated once.
 */
import { SESv2Client } from "@aws-sdk/client-sesv2";

export { SendEmailCommand } from "@aws-sdk/client-sesv2";

// Endpoint from AWS_ENDPOINT_URL_SESV2 locally; the SDK reads it itself. One attempt per send:
// the outbox owns the retries (the stream's retries with backoff, then the reconciler), and
// retrying inside as well would multiply the calls a throttled SES receives and hold the batch.
export const ses = new SESv2Client({ maxAttempts: 1 });
