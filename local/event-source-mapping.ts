/**
 * Lambda event source mappings over the local DynamoDB's stream (./dynamodb-stream.ts), one per
 * StreamConsumer (functions/streams.ts), run as Lambda runs a DynamoDB mapping with
 * `FunctionResponseTypes: ["ReportBatchItemFailures"]`, an on-failure destination and the
 * consumer's settings:
 *
 * - one poller per mapping, in stream order, one invocation at a time (the stream has one shard;
 *   ParallelizationFactor 1), through the local Lambda service (`invoke`: the function's own
 *   environment, grants and timeout), with the event `{ Records: [...] }`;
 * - records that match none of the consumer's `filters` (./event-filter.ts) are checkpointed past
 *   without an invocation;
 * - a batch is up to `batchSize` matching records (and 6 MB), sent when full or when the batching
 *   window has passed: it begins when the previous invocation ended, or when the first record
 *   arrived if the mapping was waiting for one;
 * - the answer: nothing, or no `batchItemFailures`: the batch succeeded, checkpointed after it;
 *   `{ batchItemFailures: [{ itemIdentifier: <SequenceNumber> }...] }`: checkpointed before the
 *   lowest, and the batch retried from it; an identifier that is empty, null, not a string or not
 *   in the batch: the whole batch failed (retried whole);
 * - a function error (it threw, timed out, crashed): the batch is split in two and each half
 *   retried apart when `bisectBatchOnFunctionError` (splitting "doesn't consume the retry
 *   quota"), else retried whole;
 * - every retry waits (exponential backoff from `retryBaseMs`) and counts against
 *   `maximumRetryAttempts` (-1: until the records expire, 24 h); throttles and other errors of the
 *   Lambda service itself are retried without counting, as Lambda does for errors "before
 *   invocation";
 * - past the last retry, the failed records go to the on-failure destination as Lambda's
 *   invocation record for a stream (`DDBStreamBatchInfo`: the shard, first and last sequence
 *   numbers, arrival times and count, not the records), and the mapping moves on.
 *
 * Checkpoints (the last sequence number each mapping is done with) and the destination's records
 * are kept beside the stream's records with a data folder, so a restart resumes each mapping where
 * it was: records not yet checkpointed are delivered again (at least once, as in AWS).
 */
import { randomUUID } from "node:crypto";
import { appendFileSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StreamConsumer } from "#functions/stream-types";
import {
  type LocalStream,
  retentionMs,
  type StreamEntry,
  type StreamRecord,
  sequenceBefore,
} from "#local/dynamodb-stream";
import { matchesFilters, validateFilterPattern } from "#local/event-filter";
import { FunctionError, LambdaServiceError, type LocalFunctionSpec } from "#local/functions";

/** The invocation record Lambda sends to a stream mapping's on-failure destination (an SQS queue). */
export interface OnFailureRecord {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: "RetryAttemptsExhausted" | "RecordAgeExceeded";
    approximateInvokeCount: number;
  };
  responseContext: {
    statusCode: number;
    executedVersion: "$LATEST";
    /** "Unhandled" when the function failed; null when it answered the records failed. */
    functionError: "Unhandled" | null;
  };
  version: "1.0";
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
}

/** One invocation of a mapping's function and how it ended (kept for mappings that ask). */
export interface MappingInvocation {
  event: { Records: StreamRecord[] };
  outcome: "success" | "partial" | "invalid" | "error" | "throttled" | "stopped";
}

export interface StreamMappingHandle {
  readonly consumer: StreamConsumer;
  /** Stops polling; an invocation in flight is left to end (its batch is delivered again later). */
  stop(): Promise<void>;
  /** The invocations so far, oldest first, when started with `keepInvocations`. */
  invocations(): readonly MappingInvocation[];
}

export interface StartMappingOptions {
  /**
   * Where a mapping without a checkpoint starts: TRIM_HORIZON (the oldest record kept) or LATEST
   * (after the newest). A mapping with a checkpoint resumes after it. @default TRIM_HORIZON
   */
  startingPosition?: "TRIM_HORIZON" | "LATEST";
  /** Keeps every invocation's event and outcome (tests). */
  keepInvocations?: boolean;
}

