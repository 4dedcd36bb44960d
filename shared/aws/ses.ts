/**
 * The SES v2 client, loaded by `sendEmail` with `await import("#shared/aws/ses")` on the first
 * mail: most invocations of the functions that may mail send nothing, and do not load the SDK
 * at cold start. One client per process: the module is evaluated once.
 */
import { SESv2Client } from "@aws-sdk/client-sesv2";

export { SendEmailCommand } from "@aws-sdk/client-sesv2";

// Endpoint from AWS_ENDPOINT_URL_SESV2 locally; the SDK reads it itself.
export const ses = new SESv2Client({});
