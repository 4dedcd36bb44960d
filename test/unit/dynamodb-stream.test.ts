import { describe, expect, it } from "vitest";
import { LocalStream, retentionMs } from "#local/dynamodb-stream";

/** The local DynamoDB's stream on its own (local/dynamodb-stream.ts), in memory, its time given. */
function stream() {
  let time = Date.UTC(2030, 0, 1);
  const opened = LocalStream.open({
    tableName: "account-workflows",
    region: "eu-central-2",
    accountId: "000000000000",
    realNow: () => time,
    now: () => time,
  });
  return {
    stream: opened,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

const key = (pk: string) => ({ pk: { S: pk }, sk: { S: "item" } });
const write = (target: LocalStream, pk: string) =>
  target.begin([{ key: key(pk), old: undefined }]).commit([{ key: key(pk), old: undefined, new: key(pk) }]);

describe("the local stream", () => {
  it("keeps records 24 hours, as DynamoDB Streams does", async () => {
    const { stream: records, advance } = stream();
    await records.recover(new Set(), async () => undefined);
    write(records, "first");
    advance(60 * 60 * 1000);
    write(records, "second");
    expect(records.after(undefined).map((entry) => entry.record.dynamodb.Keys.pk?.S)).toEqual([
      "first",
      "second",
    ]);
    advance(retentionMs - 60 * 60 * 1000 + 1);
    expect(records.after(undefined).map((entry) => entry.record.dynamodb.Keys.pk?.S)).toEqual(["second"]);
    advance(60 * 60 * 1000);
    expect(records.after(undefined)).toEqual([]);
    // Numbering goes on: a later record still follows every earlier one.
    write(records, "third");
    expect(records.lastSequence()).toBe("100000000000000000002");
  });

  it("holds an item for one write at a time, in the order asked; other items do not wait", async () => {
    const { stream: records } = stream();
    const order: string[] = [];
    const releaseFirst = await records.hold(['["a"]']);
    const second = records.hold(['["a"]', '["b"]']).then((release) => {
      order.push("second");
      return release;
    });
    const other = records.hold(['["c"]']).then((release) => {
      order.push("other");
      return release;
    });
    (await other)();
    expect(order).toEqual(["other"]);
    releaseFirst();
    (await second)();
    expect(order).toEqual(["other", "second"]);
  });
});
