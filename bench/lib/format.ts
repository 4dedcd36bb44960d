/** Plain-text tables and number formats for the figures printed on stdout. */

export type Cell = string | number | undefined;

export function table(headers: string[], rows: Cell[][]): string {
  const text = rows.map((row) => headers.map((_, index) => cellText(row[index])));
  const widths = headers.map((header, index) =>
    Math.max(header.length, ...text.map((row) => row[index]?.length ?? 0)),
  );
  const numeric = headers.map((_, index) =>
    rows.every((row) => row[index] === undefined || typeof row[index] === "number"),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, index) =>
        numeric[index] ? cell.padStart(widths[index] ?? 0) : cell.padEnd(widths[index] ?? 0),
      )
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((width) => "-".repeat(width))), ...text.map(line)].join("\n");
}

const cellText = (cell: Cell) => (cell === undefined ? "-" : String(cell));

export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** Milliseconds with a precision that suits their size. */
export const ms = (value: number | undefined) =>
  value === undefined
    ? "-"
    : value < 1
      ? value.toFixed(3)
      : value < 100
        ? value.toFixed(1)
        : value.toFixed(0);

export const ratio = (value: number | undefined) => (value === undefined ? "-" : `${value.toFixed(2)}x`);

export const usd = (value: number) => `$${value.toFixed(value < 1 ? 4 : 2)}`;

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** `GetItem×2, TransactWriteItems` from a count per name. */
export const counts = (byName: Record<string, number>) =>
  Object.entries(byName)
    .map(([name, count]) => (count > 1 ? `${name}×${count}` : name))
    .join(", ") || "none";

/** A readable list of at most `max` items, then how many more (results.json keeps them all). */
export const some = (items: readonly string[], max = 4) =>
  items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
