import { AsyncLocalStorage } from "node:async_hooks";
import { type AttributeValue, DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import {
  type IndexKey,
  type Item,
  itemSize,
  itemWriteUnits,
  plainItemSize,
  readUnitsFor,
} from "./capacity.ts";

/**
 * Counts the DynamoDB requests of each Lambda invocation and what they cost, with SDK
 * middleware on the handlers' shared Document client (`dynamo` of shared/db.ts). The probes
 * (bench/probes/) run each invocation inside an AsyncLocalStorage scope, so a request is
 * charged to the function whose code sent it, and requests outside any probe (set-up,
 * workflow tasks, the local runtime itself) are not counted.
 */

export type CommandKind = "read" | "write" | "other";

export interface CommandRecord {
  /** The DynamoDB API name: GetItem, TransactWriteItems, ... */
  command: string;
  kind: CommandKind;
  /** Single writes: carries a ConditionExpression. */
  conditional: boolean;
  /** Read request units: as the local DynamoDB reports them, computed when it reports none. */
  readUnits: number;
  readUnitsSource: "reported" | "computed";
  /** Write request units computed from the items before and after (table and indexes). */
  writeUnits: { table: number; indexes: number };
  /** Write units the local DynamoDB reported (it counts the table only). */
  reportedWriteUnits: number | undefined;
  failed?: string;
}

export interface Invocation {
  function: string;
  /** Wall time of the invocation, less the meter's own reads of item images. */
  durationMs: number;
  commands: CommandRecord[];
  meterMs: number;
}

const scope = new AsyncLocalStorage<Invocation>();
const finished: Invocation[] = [];

/** Runs one Lambda invocation under measurement; its record is kept until `takeInvocations`. */
export async function measureInvocation<T>(name: string, run: () => Promise<T>): Promise<T> {
  const invocation: Invocation = { function: name, durationMs: 0, commands: [], meterMs: 0 };
  const start = performance.now();
  try {
    return await scope.run(invocation, run);
  } finally {
    invocation.durationMs = performance.now() - start - invocation.meterMs;
    finished.push(invocation);
  }
}

export function takeInvocations(): Invocation[] {
  return finished.splice(0, finished.length);
}

const apiName = (commandName: string) => {
  const name = commandName.replace(/Command$/, "");
  const documentNames: Record<string, string> = {
    Get: "GetItem",
    Put: "PutItem",
    Update: "UpdateItem",
    Delete: "DeleteItem",
    BatchGet: "BatchGetItem",
    BatchWrite: "BatchWriteItem",
    TransactGet: "TransactGetItems",
    TransactWrite: "TransactWriteItems",
  };
  return documentNames[name] ?? name;
};

const reads = new Set(["GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems", "ExecuteStatement"]);
const writes = new Set(["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"]);
const takesConsumedCapacity = new Set([...reads, ...writes, "BatchExecuteStatement", "ExecuteTransaction"]);

interface WriteTarget {
  table: string;
  key: Item;
  transactional: boolean;
}

// Shapes of the marshalled inputs the meter reads; everything else passes through untouched.
interface WriteInput {
  TableName?: string;
  Key?: Item;
  Item?: Item;
  ConditionExpression?: string;
  TransactItems?: {
    Put?: { TableName: string; Item: Item };
    Update?: { TableName: string; Key: Item };
    Delete?: { TableName: string; Key: Item };
    ConditionCheck?: { TableName: string; Key: Item };
  }[];
  RequestItems?: Record<string, { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]>;
}

interface ConsumedCapacity {
  CapacityUnits?: number;
}

interface ReadInput {
  ConsistentRead?: boolean;
  TransactItems?: unknown[];
}

interface ReadOutput {
  ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[];
  Item?: Record<string, unknown>;
  Items?: Record<string, unknown>[];
  Responses?: Record<string, Record<string, unknown>[]> | { Item?: Record<string, unknown> }[];
}

export interface MeterOptions {
  partitionKey: string;
  sortKey: string;
  indexes: readonly IndexKey[];
}

const isAttributeValue = (value: unknown) =>
  typeof value === "object" &&
  value !== null &&
  Object.keys(value).length === 1 &&
  /^(S|N|B|BOOL|NULL|M|L|SS|NS|BS)$/.test(Object.keys(value)[0] ?? "");

/** Size of an item that may be marshalled (raw client) or plain (Document client). */
const anyItemSize = (item: Record<string, unknown> | undefined) =>
  !item ? 0 : Object.values(item).every(isAttributeValue) ? itemSize(item as Item) : plainItemSize(item);

const reportedUnits = (consumed: ConsumedCapacity | ConsumedCapacity[] | undefined) => {
  if (consumed === undefined) return undefined;
  const list = Array.isArray(consumed) ? consumed : [consumed];
  return list.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
};

function computedReadUnits(command: string, input: ReadInput, output: ReadOutput): number {
  const consistent = input.ConsistentRead === true;
  switch (command) {
    case "GetItem":
      return readUnitsFor(anyItemSize(output.Item), consistent);
    case "Query":
    case "Scan":
      return readUnitsFor(
        (output.Items ?? []).reduce((sum, item) => sum + anyItemSize(item), 0),
        consistent,
      );
    case "BatchGetItem":
      return Object.values((output.Responses ?? {}) as Record<string, Record<string, unknown>[]>)
        .flat()
        .reduce((sum, item) => sum + readUnitsFor(anyItemSize(item), consistent), 0);
    case "TransactGetItems":
      return ((output.Responses ?? []) as { Item?: Record<string, unknown> }[]).reduce(
        (sum, response) => sum + 2 * readUnitsFor(anyItemSize(response.Item), true),
        0,
      );
    default:
      return 0;
  }
}

/**
 * Adds the meter to the handlers' Document client. `images` is a separate, unmetered client
 * that reads each written item before and after the write (the runs are sequential), from
 * which write units are computed as DynamoDB charges them, indexes included.
 */
export function installMeter(client: DynamoDBDocumentClient, options: MeterOptions) {
  const images = new DynamoDBClient({});
  const keyOf = (item: Item): Item => {
    const key: Item = {};
    for (const name of [options.partitionKey, options.sortKey]) {
      const value = item[name];
      if (value) key[name] = value as AttributeValue;
    }
    return key;
  };
  const read = async (target: WriteTarget) =>
    (
      await images.send(
        new GetItemCommand({ TableName: target.table, Key: target.key, ConsistentRead: true }),
      )
    ).Item;
  const readAll = async (invocation: Invocation, targets: WriteTarget[]) => {
    const start = performance.now();
    const found = await Promise.all(targets.map(read));
    invocation.meterMs += performance.now() - start;
    return found;
  };

  const targetsOf = (command: string, input: WriteInput): WriteTarget[] => {
    const single = (table: string | undefined, key: Item | undefined): WriteTarget[] =>
      table && key ? [{ table, key, transactional: false }] : [];
    switch (command) {
      case "PutItem":
        return single(input.TableName, input.Item && keyOf(input.Item));
      case "UpdateItem":
      case "DeleteItem":
        return single(input.TableName, input.Key);
      case "TransactWriteItems":
        return (input.TransactItems ?? []).flatMap((action) => {
          const put = action.Put;
          const other = action.Update ?? action.Delete ?? action.ConditionCheck;
          if (put) return [{ table: put.TableName, key: keyOf(put.Item), transactional: true }];
          return other ? [{ table: other.TableName, key: other.Key, transactional: true }] : [];
        });
      case "BatchWriteItem":
        return Object.entries(input.RequestItems ?? {}).flatMap(([table, requests]) =>
          requests.flatMap((request) => {
            const key = request.PutRequest ? keyOf(request.PutRequest.Item) : request.DeleteRequest?.Key;
            return key ? [{ table, key, transactional: false }] : [];
          }),
        );
      default:
        return [];
    }
  };

  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = apiName(String(context.commandName ?? ""));
      if (takesConsumedCapacity.has(command)) {
        (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity ??= "TOTAL";
      }
      return next(args);
    },
    { step: "initialize", name: "benchReturnConsumedCapacity" },
  );

  client.middlewareStack.add(
    (next, context) => async (args) => {
      const invocation = scope.getStore();
      if (!invocation) return next(args);
      const command = apiName(String(context.commandName ?? ""));
      const kind: CommandKind = reads.has(command) ? "read" : writes.has(command) ? "write" : "other";
      // At the build step the Document client has already marshalled the input.
      const input = args.input as WriteInput & ReadInput;
      const targets = kind === "write" ? targetsOf(command, input) : [];
      const before = await readAll(invocation, targets);
      const record: CommandRecord = {
        command,
        kind,
        conditional: kind === "write" && typeof input.ConditionExpression === "string",
        readUnits: 0,
        readUnitsSource: "reported",
        writeUnits: { table: 0, indexes: 0 },
        reportedWriteUnits: undefined,
      };
      invocation.commands.push(record);
      let applied = false;
      try {
        const result = await next(args);
        applied = true;
        const output = result.output as ReadOutput;
        const reported = reportedUnits(output.ConsumedCapacity);
        if (kind === "read") {
          record.readUnits = reported ?? computedReadUnits(command, input, output);
          record.readUnitsSource = reported === undefined ? "computed" : "reported";
        } else {
          record.reportedWriteUnits = reported;
        }
        return result;
      } catch (error) {
        record.failed = (error as Error).name;
        // A failed condition is still charged; a rejected request (validation) is not.
        if (!/ConditionalCheckFailed|TransactionCanceled/.test(record.failed)) targets.length = 0;
        throw error;
      } finally {
        const after = applied ? await readAll(invocation, targets) : before;
        targets.forEach((target, index) => {
          const units = itemWriteUnits(before[index], after[index], {
            indexes: options.indexes,
            transactional: target.transactional,
            applied,
          });
          record.writeUnits.table += units.table;
          record.writeUnits.indexes += units.indexes;
        });
      }
    },
    { step: "build", name: "benchMeter" },
  );
}
