import { spawn } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type SignedUp, signUp, uniqueEmail } from "#test/support/accounts";
import { eventually, rootDir, useLocalRuntime } from "#test/support/runtime";
import {
  addProduct,
  confirmTermination,
  listBackups,
  productReaches,
  purgeQueueItems,
  readBackup,
  requestAndReadLink,
  schedulePurge,
} from "#test/support/termination";

const local = useLocalRuntime();
let owner: SignedUp;

const past = () => new Date(Date.now() - 60_000);
const future = () => new Date(Date.now() + 7 * 86_400_000);

beforeAll(async () => {
  owner = await signUp(local.api, { loginEmail: uniqueEmail("owner") });
});

const purge = async (options: { pageSize?: number } = {}) =>
  (await import("#shared/backups/purge")).purgeDueBackups(options);
const backupStore = async () => (await import("#shared/ports/backup-store")).recordingBackupStore;

describe("the purge of terminated products' backups (R-T5)", () => {
  it("R-T5 the purge queue holds backups from the update that schedules them, and never available ones", async () => {
    const { productId, backupIds } = await addProduct(owner.orgId, { backups: 2 });
    const [scheduled, available] = backupIds as [string, string];
    await schedulePurge(owner.orgId, productId, [scheduled], future());

    const queued = (await purgeQueueItems("BACKUP_PURGE#purge_scheduled")).map((item) => item.backupId);
    expect(queued).toContain(scheduled);
    expect(queued).not.toContain(available);
    expect((await purgeQueueItems("BACKUP_PURGE#available")).map((item) => item.backupId)).not.toContain(
      available,
    );
  });

  it("R-T5 two runs at once purge each due backup once, in pages, and keep the backups not yet due", async () => {
    // Backups made due by earlier files of this runtime (terminations) purged first: the runs below count only these.
    await purge();
    const { productId, backupIds } = await addProduct(owner.orgId, { backups: 16 });
    const due = backupIds.slice(0, 11);
    const notYetDue = backupIds.slice(11, 14);
    const available = backupIds.slice(14);
    await schedulePurge(owner.orgId, productId, due, past());
    await schedulePurge(owner.orgId, productId, notYetDue, future());
    const store = await backupStore();

    const [first, second] = await Promise.all([purge({ pageSize: 4 }), purge({ pageSize: 4 })]);

    expect(first.purged + second.purged).toBe(due.length);
    // The runs did meet: one lost claims to the other (and skipped those backups).
    expect(first.skipped + second.skipped).toBeGreaterThan(0);
    expect(first.failed + second.failed).toBe(0);
    for (const backupId of due) {
      // The store was asked once per backup, whichever run claimed it.
      expect((await store.calls(backupId)).map((call) => call.outcome)).toEqual(["succeeded"]);
      expect(await readBackup(owner.orgId, productId, backupId)).toBeUndefined();
    }
    for (const backupId of [...notYetDue, ...available]) {
      expect(await store.calls(backupId)).toEqual([]);
      expect(await readBackup(owner.orgId, productId, backupId)).toBeDefined();
    }
    // A purged backup is gone from the product's list: nothing left to read or restore.
    const listed = await listBackups(local, owner, owner.orgId, productId);
    expect(listed.status).toBe(200);
    expect(listed.body.backups.map((backup) => backup.backupId).sort()).toEqual(
      [...notYetDue, ...available].sort(),
    );
    const { queryAll } = await import("#shared/entity/reads");
    const { AuditEntry, auditLogOf } = await import("#shared/entities");
    const audit = await queryAll(AuditEntry, auditLogOf(`ORG#${owner.orgId}`));
    const purgedEntries = audit.filter((entry) => entry.action === "backup.purged");
    expect(purgedEntries.map((entry) => (entry.details as { backupId: string }).backupId).sort()).toEqual(
      [...due].sort(),
    );
  });

  it("R-T5 a failing backup-store call leaves the backup for the next run", async () => {
    const { productId, backupIds } = await addProduct(owner.orgId, { backups: 1 });
    const backupId = backupIds[0] as string;
    await schedulePurge(owner.orgId, productId, [backupId], past());
    const store = await backupStore();
    await store.failNext(backupId, { times: 1 });

    const failed = await purge();
    expect(failed).toMatchObject({ purged: 0, failed: 1 });
    expect(await readBackup(owner.orgId, productId, backupId)).toMatchObject({ status: "purge_scheduled" });

    const retried = await purge();
    expect(retried).toMatchObject({ purged: 1, failed: 0 });
    expect((await store.calls(backupId)).map((call) => call.outcome)).toEqual(["failed", "succeeded"]);
    expect(await readBackup(owner.orgId, productId, backupId)).toBeUndefined();
  });

  it("R-T5 takes over the claim of a run that died once its deadline passed, not before", async () => {
    const { productId, backupIds } = await addProduct(owner.orgId, { backups: 2 });
    const [abandoned, held] = backupIds as [string, string];
    await schedulePurge(owner.orgId, productId, [abandoned, held], past());
    const { deleteItem, updateItem, write } = await import("#shared/entity/writes");
    const { Backup } = await import("#shared/products/entities");
    const now = Math.floor(Date.now() / 1000);
    for (const [backupId, claimUntil] of [
      [abandoned, now - 1],
      [held, now + 600],
    ] as const) {
      await write(
        updateItem(
          Backup,
          { orgId: owner.orgId, productId, backupId },
          { set: { status: "purging", claimedBy: "a-run-elsewhere", claimUntil } },
        ),
      );
    }

    const result = await purge();

    expect(result).toMatchObject({ purged: 1, skipped: 1 });
    expect(await readBackup(owner.orgId, productId, abandoned)).toBeUndefined();
    expect(await readBackup(owner.orgId, productId, held)).toMatchObject({
      status: "purging",
      claimedBy: "a-run-elsewhere",
    });
    expect(await (await backupStore()).calls(held)).toEqual([]);
    await write(deleteItem(Backup, { orgId: owner.orgId, productId, backupId: held }));
  });

  it("R-T5 after a confirmed termination, the timer of npm start purges the product's backups", async () => {
    const { productId, backupIds } = await addProduct(owner.orgId, { backups: 2 });
    const token = await requestAndReadLink(local, owner, owner.orgId, productId);
    expect((await confirmTermination(local, token)).status).toBe(202);
    await productReaches(owner.orgId, productId, ["terminated"]);
    // The default retention is 0 days: they are due at once.
    const scheduled = (await listBackups(local, owner, owner.orgId, productId)).body.backups;
    expect(scheduled.map((backup) => backup.status)).toEqual(["purge_scheduled", "purge_scheduled"]);

    const { startPurgeTimer } = await import("#local/scheduler");
    const runs: number[] = [];
    const timer = startPurgeTimer({
      rootDir,
      intervalSeconds: 0.05,
      onRun: (result) => runs.push(result.purged),
    });
    const purgedSoFar = () => runs.reduce((sum, purged) => sum + purged, 0);
    try {
      await eventually(async () => (purgedSoFar() >= 2 ? true : undefined));
    } finally {
      timer.stop();
    }
    expect(purgedSoFar()).toBe(2);
    expect((await listBackups(local, owner, owner.orgId, productId)).body.backups).toEqual([]);
    for (const backupId of backupIds)
      expect(await readBackup(owner.orgId, productId, backupId)).toBeUndefined();
  });

  it("R-T5 npm run purge-backups runs the same purge against the running system", async () => {
    const { productId, backupIds } = await addProduct(owner.orgId, { backups: 1 });
    await schedulePurge(owner.orgId, productId, backupIds, past());

    const child = spawn(join(rootDir, "node_modules/.bin/tsx"), ["scripts/purge-backups.ts"], {
      cwd: rootDir,
      env: {
        ...process.env,
        AWS_ENDPOINT_URL_DYNAMODB: local.runtime.urls.dynamodb,
        TABLE_NAME: local.runtime.tableName,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));

    expect(code, output).toBe(0);
    expect(JSON.parse(output.trim().split("\n").at(-1) ?? "{}")).toMatchObject({ purged: 1, failed: 0 });
    expect(await readBackup(owner.orgId, productId, backupIds[0] as string)).toBeUndefined();
  });
});
