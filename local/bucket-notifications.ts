import type { BucketNotificationConsumer } from "#functions/organizations/logo-check";
import type { LocalFunctionSpec } from "#local/functions";
import type { S3NotificationRecord } from "#local/s3";
import { functionTimeoutSeconds } from "#shared/function-access";

/**
 * S3 event notifications to Lambda, locally: each object-created record of the local S3 is
 * delivered to the functions whose declaration (functions/organizations/logo-check.ts) matches
 * its event and key prefix, as S3 invokes them: asynchronously (the writer of the object does
 * not wait), one record per event (`{ Records: [record] }`), through the local Lambda service
 * (its own environment, grants and clock); a failed invocation is retried `retryAttempts` times,
 * then the event is dropped with a line on stderr, as Lambda drops it (or sends it to a failure
 * destination, which the project does not configure). Lambda waits about one, then two minutes
 * before its retries; here a second, then two.
 */
export interface BucketNotifications {
  deliver(record: S3NotificationRecord): void;
  /** Resolves once no delivery is in flight or waiting for its retry (or after `timeoutMs`). */
  idle(timeoutMs: number): Promise<void>;
  stop(): void;
}

const matches = (consumer: BucketNotificationConsumer, record: S3NotificationRecord) => {
  const key = decodeURIComponent(record.s3.object.key.replaceAll("+", " "));
  const event = `s3:${record.eventName}`;
  return (
    key.startsWith(consumer.prefix) &&
    consumer.events.some((pattern) =>
      pattern.endsWith(":*") ? event.startsWith(pattern.slice(0, -1)) : event === pattern,
    )
  );
};

export function bucketNotifications(options: {
  consumers: readonly BucketNotificationConsumer[];
  invoke: (spec: LocalFunctionSpec, event: unknown) => Promise<unknown>;
  /** The wait before retry `attempt` (1, 2). @default 1 s, then 2 s */
  retryDelayMs?: (attempt: number) => number;
}): BucketNotifications {
  let pending = 0;
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const retryDelayMs = options.retryDelayMs ?? ((attempt: number) => attempt * 1000);

  const attempt = (consumer: BucketNotificationConsumer, event: unknown, number: number) => {
    const spec: LocalFunctionSpec = {
      name: consumer.name,
      handler: consumer.handler,
      access: consumer.access,
      timeoutSeconds: functionTimeoutSeconds.task,
    };
    options.invoke(spec, event).then(
      () => {
        pending--;
      },
      (error: unknown) => {
        if (stopped || number > consumer.retryAttempts) {
          if (!stopped) console.error(`${consumer.name}: S3 event dropped after ${number} attempts:`, error);
          pending--;
          return;
        }
        const timer = setTimeout(() => {
          timers.delete(timer);
          attempt(consumer, event, number + 1);
        }, retryDelayMs(number));
        timers.add(timer);
      },
    );
  };

  return {
    deliver(record) {
      if (stopped) return;
      for (const consumer of options.consumers) {
        if (!matches(consumer, record)) continue;
        pending++;
        attempt(consumer, { Records: [record] }, 1);
      }
    },
    async idle(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (pending > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
