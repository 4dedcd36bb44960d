import type { StreamConsumer } from "#functions/stream-types";

/**
 * Every function fed by the table's stream, declared once: the CDK app deploys an event source
 * mapping for each, the local runtime runs the same ones over the local DynamoDB's stream.
 */
export const streamConsumers: StreamConsumer[] = [
  {
    // The outbox's mailer (shared/mail/outbox.ts): the only function that sends mail.
    name: "mailer",
    handler: "functions/mail/send-mail.ts",
    access: { table: "readWrite", email: true, invoiceDocuments: true },
    batchSize: 10,
    maximumBatchingWindowSeconds: 0,
    // One more than the mailer's own attempts (shared/mail/send.ts): it records the item failed
    // before the mapping would give the batch up.
    maximumRetryAttempts: 5,
    bisectBatchOnFunctionError: true,
    // Outbox items written pending, or asked again (an operator's resend, the reconciler).
    filters: [
      {
        eventName: ["INSERT", "MODIFY"],
        dynamodb: { NewImage: { entity: { S: ["outboxMail"] }, status: { S: ["pending"] } } },
      },
    ],
  },
];
