/**
 * The local DynamoDB's stream (DynamoDB Streams, view type NEW_AND_OLD_IMAGES), produced by the
 * front of local/dynamodb.ts from every write it applies to the table:
 *
 * - one record per item a successful PutItem, UpdateItem, DeleteItem, BatchWriteItem or
 *   TransactWriteItems changed (INSERT, MODIFY or REMOVE), with the item's key, its images before
 *   and after, a sequence number and the record's size, as DynamoDB writes it; a write that changes
 *   nothing (a Put of the same item, an Update that sets what is there, a Delete of no item) writes
 *   no record, as DynamoDB Streams writes none "for an operation that does not change any data in
 *   an item";
 * - deletions by Time to Live carry `userIdentity` { type "Service", principalId
 *   "dynamodb.amazonaws.com" };
 * - one shard: records are in commit order for every key at once (DynamoDB orders them per item
 *   only, which this order satisfies);
 * - kept 24 hours, in memory and, with a data folder, in `dynamodb-stream/records.jsonl` beside
 *   the LevelDB folder, so that a restart loses none.
 *
 * Records are produced only while somebody reads the stream (`subscribe`, an event source mapping
 * does): then each write costs one read of its item's old image under the item's lock (the new
 * image comes from the write itself); with no reader, nothing at all.
 *
 * Crashes (with a data folder): a single or batch write journals its items' old images (an
 * "intent" line) before it is sent to the store, and settles the intent with its records (or with
 * none) before it is answered. A start after a crash reads each unsettled intent's items: one that
 * differs from its old image was written, and gets its record then (at least once, never lost). A
 * transaction's records are written, tagged with its journal entry (local/dynamodb-locks.ts),
 * after all its writes landed and before the entry ends, and are published only once it ended: a
 * transaction cut off by a crash is undone at the next start and its records dropped with it, so
 * the stream never shows a write that was undone, as DynamoDB never shows a cancelled transaction.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { AttributeValue, Item } from "#local/dynamodb-item";

export type StreamEventName = "INSERT" | "MODIFY" | "REMOVE";

/** A record as DynamoDB Streams gives it to Lambda (API_streams_Record, API_streams_StreamRecord). */
export interface StreamRecord {
  eventID: string;
  eventName: StreamEventName;
  eventVersion: "1.1";
  eventSource: "aws:dynamodb";
  awsRegion: string;
  dynamodb: {
    /** Epoch seconds, rounded down. */
    ApproximateCreationDateTime: number;
    Keys: Item;
    NewImage?: Item;
    OldImage?: Item;
    /** Digits, strictly increasing (21 of them, so that they also compare as strings). */
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: "NEW_AND_OLD_IMAGES";
  };
  eventSourceARN: string;
  /** Only on deletions by Time to Live. */
  userIdentity?: { type: "Service"; principalId: "dynamodb.amazonaws.com" };
}

/** A record of the stream and when it arrived (this process's time: retention and batching windows). */
export interface StreamEntry {
  record: StreamRecord;
  /** Milliseconds since the epoch, real time. */
  arrivedAt: number;
}

/** What one write did to one item. */
export interface ItemChange {
  key: Item;
  old: Item | undefined;
  new: Item | undefined;
  /** A deletion by Time to Live (the service's, not a caller's). */
  byTimeToLive?: boolean;
}

/** A single or batch write under way: settle it with its changes, or abandon it when it failed. */
export interface WriteIntent {
  commit(changes: readonly ItemChange[]): void;
  abandon(): void;
}

export interface LocalStreamOptions {
  /** Where records are kept; undefined keeps them in memory. */
  folder?: string;
  tableName: string;
  region: string;
  accountId: string;
  /** The system's time (the runtime's clock): ApproximateCreationDateTime. */
  now?: () => number;
  /** This process's time: when records arrived, for their retention and batching windows. @default Date.now */
  realNow?: () => number;
  /** Test facility (crash tests); see streamCrashPointFromEnvironment. */
  crashPoint?: StreamCrashPoint;
}

export interface StreamCrashPoint {
  /** Killed after the write landed and before its records were kept, or just after they were. */
  at: "before-records" | "after-records";
  /** Writes on an item whose partition or sort key begins with this. */
  keyPrefix: string;
}

/** DynamoDB Streams keeps records 24 hours. */
export const retentionMs = 24 * 60 * 60 * 1000;
const sequenceWidth = 21;
/** Lines appended since the file was last rewritten, past which it is rewritten with what is live. */
const compactAfterLines = 10_000;

