import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  ApiError,
  type Backend,
  itemIdentity,
  type JsonObject,
  keyOfItem,
  validationError,
} from "#local/dynamodb-api";
import type { Item } from "#local/dynamodb-item";
import type { ItemLocks } from "#local/dynamodb-locks";
import type { LocalStream } from "#local/dynamodb-stream";

/**
 * DynamoDB's Time to Live, which dynalite lacks: UpdateTimeToLive and DescribeTimeToLive (the
 * setting kept in `local-time-to-live.json` inside the data folder), and the sweep that deletes
 * expired items as DynamoDB's TTL does, each with its stream record by the service.
 */

const timeToLiveFile = "local-time-to-live.json";

/** Enabled TimeToLive attribute per table, optionally kept in a JSON file. */
export class TimeToLiveSettings {
  private constructor(
    private readonly file: string | undefined,
    private readonly settings: Record<string, string>,
  ) {}

  static async load(dataDir: string | undefined): Promise<TimeToLiveSettings> {
    if (dataDir === undefined) return new TimeToLiveSettings(undefined, {});
    const file = join(dataDir, timeToLiveFile);
    try {
      return new TimeToLiveSettings(file, JSON.parse(await readFile(file, "utf8")) as Record<string, string>);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      return new TimeToLiveSettings(file, {});
    }
  }

  get(tableName: string): string | undefined {
    return Object.hasOwn(this.settings, tableName) ? this.settings[tableName] : undefined;
  }

  async set(tableName: string, attributeName: string | undefined): Promise<void> {
    if (attributeName === undefined) delete this.settings[tableName];
    else this.settings[tableName] = attributeName;
    if (this.file === undefined) return;
    await mkdir(join(this.file, ".."), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(this.settings, null, 2));
    await rename(temporary, this.file);
  }
}

export interface TimeToLiveContext {
  backend: Backend;
  locks: ItemLocks;
  stream: LocalStream;
  /** Whether writes on the table produce stream records: while somebody reads the stream. */
  capturing(tableName: unknown): boolean;
  readItem(tableName: string, key: Item): Promise<Item | undefined>;
  /** Tells the write listeners of the item a sweep deleted. */
  reportWrite(write: { tableName: string; key: Item }): void;
  settings: TimeToLiveSettings;
  /** The table swept, and the attribute the deployment enables on it (unless UpdateTimeToLive set another). */
  tableName: string;
  timeToLiveAttribute: string | undefined;
  now: () => number;
}

export interface TimeToLive {
  updateTimeToLive(input: JsonObject): Promise<JsonObject>;
  describeTimeToLive(input: JsonObject): Promise<JsonObject>;
  /** Deletes the table's expired items (see LocalDynamo.sweepExpiredItems). */
  sweepExpiredItems(): Promise<number>;
}

export function timeToLive(context: TimeToLiveContext): TimeToLive {
  const { backend, locks, stream, capturing, readItem, settings: timeToLive, now } = context;

  async function assertTableExists(tableName: unknown): Promise<string> {
    if (typeof tableName !== "string" || tableName === "") {
      throw validationError("The parameter 'TableName' is required but was not present");
    }
    const reply = await backend.call("DescribeTable", { TableName: tableName });
    if (reply.status !== 200) throw ApiError.fromReply(reply);
    return tableName;
  }

  async function updateTimeToLive(input: JsonObject): Promise<JsonObject> {
    const specification = input.TimeToLiveSpecification as
      | { Enabled?: unknown; AttributeName?: unknown }
      | undefined;
    const enabled = specification?.Enabled;
    const attributeName = specification?.AttributeName;
    if (typeof enabled !== "boolean" || typeof attributeName !== "string" || attributeName === "") {
      throw validationError(
        "1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: " +
          "Member must not be null (Enabled and AttributeName are required)",
      );
    }
    const tableName = await assertTableExists(input.TableName);
    const current = timeToLive.get(tableName);
    if (current !== undefined && current !== attributeName) {
      throw validationError(`TimeToLive is active on a different AttributeName: current value: ${current}`);
    }
    if (enabled && current !== undefined) throw validationError("TimeToLive is already enabled");
    if (!enabled && current === undefined) throw validationError("TimeToLive is already disabled");
    await timeToLive.set(tableName, enabled ? attributeName : undefined);
    return { TimeToLiveSpecification: { Enabled: enabled, AttributeName: attributeName } };
  }

  async function describeTimeToLive(input: JsonObject): Promise<JsonObject> {
    const tableName = await assertTableExists(input.TableName);
    const attributeName = timeToLive.get(tableName);
    return {
      TimeToLiveDescription:
        attributeName === undefined
          ? { TimeToLiveStatus: "DISABLED" }
          : { TimeToLiveStatus: "ENABLED", AttributeName: attributeName },
    };
  }

  /** Deletes the table's expired items (see LocalDynamo.sweepExpiredItems). */
  async function sweepExpiredItems(): Promise<number> {
    const tableName = context.tableName;
    const attribute = timeToLive.get(tableName) ?? context.timeToLiveAttribute;
    if (attribute === undefined) return 0;
    // "If the epoch time value stored in the attribute is less than the current time, the item is expired."
    const nowSeconds = String(Math.floor(now() / 1000));
    let deleted = 0;
    let start: unknown;
    do {
      const page = await backend.call("Scan", {
        TableName: tableName,
        FilterExpression: "#ttl < :now",
        ExpressionAttributeNames: { "#ttl": attribute },
        ExpressionAttributeValues: { ":now": { N: nowSeconds } },
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      if (page.status !== 200) throw ApiError.fromReply(page);
      for (const item of (page.body.Items ?? []) as Item[]) {
        if (await deleteExpired(tableName, attribute, item)) deleted += 1;
      }
      start = page.body.LastEvaluatedKey;
    } while (start);
    return deleted;
  }

  /**
   * One expired item deleted as DynamoDB's TTL deletes it: only if its expiry is still the one
   * found (a write since may have extended it), never while a transaction holds it (the next sweep
   * will), with a REMOVE record by the service.
   */
  async function deleteExpired(tableName: string, attribute: string, item: Item): Promise<boolean> {
    const key = await keyOfItem(backend, tableName, item);
    const identity = await itemIdentity(backend, tableName, key);
    if (!locks.tryHoldForSingleWrite(identity)) return false;
    try {
      const capture = capturing(tableName);
      const release = capture ? await stream.hold([identity]) : undefined;
      try {
        const intent = capture ? stream.begin([{ key, old: await readItem(tableName, key) }]) : undefined;
        const reply = await backend.call("DeleteItem", {
          TableName: tableName,
          Key: key,
          ConditionExpression: "#ttl = :expiry",
          ExpressionAttributeNames: { "#ttl": attribute },
          ExpressionAttributeValues: { ":expiry": item[attribute] },
          ReturnValues: "ALL_OLD",
        });
        const removed = reply.status === 200 ? (reply.body.Attributes as Item | undefined) : undefined;
        if (!removed) {
          intent?.abandon();
          return false;
        }
        intent?.commit([{ key, old: removed, new: undefined, byTimeToLive: true }]);
        context.reportWrite({ tableName, key });
        return true;
      } finally {
        release?.();
      }
    } finally {
      locks.releaseSingleWrite(identity);
    }
  }

  return { updateTimeToLive, describeTimeToLive, sweepExpiredItems };
}
