import { join } from "node:path";
import { PutCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, test } from "vitest";
import { startLocalDynamo } from "#local/dynamodb";
import { clients, tableName, withTempDir } from "#test/support/local-dynamodb";

describe("a crash in the middle of a transaction", () => {
  test("leaves no half-applied transaction after a restart (SIGKILL between two writes)", async () => {
    await withTempDir(async (dir) => {
      const dataDir = join(dir, "dynamodb");
      const { spawn } = await import("node:child_process");
      const child = spawn(
        process.execPath,
        ["--import", "tsx", join(process.cwd(), "test/support/dynamodb-child.ts"), dataDir, tableName],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      const exited = new Promise((resolve) => child.on("exit", resolve));
      try {
        const endpoint = await new Promise<string>((resolve, reject) => {
          let output = "";
          child.stdout?.on("data", (chunk: Buffer) => {
            output += chunk.toString();
            const line = output.split("\n")[0];
            if (output.includes("\n") && line) resolve((JSON.parse(line) as { endpoint: string }).endpoint);
          });
          child.on("exit", (code) => reject(new Error(`child exited ${code}`)));
        });
        const { raw, doc } = clients(endpoint);
        await doc.send(new PutCommand({ TableName: tableName, Item: { pk: "crash", sk: "a", n: 1 } }));
        const pending = doc
          .send(
            new TransactWriteCommand({
              TransactItems: [
                { Put: { TableName: tableName, Item: { pk: "crash", sk: "a", n: 2 } } },
                { Put: { TableName: tableName, Item: { pk: "crash", sk: "b", n: 2 } } },
              ],
            }),
          )
          .catch((error: unknown) => error);
        // The first write lands, then the process pauses: killed there, as a crash would.
        const journal = join(dir, "dynamodb-journal");
        const { readdir } = await import("node:fs/promises");
        for (let waited = 0; waited < 5000; waited += 20) {
          const files = await readdir(journal).catch(() => [] as string[]);
          if (files.length) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
        child.kill("SIGKILL");
        await exited;
        expect(await pending).toBeInstanceOf(Error);
        raw.destroy();
      } finally {
        child.kill("SIGKILL");
      }
      const again = await startLocalDynamo({ port: 0, dataDir, tableName });
      const { raw, doc } = clients(again.endpoint);
      try {
        const { Items = [] } = await doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": "crash" },
            ConsistentRead: true,
          }),
        );
        // Undone whole: the first write is back to its old image, the second never happened.
        expect(Items).toEqual([{ pk: "crash", sk: "a", n: 1 }]);
      } finally {
        raw.destroy();
        await again.stop();
      }
    });
  });
});

describe("a crash between an index's writes and its item's", () => {
  test("leaves no index disagreeing with the table after a restart", async () => {
    await withTempDir(async (dataRoot) => {
      const dataDir = join(dataRoot, "dynamodb");
      const pending = {
        pk: "INTENT#1",
        sk: "INTENT",
        gsi2pk: "QUEUE#pending",
        gsi2sk: "0001",
        status: "pending",
      };
      const first = await startLocalDynamo({ port: 0, dataDir, tableName });
      const one = clients(first.endpoint);
      await one.doc.send(new PutCommand({ TableName: tableName, Item: pending }));
      one.raw.destroy();
      await first.stop();

      // What dynalite leaves when killed inside an update: the index entries moved to the new
      // state (its old entry deleted, the new one put), the item itself never written. Done
      // with dynalite's own store functions, in the order its PutItem runs them.
      const dynaliteDb = (await import("dynalite/db/index.js")) as unknown as {
        create(options: { path: string }): {
          getTable(name: string, callback: (error: Error | null, table: unknown) => void): void;
          db: { close(callback: (error?: Error) => void): void };
        };
        updateIndexes(
          store: unknown,
          table: unknown,
          old: unknown,
          item: unknown,
          callback: (e?: Error) => void,
        ): void;
      };
      const store = dynaliteDb.create({ path: dataDir });
      const table = await new Promise((resolve, reject) =>
        store.getTable(tableName, (error, found) => (error ? reject(error) : resolve(found))),
      );
      const attributes = (item: Record<string, string>) =>
        Object.fromEntries(Object.entries(item).map(([name, value]) => [name, { S: value }]));
      const abandoned = { ...pending, gsi2pk: "QUEUE#abandoned", status: "abandoned" };
      await new Promise<void>((resolve, reject) =>
        dynaliteDb.updateIndexes(store, table, attributes(pending), attributes(abandoned), (error) =>
          error ? reject(error) : resolve(),
        ),
      );
      await new Promise<void>((resolve, reject) =>
        store.db.close((error) => (error ? reject(error) : resolve())),
      );
      // The process that was killed left its running mark.
      const { writeFile } = await import("node:fs/promises");
      await writeFile(`${dataDir}.running`, "4242\n");

      const again = await startLocalDynamo({ port: 0, dataDir, tableName });
      const two = clients(again.endpoint);
      try {
        const queue = async (name: string) =>
          (
            await two.doc.send(
              new QueryCommand({
                TableName: tableName,
                IndexName: "gsi2",
                KeyConditionExpression: "gsi2pk = :queue",
                ExpressionAttributeValues: { ":queue": name },
              }),
            )
          ).Items ?? [];
        // The index agrees with the item again: found in its true queue, not in the other.
        expect(await queue("QUEUE#pending")).toEqual([pending]);
        expect(await queue("QUEUE#abandoned")).toEqual([]);
      } finally {
        two.raw.destroy();
        await again.stop();
      }
    });
  });
});
