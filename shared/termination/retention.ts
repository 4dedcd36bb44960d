/** Days between termination and the purge of the product's backups; 0 purges them at the next run. */
export function backupRetentionDays(value = process.env.BACKUP_RETENTION_DAYS): number {
  if (value === undefined || value === "") return 0;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 0 || days > 365) {
    throw new Error(`BACKUP_RETENTION_DAYS must be a whole number of days from 0 to 365, got "${value}"`);
  }
  return days;
}
