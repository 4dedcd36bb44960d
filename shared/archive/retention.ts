/** The legal retention period of archived records, unless `ARCHIVE_RETENTION_YEARS` says otherwise. */
export const defaultRetentionYears = 10;

/**
 * The retention period in whole years, from `ARCHIVE_RETENTION_YEARS` where the archiving runs
 * (10 when unset). A value that is not a whole number of years from 1 to 100 is a configuration
 * error: the step fails, stated, rather than keep records for a period nobody chose.
 */
export function archiveRetentionYears(value: string | undefined = process.env.ARCHIVE_RETENTION_YEARS) {
  if (value === undefined || value.trim() === "") return defaultRetentionYears;
  const years = Number(value);
  if (!Number.isInteger(years) || years < 1 || years > 100) {
    throw Object.assign(
      new Error(`ARCHIVE_RETENTION_YEARS must be a whole number of years from 1 to 100, got "${value}"`),
      { name: "InvalidConfiguration" },
    );
  }
  return years;
}
