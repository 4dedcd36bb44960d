import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { logger } from "#shared/logger";
import { sendOutboxMail } from "#shared/mail/send";
import { publishCounts } from "#shared/metrics";

/**
 * The mailer (shared/mail/send.ts), fed by the table's stream: each record is an outbox item
 * written `pending` (the event source mapping's filter lets no other through). Answers the records
 * to deliver again (`batchItemFailures`): SES unavailable, or an error of this invocation; Lambda
 * retries from the first of them, and items already sent are skipped by their claim.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const failures: string[] = [];
  const counts = { MailsSent: 0, MailsFailed: 0, MailsDeferred: 0 };
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    const sequence = record.dynamodb?.SequenceNumber ?? "";
    if (!image) continue;
    const item = unmarshall(image as Parameters<typeof unmarshall>[0]) as {
      entity?: string;
      status?: string;
      mailId?: string;
    };
    if (item.entity !== "outboxMail" || item.status !== "pending" || !item.mailId) continue;
    try {
      const outcome = await sendOutboxMail(item.mailId);
      if (outcome === "sent") counts.MailsSent++;
      else if (outcome === "failed") counts.MailsFailed++;
      else if (outcome === "retry") {
        counts.MailsDeferred++;
        failures.push(sequence);
      }
    } catch (error) {
      logger.error("mail not sent: the invocation failed", { mailId: item.mailId, error: error as Error });
      failures.push(sequence);
    }
  }
  publishCounts("mailer", counts);
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
};