type LogLine =
  | { t: "stream"; label: string; shardId: string; last: string }
  | { t: "intent"; id: number; items: { key: Item; old?: Item }[] }
  | { t: "settled"; id: number }
  | { t: "records"; intent?: number; tx?: string; at: number; records: StreamRecord[] };

/**
 * Numbers as dynalite stores them (its own big.js: `new Big(n).toFixed()`): the new image of a
 * Put is its item as stored, without reading it back.
 */
const Big = createRequire(createRequire(import.meta.url).resolve("dynalite"))("big.js") as new (
  value: string,
) => { toFixed(): string };

function storedValue(value: AttributeValue): AttributeValue {
  if (typeof value.N === "string") return { N: new Big(value.N).toFixed() };
  if (Array.isArray(value.NS)) return { NS: (value.NS as string[]).map((n) => new Big(n).toFixed()) };
  if (Array.isArray(value.L)) return { L: (value.L as AttributeValue[]).map(storedValue) };
  if (value.M && typeof value.M === "object") return { M: storedImage(value.M as Item) };
  return value;
}

/** An item as the store keeps it once written (numbers normalised). */
export function storedImage(item: Item): Item {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, storedValue(value)]));
}

/** Attribute values compared as DynamoDB compares items: attribute order and set order do not count. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, inner]) =>
          ["SS", "NS", "BS"].includes(name) && Array.isArray(inner)
            ? [name, [...(inner as string[])].sort()]
            : [name, canonical(inner)],
        ),
    );
  }
  return value;
}

export function sameItem(a: Item | undefined, b: Item | undefined): boolean {
  if (!a || !b) return a === b;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

const utf8 = (text: string) => Buffer.byteLength(text, "utf8");

/** DynamoDB's size of a number: one byte per two significant digits, plus one. */
function numberSize(text: string): number {
  const digits = text
    .replace(/^[-+]/, "")
    .replace(/[eE].*$/, "")
    .replace(".", "")
    .replace(/^0+/, "");
  const significant = digits.replace(/0+$/, "");
  return Math.ceil(Math.max(significant.length, 1) / 2) + 1;
}

/** DynamoDB's size of an attribute value (Working with items: item sizes). */
function valueSize(value: AttributeValue): number {
  const [type, inner] = Object.entries(value)[0] ?? [];
  switch (type) {
    case "S":
      return utf8(String(inner));
    case "N":
      return numberSize(String(inner));
    case "B":
      return Buffer.from(String(inner), "base64").length;
    case "BOOL":
    case "NULL":
      return 1;
    case "SS":
      return (inner as string[]).reduce((sum, each) => sum + utf8(each), 0);
    case "NS":
      return (inner as string[]).reduce((sum, each) => sum + numberSize(each), 0);
    case "BS":
      return (inner as string[]).reduce((sum, each) => sum + Buffer.from(each, "base64").length, 0);
    case "L": {
      const elements = inner as AttributeValue[];
      return 3 + elements.reduce((sum, each) => sum + valueSize(each) + 1, 0);
    }
    case "M": {
      const entries = Object.entries(inner as Item);
      return 3 + entries.reduce((sum, [name, each]) => sum + utf8(name) + valueSize(each) + 1, 0);
    }
    default:
      return 0;
  }
}

/** An item's size as DynamoDB counts it: each attribute's name and value. */
export function itemSize(item: Item | undefined): number {
  if (!item) return 0;
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);
}

const padSequence = (value: bigint) => value.toString().padStart(sequenceWidth, "0");
/** The first sequence number of a new stream: 21 digits, as DynamoDB's have at least. */
const firstSequence = 10n ** BigInt(sequenceWidth - 1);

/** The sequence number just before `sequence` (a checkpoint before a record). */
export const sequenceBefore = (sequence: string) => padSequence(BigInt(sequence) - 1n);

/**
 * Test facility: the stream's crash tests arm a kill of the process around the records of a write
 * with `LOCAL_CRASH_STREAM_POINT=before-records|after-records` and
 * `LOCAL_CRASH_STREAM_KEY_PREFIX=<prefix>`; unset (npm start, every other test), none.
 */
