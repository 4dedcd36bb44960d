import { recordingPort } from "#shared/termination/recording-adapter";

/** Where backups are stored (another system). The purge job deletes through this port only. */
export interface BackupStore {
  /**
   * Deletes a stored backup for good. Deleting one already gone succeeds (idempotent).
   * Throws an error named `TransientError` when worth retrying.
   */
  deleteBackup(backup: { orgId: string; productId: string; backupId: string }): Promise<void>;
}

const recorder = recordingPort("backup-store");

/**
 * The adapter of local runs and tests: records each call (PortCall items under
 * `PORT#backup-store`, subject the backup id) and fails when a fault plan says so.
 */
export const recordingBackupStore = {
  async deleteBackup(backup: Parameters<BackupStore["deleteBackup"]>[0]) {
    await recorder.call(
      "deleteBackup",
      backup.backupId,
      `${backup.orgId}/${backup.backupId}`,
      () => undefined,
    );
  },
  failNext: (backupId: string, plan?: Parameters<typeof recorder.failNext>[2]) =>
    recorder.failNext("deleteBackup", backupId, plan),
  clearFaults: (backupId: string) => recorder.clearFaults("deleteBackup", backupId),
  calls: (backupId: string) => recorder.calls(backupId, "deleteBackup"),
} satisfies BackupStore & Record<string, unknown>;

/** The port the domain code uses. */
export const backupStore: BackupStore = recordingBackupStore;