export interface StreamMappingsOptions {
  stream: LocalStream;
  /** Invokes a function as the local Lambda service does. */
  invoke(spec: LocalFunctionSpec, event: unknown): Promise<unknown>;
  region: string;
  accountId?: string;
  /** The system's time (the runtime's clock): failure records' timestamps. @default Date.now */
  now?: () => number;
  /** The first retry's wait, doubled at each retry (up to 30 s). @default 1000 */
  retryBaseMs?: number;
  /** The consumers' functions' timeout. @default 60 (a workflow task's, functionTimeoutSeconds.task) */
  timeoutSeconds?: number;
}

/** Lambda invokes with at most 6 MB of records. */
const maxPayloadBytes = 6 * 1024 * 1024;
const maxBackoffMs = 30_000;

const arrival = (record: StreamRecord) =>
  new Date(record.dynamodb.ApproximateCreationDateTime * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

/** Resolves at the next `notify()` (every waiter at once). */
class Signal {
  #waiters: (() => void)[] = [];
  wait(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
  notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter();
  }
}

/** Each mapping's checkpoint, in `checkpoints.json` of the stream's folder (in memory without one). */
class Checkpoints {
  readonly #file: string | undefined;
  readonly #values: Record<string, string>;

  constructor(folder: string | undefined) {
    this.#file = folder ? join(folder, "checkpoints.json") : undefined;
    let values: Record<string, string> = {};
    if (this.#file) {
      try {
        values = JSON.parse(readFileSync(this.#file, "utf8")) as Record<string, string>;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
    this.#values = values;
  }

  get(name: string): string | undefined {
    return Object.hasOwn(this.#values, name) ? this.#values[name] : undefined;
  }

  set(name: string, sequence: string, durable: boolean): void {
    this.#values[name] = sequence;
    if (durable) this.flush();
  }

  flush(): void {
    if (!this.#file) return;
    const temporary = `${this.#file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.#values));
    renameSync(temporary, this.#file);
  }
}

/** The on-failure destination: its records, in `failures.jsonl` of the stream's folder too. */
class FailureDestination {
  readonly #file: string | undefined;
  readonly records: OnFailureRecord[] = [];

  constructor(folder: string | undefined) {
    this.#file = folder ? join(folder, "failures.jsonl") : undefined;
    if (!this.#file) return;
    try {
      for (const line of readFileSync(this.#file, "utf8").split("\n")) {
        if (line === "") continue;
        try {
          this.records.push(JSON.parse(line) as OnFailureRecord);
        } catch {
          // A line cut off by a crash.
        }
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }

  send(record: OnFailureRecord): void {
    if (this.#file) appendFileSync(this.#file, `${JSON.stringify(record)}\n`);
    this.records.push(record);
  }
}

type Outcome =
  | { kind: "success" }
  | { kind: "partial"; from: string }
  | { kind: "invalid" }
  | { kind: "error" }
  | { kind: "throttled" }
  | { kind: "stopped" };

/** Lambda's reading of a ReportBatchItemFailures answer for the batch's sequence numbers. */
function readAnswer(result: unknown, sequences: ReadonlySet<string>): Outcome {
  if (result === null || typeof result !== "object" || Array.isArray(result)) return { kind: "success" };
  const failures = (result as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: "success" };
  if (!Array.isArray(failures)) return { kind: "invalid" };
  if (failures.length === 0) return { kind: "success" };
  let lowest: string | undefined;
  for (const failure of failures) {
    const identifier = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof identifier !== "string" || !sequences.has(identifier)) return { kind: "invalid" };
    if (lowest === undefined || identifier < lowest) lowest = identifier;
  }
  return lowest === undefined ? { kind: "invalid" } : { kind: "partial", from: lowest };
}

class EventSourceMapping implements StreamMappingHandle {
  readonly consumer: StreamConsumer;
  readonly #manager: StreamMappings;
  readonly #options: StreamMappingsOptions;
  readonly #spec: LocalFunctionSpec;
  readonly #functionArn: string;
  readonly #invocations: MappingInvocation[] | undefined;
  readonly #unsubscribe: () => void;
  readonly #wake = new Signal();
  readonly #stopOff: () => void;
  readonly #stopped: Promise<void>;
  #markStopped!: () => void;
  /** The last sequence number the mapping is done with (undefined: before the oldest record). */
  #position: string | undefined;
  #busy = false;
  #stopping = false;
  #loop: Promise<void> | undefined;
  /** When the next batching window may begin: the end of the previous invocation. */
  #windowStart = Date.now();

  constructor(
    manager: StreamMappings,
    options: StreamMappingsOptions,
    consumer: StreamConsumer,
    start: StartMappingOptions,
  ) {
    for (const pattern of consumer.filters) validateFilterPattern(pattern);
    this.consumer = consumer;
    this.#manager = manager;
    this.#options = options;
    this.#spec = {
      name: consumer.name,
      handler: consumer.handler,
      access: consumer.access,
      timeoutSeconds: options.timeoutSeconds ?? 60,
    };
    this.#functionArn = `arn:aws:lambda:${options.region}:${options.accountId ?? "000000000000"}:function:${consumer.name}`;
    this.#invocations = start.keepInvocations ? [] : undefined;
    this.#stopped = new Promise((resolve) => {
      this.#markStopped = resolve;
    });
    this.#unsubscribe = options.stream.subscribe();
    this.#stopOff = options.stream.onPublish(() => this.#wake.notify());
    const checkpoint = manager.checkpoints.get(consumer.name);
    this.#position =
      checkpoint ??
      ((start.startingPosition ?? "TRIM_HORIZON") === "LATEST" ? options.stream.lastSequence() : undefined);
  }

  invocations(): readonly MappingInvocation[] {
    return this.#invocations ?? [];
  }

  /** Caught up: nothing in flight and nothing published after its checkpoint. */
  get idle(): boolean {
    if (this.#busy) return false;
    const last = this.#options.stream.lastSequence();
    return last === undefined || (this.#position !== undefined && this.#position >= last);
  }

  run(): void {
    this.#loop ??= this.#poll().catch((error: unknown) => {
      console.error(`event source mapping ${this.consumer.name}: stopped by an internal error`, error);
    });
  }

  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#markStopped();
    this.#wake.notify();
    this.#stopOff();
    this.#unsubscribe();
    // An invocation in flight is not waited for: its answer is dropped, its batch delivered again.
    if (!this.#busy) await this.#loop;
    this.#manager.checkpoints.flush();
    this.#manager.forget(this);
  }

  #checkpoint(sequence: string, durable: boolean): void {
    if (this.#position !== undefined && sequence <= this.#position) return;
    this.#position = sequence;
    this.#manager.checkpoints.set(this.consumer.name, sequence, durable);
    this.#manager.progressed();
  }

  async #poll(): Promise<void> {
    while (!this.#stopping) {
      const batch = await this.#gather();
      if (!batch) return;
      if (batch.records.length === 0) {
        // Filtered out, every one: checkpointed past (kept lazily: after a crash they are filtered again).
        this.#checkpoint(batch.through, false);
        continue;
      }
      this.#busy = true;
      try {
        await this.#deliver(batch.records, batch.through);
      } finally {
        this.#busy = false;
        this.#windowStart = Date.now();
        this.#manager.progressed();
      }
    }
  }

  /** The next batch: matching records up to the batch size, once full or its window passed. */
  async #gather(): Promise<{ records: StreamEntry[]; through: string } | undefined> {
    const { batchSize, maximumBatchingWindowSeconds, filters } = this.consumer;
    for (;;) {
      if (this.#stopping) return undefined;
      const pending = this.#options.stream.after(this.#position);
      if (pending.length === 0) {
        await this.#wake.wait();
        continue;
      }
      const records: StreamEntry[] = [];
      let bytes = 0;
      let full = false;
      let through = this.#position ?? "";
      for (const entry of pending) {
        if (matchesFilters(entry.record, filters as Record<string, unknown>[])) {
          const size = Buffer.byteLength(JSON.stringify(entry.record));
          if (records.length >= batchSize || (records.length > 0 && bytes + size > maxPayloadBytes)) {
            full = true;
            break;
          }
          records.push(entry);
          bytes += size;
        }
        through = entry.record.dynamodb.SequenceNumber;
      }
      if (records.length >= batchSize) full = true;
      const windowMs = maximumBatchingWindowSeconds * 1000;
      if (records.length === 0 || full || windowMs <= 0) return { records, through };
      const first = records[0] as StreamEntry;
      const waitMs = Math.max(this.#windowStart, first.arrivedAt) + windowMs - Date.now();
      if (waitMs <= 0) return { records, through };
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.#wake.wait(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, waitMs);
        }),
      ]);
      clearTimeout(timer);
    }
  }

  /** Delivers a batch to its end: processed, or given to the failure destination. */
  async #deliver(batch: StreamEntry[], through: string): Promise<void> {
    const { maximumRetryAttempts, bisectBatchOnFunctionError } = this.consumer;
    const deliveries = new Map<string, number>();
    const queue: { records: StreamEntry[]; retries: number }[] = [{ records: batch, retries: 0 }];
    let throttles = 0;
    while (queue.length > 0) {
      if (this.#stopping) return;
      const current = queue[0] as { records: StreamEntry[]; retries: number };
      const records = current.records.map((entry) => entry.record);
      const outcome = await this.#invoke(records, deliveries);
      if (outcome.kind === "stopped" || this.#stopping) return;
      if (outcome.kind === "throttled") {
        // Not the function's doing: retried, never counted.
        await this.#sleep(this.#backoff(throttles++));
        continue;
      }
      throttles = 0;
      if (outcome.kind === "success") {
        queue.shift();
        const last = records.at(-1)?.dynamodb.SequenceNumber as string;
        this.#checkpoint(queue.length === 0 ? through : last, true);
        continue;
      }
      if (outcome.kind === "partial") {
        // Done up to the first failure: checkpointed before it, retried from it.
        this.#checkpoint(sequenceBefore(outcome.from), true);
        current.records = current.records.filter(
          (entry) => entry.record.dynamodb.SequenceNumber >= outcome.from,
        );
      } else if (outcome.kind === "error" && bisectBatchOnFunctionError && current.records.length > 1) {
        const middle = Math.ceil(current.records.length / 2);
        queue.splice(
          0,
          1,
          { records: current.records.slice(0, middle), retries: current.retries },
          { records: current.records.slice(middle), retries: current.retries },
        );
        continue;
      }
      const expired = (current.records[0]?.arrivedAt ?? Date.now()) < Date.now() - retentionMs;
      const exhausted = maximumRetryAttempts >= 0 && current.retries >= maximumRetryAttempts;
      if (expired || exhausted) {
        this.#fail(current.records, deliveries, outcome.kind === "error", expired);
        queue.shift();
        const last = current.records.at(-1)?.record.dynamodb.SequenceNumber as string;
        this.#checkpoint(queue.length === 0 ? through : last, true);
        continue;
      }
      await this.#sleep(this.#backoff(current.retries));
      current.retries += 1;
    }
  }

  async #invoke(records: StreamRecord[], deliveries: Map<string, number>): Promise<Outcome> {
    for (const record of records) {
      const sequence = record.dynamodb.SequenceNumber;
      deliveries.set(sequence, (deliveries.get(sequence) ?? 0) + 1);
    }
    const event = { Records: records };
    let outcome: Outcome;
    try {
      const result = await this.#options.invoke(this.#spec, event);
      outcome = readAnswer(result, new Set(records.map((record) => record.dynamodb.SequenceNumber)));
    } catch (error) {
      if (error instanceof LambdaServiceError) outcome = { kind: "throttled" };
      else if (error instanceof FunctionError && error.name === "Local.Stopped")
        outcome = { kind: "stopped" };
      else if (error instanceof FunctionError) outcome = { kind: "error" };
      // Not the function's answer (the local service not ready, or gone): as a throttle, retried.
      else outcome = this.#stopping ? { kind: "stopped" } : { kind: "throttled" };
    }
    this.#invocations?.push({ event, outcome: outcome.kind });
    return outcome;
  }

  #fail(
    records: readonly StreamEntry[],
    deliveries: ReadonlyMap<string, number>,
    functionError: boolean,
    expired: boolean,
  ): void {
    const first = (records[0] as StreamEntry).record;
    const last = (records.at(-1) as StreamEntry).record;
    this.#manager.destination.send({
      requestContext: {
        requestId: randomUUID(),
        functionArn: this.#functionArn,
        condition: expired ? "RecordAgeExceeded" : "RetryAttemptsExhausted",
        approximateInvokeCount: deliveries.get(first.dynamodb.SequenceNumber) ?? 0,
      },
      responseContext: {
        statusCode: 200,
        executedVersion: "$LATEST",
        functionError: functionError ? "Unhandled" : null,
      },
      version: "1.0",
      timestamp: new Date((this.#options.now ?? Date.now)()).toISOString(),
      DDBStreamBatchInfo: {
        shardId: this.#options.stream.shardId,
        startSequenceNumber: first.dynamodb.SequenceNumber,
        endSequenceNumber: last.dynamodb.SequenceNumber,
        approximateArrivalOfFirstRecord: arrival(first),
        approximateArrivalOfLastRecord: arrival(last),
        batchSize: records.length,
        streamArn: this.#options.stream.arn,
      },
    });
  }

  #backoff(attempt: number): number {
    return Math.min(maxBackoffMs, (this.#options.retryBaseMs ?? 1000) * 2 ** attempt);
  }

  /** Waits `ms`, or less when the mapping stops. */
  async #sleep(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ms);
      }),
      this.#stopped,
    ]);
    clearTimeout(timer);
  }
}

/**
 * The runtime's event source mappings over its table's stream: started (subscribed, so the
 * stream captures writes) at once, polling once `run()` is called (when the functions can run).
 */
export class StreamMappings {
  readonly checkpoints: Checkpoints;
  readonly destination: FailureDestination;
  readonly #options: StreamMappingsOptions;
  readonly #mappings = new Set<EventSourceMapping>();
  readonly #progress = new Signal();
  #running = false;

  constructor(options: StreamMappingsOptions) {
    this.#options = options;
    this.checkpoints = new Checkpoints(options.stream.folder);
    this.destination = new FailureDestination(options.stream.folder);
    options.stream.onPublish(() => this.#progress.notify());
  }

  /** Starts a mapping for `consumer`; refused while one of the same name runs (as Lambda refuses a duplicate). */
  start(consumer: StreamConsumer, options: StartMappingOptions = {}): StreamMappingHandle {
    if ([...this.#mappings].some((mapping) => mapping.consumer.name === consumer.name))
      throw new Error(`an event source mapping for ${consumer.name} already runs`);
    const mapping = new EventSourceMapping(this, this.#options, consumer, options);
    this.#mappings.add(mapping);
    if (this.#running) mapping.run();
    return mapping;
  }

  /** Polling begins. */
  run(): void {
    this.#running = true;
    for (const mapping of this.#mappings) mapping.run();
  }

  /** The on-failure destination's records, oldest first. */
  failures(): readonly OnFailureRecord[] {
    return this.destination.records;
  }

  /** Resolves true once every mapping is caught up with the stream, false after `timeoutMs`. */
  async idle(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ([...this.#mappings].every((mapping) => mapping.idle)) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.#progress.wait(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, left);
        }),
      ]);
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#mappings].map((mapping) => mapping.stop()));
  }

  /** @internal */
  progressed(): void {
    this.#progress.notify();
  }

  /** @internal */
  forget(mapping: EventSourceMapping): void {
    this.#mappings.delete(mapping);
    this.#progress.notify();
  }
}
