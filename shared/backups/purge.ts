import { createWriteTransaction } from "electrodb";
import { auditEntry, orgScope } from "#shared/audit";
import { nowSeconds } from "#shared/db";
import { AuditEntry } from "#shared/entities";
import { logger } from "#shared/logger";
import { type BackupStore, backupStore } from "#shared/ports/backup-store";
import { Backup } from "#shared/products/entities";
import { unlessConditionFailed } from "#shared/termination/conditions";
import { newId } from "#shared/tokens";
import { commitTransaction } from "#shared/transactions";

/**
 * The purge of terminated products' backups (R-T5): one function, run by the EventBridge
 * schedule in AWS, by a timer under `npm start` and by `npm run purge-backups`.
 *
 * Each due backup is first claimed by a conditional update (`purge_scheduled` -> `purging`,
 * with this run's id and a claim deadline), so of two runs at once only one calls the backup
 * store for it; then its record is deleted (conditioned on the claim) with an audit entry.
 * A store failure gives the backup back to the queue for the next run. A run that died
 * holding claims leaves them to be taken over once `claimUntil` has passed.
 */
export interface PurgeOptions {
  /** @default now */
  now?: Date;
  /** Backups read per query page. @default 25 */
  pageSize?: number;
  /** How long a claim holds: longer than one store call may take. @default 900 */
  claimSeconds?: number;
  /** Time left in the invocation; the run stops taking new pages when it runs low. */
  remainingMs?: () => number;
  store?: BackupStore;
}

export interface PurgeResult {
  runId: string;
  /** Backups deleted from the store and from the table by this run. */
  purged: number;
  /** Store failures: the backups wait for the next run. */
  failed: number;
  /** Due backups another run held or purged first. */
  skipped: number;
}

type BackupItem = Awaited<ReturnType<ReturnType<typeof Backup.query.purgeQueue>["go"]>>["data"][number];
type Outcome = "purged" | "failed" | "skipped";

const stopBelowMs = 30_000;

export async function purgeDueBackups(options: PurgeOptions = {}): Promise<PurgeResult> {
  const runId = newId();
  const now = options.now ?? new Date();
  const dueBy = now.toISOString();
  const nowEpoch = Math.floor(now.getTime() / 1000);
  const pageSize = options.pageSize ?? 25;
  const claimSeconds = options.claimSeconds ?? 900;
  const store = options.store ?? backupStore;
  const result: PurgeResult = { runId, purged: 0, failed: 0, skipped: 0 };
  const outOfTime = () => (options.remainingMs ? options.remainingMs() < stopBelowMs : false);

  const keyOf = (backup: BackupItem) => ({
    orgId: backup.orgId,
    productId: backup.productId,
    backupId: backup.backupId,
  });

  async function claim(backup: BackupItem): Promise<boolean> {
    return Backup.patch(keyOf(backup))
      .set({ status: "purging", claimedBy: runId, claimUntil: nowSeconds() + claimSeconds })
      .where((attribute, op) =>
        backup.status === "purging"
          ? // A claim left by a run that died: taken over once its deadline has passed.
            `${op.eq(attribute.status, "purging")} AND ${op.lt(attribute.claimUntil, nowEpoch)}`
          : `${op.eq(attribute.status, "purge_scheduled")} AND ${op.lte(attribute.purgeAt, dueBy)}`,
      )
      .go()
      .then(() => true, unlessConditionFailed);
  }

  async function purgeOne(backup: BackupItem): Promise<Outcome> {
    if (!(await claim(backup))) return "skipped";
    try {
      await store.deleteBackup(keyOf(backup));
    } catch (error) {
      logger.warn("backup purge failed; it waits for the next run", {
        backupId: backup.backupId,
        error: (error as Error).name,
      });
      await Backup.patch(keyOf(backup))
        .set({ status: "purge_scheduled" })
        .remove(["claimedBy", "claimUntil"])
        .where((attribute, op) => op.eq(attribute.claimedBy, runId))
        .go()
        .catch(unlessConditionFailed);
      return "failed";
    }
    const claimLost = new Error("claim lost");
    return commitTransaction(
      createWriteTransaction({ Backup, AuditEntry }, ({ Backup, AuditEntry }) => [
        Backup.delete(keyOf(backup))
          .where(
            (attribute, op) =>
              `${op.eq(attribute.claimedBy, runId)} AND ${op.eq(attribute.status, "purging")}`,
          )
          .commit(),
        AuditEntry.create(
          auditEntry(
            orgScope(backup.orgId),
            "backup.purged",
            undefined,
            { requestId: runId },
            {
              productId: backup.productId,
              backupId: backup.backupId,
              purgeAt: backup.purgeAt,
            },
          ),
        ).commit(),
      ]),
      { 0: () => claimLost },
    ).then(
      (): Outcome => "purged",
      (error: unknown): Outcome => {
        // The claim ran out and another run took the backup over: that run counts it.
        if (error !== claimLost) throw error;
        logger.warn("backup purge claim lost", { backupId: backup.backupId });
        return "skipped";
      },
    );
  }

  for (const status of ["purge_scheduled", "purging"] as const) {
    let cursor: string | null = null;
    do {
      if (outOfTime()) break;
      const page: { data: BackupItem[]; cursor: string | null } = await Backup.query
        .purgeQueue({ status })
        .lte({ purgeAt: dueBy })
        .go({ limit: pageSize, cursor });
      const outcomes = await Promise.all(page.data.map(purgeOne));
      for (const outcome of outcomes) result[outcome]++;
      cursor = page.cursor;
    } while (cursor);
  }
  logger.info("backup purge done", { ...result });
  return result;
}
