import { auditAction, orgScope } from "#shared/audit";
import { nowSeconds } from "#shared/db";
import { type Page, queryItems } from "#shared/entity/reads";
import { transact } from "#shared/entity/transactions";
import { deleteItem, updateItem, write } from "#shared/entity/writes";
import { logger } from "#shared/logger";
import { type BackupStore, backupStore } from "#shared/ports/backup-store";
import { Backup, purgeQueue } from "#shared/products/entities";
import { unlessConditionFailed } from "#shared/termination/conditions";
import { newId } from "#shared/tokens";

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

  const keyOf = (backup: Backup) => ({
    orgId: backup.orgId,
    productId: backup.productId,
    backupId: backup.backupId,
  });

  async function claim(backup: Backup): Promise<boolean> {
    return write(
      updateItem(
        Backup,
        keyOf(backup),
        { set: { status: "purging", claimedBy: runId, claimUntil: nowSeconds() + claimSeconds } },
        {
          condition:
            backup.status === "purging"
              ? // A claim left by a run that died: taken over once its deadline has passed.
                { status: "purging", claimUntil: { lt: nowEpoch } }
              : { status: "purge_scheduled", purgeAt: { lte: dueBy } },
        },
      ),
    ).then(() => true, unlessConditionFailed);
  }

  async function purgeOne(backup: Backup): Promise<Outcome> {
    if (!(await claim(backup))) return "skipped";
    try {
      await store.deleteBackup(keyOf(backup));
    } catch (error) {
      logger.warn("backup purge failed; it waits for the next run", {
        backupId: backup.backupId,
        error: (error as Error).name,
      });
      await write(
        updateItem(
          Backup,
          keyOf(backup),
          { set: { status: "purge_scheduled" }, remove: ["claimedBy", "claimUntil"] },
          { condition: { claimedBy: runId } },
        ),
      ).catch(unlessConditionFailed);
      return "failed";
    }
    const claimLost = new Error("claim lost");
    return transact([
      deleteItem(Backup, keyOf(backup), {
        condition: { claimedBy: runId, status: "purging" },
        fails: () => claimLost,
      }),
      auditAction(
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
    ]).then(
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
    let cursor: string | undefined;
    do {
      if (outOfTime()) break;
      const page: Page<Backup> = await queryItems(Backup, purgeQueue(status, dueBy), {
        limit: pageSize,
        cursor,
      });
      const outcomes = await Promise.all(page.items.map(purgeOne));
      for (const outcome of outcomes) result[outcome]++;
      cursor = page.cursor;
    } while (cursor);
  }
  logger.info("backup purge done", { ...result });
  return result;
}
