import { getItem, queryItems } from "#shared/entity/reads";
import { isConditionalCheckFailed, updateItem, write } from "#shared/entity/writes";
import { errors } from "#shared/errors";
import { message } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import { logger } from "#shared/logger";
import { OutboxMail, outboxByStatus } from "#shared/mail/outbox";

/**
 * What owns an outbox item that the stream's deliveries left behind (shared/mail/outbox.ts),
 * found through the outbox's status index, never a scan; each is asked again by a write that
 * sets it `pending`, which the stream delivers to the mailer anew:
 * - `pending` for longer than `stalledAfterMs`: its deliveries went to the mapping's failure
 *   destination (the mailer's invocations kept failing), or were lost with an expired record;
 * - `sending` with its claim expired for longer than that: its mailer died between the claim and
 *   the mark (possibly after SES took it: this is the one way a mail goes twice);
 * - `failed` with a retryable failure (SES throttled or was down), after `retryAfterMs`, while the
 *   item has had fewer than `maxAttempts` sends.
 */
export const stalledAfterMs = 5 * 60_000;
export const retryAfterMs = 15 * 60_000;
export const maxAttempts = 20;
const pageSize = 100;

async function requeue(item: OutboxMail, now: number): Promise<boolean> {
  try {
    await write(
      updateItem(
        OutboxMail,
        { mailId: item.mailId },
        {
          set: {
            status: "pending",
            mailId: item.mailId,
            createdAt: item.createdAt,
            updatedAt: new Date(now).toISOString(),
          },
          remove: ["claimId", "claimedUntil"],
        },
        // Unless it moved meanwhile (a mailer took it, an operator asked again).
        { condition: { status: item.status, updatedAt: item.updatedAt } },
      ),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

export async function reconcileOutbox(options: { now?: number } = {}): Promise<{ requeued: number }> {
  const now = options.now ?? Date.now();
  const stalledBefore = new Date(now - stalledAfterMs).toISOString();
  const retryBefore = new Date(now - retryAfterMs).toISOString();
  let requeued = 0;
  const pending = await queryItems(OutboxMail, outboxByStatus("pending", `${stalledBefore}~`), {
    limit: pageSize,
  });
  for (const item of pending.items)
    if (item.updatedAt < stalledBefore && (await requeue(item, now))) requeued++;
  const sending = await queryItems(OutboxMail, outboxByStatus("sending", `${stalledBefore}~`), {
    limit: pageSize,
  });
  for (const item of sending.items)
    if (item.updatedAt < stalledBefore && (item.claimedUntil ?? 0) < now && (await requeue(item, now)))
      requeued++;
  const failed = await queryItems(OutboxMail, outboxByStatus("failed", `${retryBefore}~`), {
    limit: pageSize,
  });
  for (const item of failed.items)
    if (
      item.failure?.retryable &&
      item.updatedAt < retryBefore &&
      item.attempts < maxAttempts &&
      (await requeue(item, now))
    )
      requeued++;
  if (requeued) logger.info("outbox items asked again", { requeued });
  return { requeued };
}

/** An operator sends a failed mail again (after the reason is fixed: out of the sandbox, say). */
export async function resendMail(mailId: string) {
  const item = await getItem(OutboxMail, { mailId }, { consistent: true });
  if (!item) throw errors.notFound(texts.mailNotFound);
  if (item.status !== "failed")
    throw errors.of(409, "MAIL_NOT_FAILED", message(texts.mailNotFailed, { status: item.status }));
  const now = new Date().toISOString();
  await write(
    updateItem(
      OutboxMail,
      { mailId },
      {
        set: { status: "pending", mailId, createdAt: item.createdAt, attempts: 0, updatedAt: now },
        remove: ["failure"],
      },
      {
        condition: { status: "failed", updatedAt: item.updatedAt },
        fails: () => errors.conflict(texts.mailChangedMeanwhile),
      },
    ),
  );
  return { mailId, status: "pending" as const };
}