export function streamCrashPointFromEnvironment(): StreamCrashPoint | undefined {
  const at = process.env.LOCAL_CRASH_STREAM_POINT;
  if (at === undefined || at === "") return undefined;
  const keyPrefix = process.env.LOCAL_CRASH_STREAM_KEY_PREFIX ?? "";
  if ((at !== "before-records" && at !== "after-records") || keyPrefix === "") {
    throw new Error(
      "LOCAL_CRASH_STREAM_POINT takes before-records or after-records, and LOCAL_CRASH_STREAM_KEY_PREFIX the key prefix of the writes to cut",
    );
  }
  console.warn(`local DynamoDB: stream crash point armed: a write on ${keyPrefix}* kills the process ${at}`);
  return { at, keyPrefix };
}

/** The table's stream: written by the local DynamoDB's front, read by event source mappings. */
export class LocalStream {
  readonly arn: string;
  readonly shardId: string;
  /** Where records, checkpoints and failure records are kept; undefined in memory. */
  readonly folder: string | undefined;
  readonly #options: LocalStreamOptions;
  readonly #entries: StreamEntry[] = [];
  #last: bigint;
  #subscribers = 0;
  readonly #listeners = new Set<() => void>();
  readonly #itemTails = new Map<string, Promise<void>>();
  /** Intents journaled and not settled yet (written again when the file is rewritten). */
  readonly #open = new Map<number, LogLine & { t: "intent" }>();
  /** Intents found unsettled at the start (a crash), with the records of transactions found. */
  #recovered: { intents: (LogLine & { t: "intent" })[]; tagged: Map<string, StreamEntry[]> } | undefined;
  #nextIntent = 1;
  #fd: number | undefined;
  #linesSinceRewrite = 0;
  readonly #label: string;

  private constructor(options: LocalStreamOptions, header: { label: string; shardId: string; last: bigint }) {
    this.#options = options;
    this.folder = options.folder;
    this.#label = header.label;
    this.shardId = header.shardId;
    this.#last = header.last;
    this.arn = `arn:aws:dynamodb:${options.region}:${options.accountId}:table/${options.tableName}/stream/${header.label}`;
  }

  /** Opens the stream, reading what a data folder kept; call `recover` before serving writes. */
  static open(options: LocalStreamOptions): LocalStream {
    const fresh = {
      label: new Date().toISOString().replace(/Z$/, ""),
      shardId: `shardId-${String(Date.now()).padStart(20, "0")}-${randomBytes(4).toString("hex")}`,
      last: firstSequence - 1n,
    };
    if (!options.folder) {
      const stream = new LocalStream(options, fresh);
      stream.#recovered = { intents: [], tagged: new Map() };
      return stream;
    }
    mkdirSync(options.folder, { recursive: true });
    let text = "";
    try {
      text = readFileSync(join(options.folder, "records.jsonl"), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    const lines: LogLine[] = [];
    for (const line of text.split("\n")) {
      if (line === "") continue;
      try {
        lines.push(JSON.parse(line) as LogLine);
      } catch {
        // The last line, cut off by a crash while being written: what it said did not happen.
      }
    }
    const header = lines.find((line) => line.t === "stream");
    const stream = new LocalStream(
      options,
      header ? { label: header.label, shardId: header.shardId, last: BigInt(header.last) } : fresh,
    );
    const intents = new Map<number, LogLine & { t: "intent" }>();
    const tagged = new Map<string, StreamEntry[]>();
    for (const line of lines) {
      if (line.t === "intent") {
        intents.set(line.id, line);
        stream.#nextIntent = Math.max(stream.#nextIntent, line.id + 1);
      } else if (line.t === "settled") intents.delete(line.id);
      else if (line.t === "records") {
        if (line.intent !== undefined) intents.delete(line.intent);
        const entries = line.records.map((record) => ({ record, arrivedAt: line.at }));
        for (const { record } of entries) {
          const sequence = BigInt(record.dynamodb.SequenceNumber);
          if (sequence > stream.#last) stream.#last = sequence;
        }
        if (line.tx !== undefined) tagged.set(line.tx, [...(tagged.get(line.tx) ?? []), ...entries]);
        else stream.#entries.push(...entries);
      }
    }
    stream.#recovered = { intents: [...intents.values()], tagged };
    return stream;
  }

  /**
   * After a crash: drops the records of the transactions the journal undid, keeps those of the
   * others, and gives each write cut off between its store write and its records the record of
   * what it did (its item read now, against the old image it journaled). Then rewrites the file.
   */
  async recover(undoneTransactions: ReadonlySet<string>, read: (key: Item) => Promise<Item | undefined>) {
    const recovered = this.#recovered;
    if (!recovered) throw new Error("the stream was recovered already");
    this.#recovered = undefined;
    for (const [tx, entries] of recovered.tagged)
      if (!undoneTransactions.has(tx)) this.#entries.push(...entries);
    this.#entries.sort((a, b) => compareSequences(a.record, b.record));
    const changes: ItemChange[] = [];
    for (const intent of recovered.intents.sort((a, b) => a.id - b.id)) {
      for (const item of intent.items)
        changes.push({ key: item.key, old: item.old, new: await read(item.key) });
    }
    const records = this.#records(changes);
    const now = this.#realNow();
    for (const record of records) this.#entries.push({ record, arrivedAt: now });
    if (this.folder) this.#rewrite();
    return records.length;
  }

  /** Whether writes produce records: while somebody reads the stream. */
  get capturing(): boolean {
    return this.#subscribers > 0;
  }

  /** Makes writes produce records until the returned function is called (an event source mapping). */
  subscribe(): () => void {
    this.#subscribers += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#subscribers -= 1;
    };
  }

  /** The sequence number of the newest record published, if any. */
  lastSequence(): string | undefined {
    return this.#entries.at(-1)?.record.dynamodb.SequenceNumber;
  }

  /** The records after `sequence` (all when undefined), oldest first: a shard iterator's view. */
  after(sequence: string | undefined): readonly StreamEntry[] {
    this.#trim();
    if (sequence === undefined) return this.#entries.slice();
    let low = 0;
    let high = this.#entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#entries[middle]?.record.dynamodb.SequenceNumber ?? "") <= sequence) low = middle + 1;
      else high = middle;
    }
    return this.#entries.slice(low);
  }

  /** Calls `listener` after every publication until the returned function is called. */
  onPublish(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Holds the items (their identities, local/dynamodb-transactions.ts itemIdentity) for one
   * write: writes of one item, and their records, follow each other in order. Items are taken in
   * one order, so that two batch writes never wait for each other.
   */
  async hold(identities: readonly string[]): Promise<() => void> {
    const releases: (() => void)[] = [];
    for (const identity of [...new Set(identities)].sort()) {
      const previous = this.#itemTails.get(identity) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((resolve) => {
        release = resolve;
      });
      const tail = previous.then(() => mine);
      this.#itemTails.set(identity, tail);
      await previous;
      releases.push(() => {
        release();
        if (this.#itemTails.get(identity) === tail) this.#itemTails.delete(identity);
      });
    }
    return () => {
      for (const release of releases.reverse()) release();
    };
  }

  /** Before a single or batch write: its items' old images, journaled with a data folder. */
  begin(items: readonly { key: Item; old: Item | undefined }[]): WriteIntent {
    const id = this.#nextIntent++;
    if (this.folder) {
      const line: LogLine & { t: "intent" } = {
        t: "intent",
        id,
        items: items.map(({ key, old }) => (old ? { key, old } : { key })),
      };
      this.#append(line);
      this.#open.set(id, line);
    }
    let settled = false;
    const settle = () => {
      if (settled) throw new Error("a write intent is settled once");
      settled = true;
      this.#open.delete(id);
    };
    return {
      commit: (changes) => {
        settle();
        const records = this.#records(changes);
        this.#crashPoint(changes, "before-records");
        if (records.length === 0) {
          if (this.folder) this.#append({ t: "settled", id });
          return;
        }
        const at = this.#realNow();
        if (this.folder) this.#append({ t: "records", intent: id, at, records });
        this.#crashPoint(changes, "after-records");
        this.#publish(records, at);
      },
      abandon: () => {
        settle();
        if (this.folder) this.#append({ t: "settled", id });
      },
    };
  }

  /**
   * A transaction's changes, once all its writes landed: its records are kept, tagged with its
   * journal entry, and published by the returned function once the entry ended.
   */
  commitTransaction(changes: readonly ItemChange[], journalEntry: string | undefined): () => void {
    const records = this.#records(changes);
    this.#crashPoint(changes, "before-records");
    if (records.length === 0) return () => undefined;
    const at = this.#realNow();
    if (this.folder) {
      this.#append({
        t: "records",
        ...(journalEntry !== undefined ? { tx: journalEntry } : {}),
        at,
        records,
      });
    }
    this.#crashPoint(changes, "after-records");
    return () => this.#publish(records, at);
  }

  /** Closes the file; the records stay in memory. */
  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  /** The records of the changes that changed something, numbered in order. */
  #records(changes: readonly ItemChange[]): StreamRecord[] {
    const seconds = Math.floor((this.#options.now?.() ?? Date.now()) / 1000);
    const records: StreamRecord[] = [];
    for (const change of changes) {
      if (sameItem(change.old, change.new)) continue;
      this.#last += 1n;
      const keys = storedImage(change.key);
      const eventName: StreamEventName = !change.old ? "INSERT" : !change.new ? "REMOVE" : "MODIFY";
      records.push({
        eventID: randomUUID().replaceAll("-", ""),
        eventName,
        eventVersion: "1.1",
        eventSource: "aws:dynamodb",
        awsRegion: this.#options.region,
        dynamodb: {
          ApproximateCreationDateTime: seconds,
          Keys: keys,
          ...(change.new ? { NewImage: change.new } : {}),
          ...(change.old ? { OldImage: change.old } : {}),
          SequenceNumber: padSequence(this.#last),
          SizeBytes: itemSize(keys) + itemSize(change.new) + itemSize(change.old),
          StreamViewType: "NEW_AND_OLD_IMAGES",
        },
        eventSourceARN: this.arn,
        ...(change.byTimeToLive
          ? { userIdentity: { type: "Service" as const, principalId: "dynamodb.amazonaws.com" as const } }
          : {}),
      });
    }
    return records;
  }

  #publish(records: readonly StreamRecord[], at: number): void {
    for (const record of records) this.#entries.push({ record, arrivedAt: at });
    for (const listener of [...this.#listeners]) listener();
  }

  /** Drops what is older than the retention period. */
  #trim(): void {
    const oldest = this.#realNow() - retentionMs;
    let drop = 0;
    while (drop < this.#entries.length && (this.#entries[drop]?.arrivedAt ?? 0) < oldest) drop++;
    if (drop > 0) this.#entries.splice(0, drop);
  }

  #realNow(): number {
    return (this.#options.realNow ?? Date.now)();
  }

  #append(line: LogLine): void {
    if (!this.folder) return;
    if (this.#linesSinceRewrite >= compactAfterLines) this.#rewrite();
    this.#fd ??= openSync(join(this.folder, "records.jsonl"), "a");
    // Written synchronously, before the write goes on: what a crash leaves is in the file. Not
    // fsynced, as the store's own writes are not: the crash this survives is the process's.
    writeSync(this.#fd, `${JSON.stringify(line)}\n`);
    this.#linesSinceRewrite += 1;
  }

  /** The file again with what is live only: the header, the open intents and the records kept. */
  #rewrite(): void {
    if (!this.folder) return;
    this.#trim();
    const lines: LogLine[] = [
      { t: "stream", label: this.#label, shardId: this.shardId, last: padSequence(this.#last) },
      ...this.#open.values(),
    ];
    let group: StreamEntry[] = [];
    const flush = () => {
      if (group.length > 0)
        lines.push({
          t: "records",
          at: group[0]?.arrivedAt ?? 0,
          records: group.map((entry) => entry.record),
        });
      group = [];
    };
    for (const entry of this.#entries) {
      if (group.length > 0 && group[0]?.arrivedAt !== entry.arrivedAt) flush();
      group.push(entry);
    }
    flush();
    const file = join(this.folder, "records.jsonl");
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, lines.map((line) => `${JSON.stringify(line)}\n`).join(""));
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    renameSync(temporary, file);
    this.#linesSinceRewrite = 0;
  }

  #crashPoint(changes: readonly ItemChange[], at: StreamCrashPoint["at"]): void {
    const point = this.#options.crashPoint;
    if (!point || point.at !== at) return;
    const meets = changes.some((change) =>
      Object.values(change.key).some(
        (value) => typeof value.S === "string" && value.S.startsWith(point.keyPrefix),
      ),
    );
    if (!meets) return;
    console.error(
      `local DynamoDB: stream crash point: ${at} of a write on ${point.keyPrefix}*; killing the process`,
    );
    process.kill(process.pid, "SIGKILL");
  }
}

const compareSequences = (a: StreamRecord, b: StreamRecord) =>
  a.dynamodb.SequenceNumber < b.dynamodb.SequenceNumber
    ? -1
    : a.dynamodb.SequenceNumber > b.dynamodb.SequenceNumber
      ? 1
      : 0;
