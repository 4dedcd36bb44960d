import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Where a running `npm start` listens, written into its data folder (`running.json`) when it
 * serves and removed when it stops, so that the operator commands (`npm run executions`,
 * `reconcile`, `stuck-work`, `purge-backups`) find a system started on other ports without
 * being told (scripts/local-system.ts). A record left by a killed system names a process that is
 * gone and is ignored.
 */
export interface RunningSystem {
  pid: number;
  startedAt: string;
  region: string;
  tableName: string;
  urls: { api: string; dynamodb: string; stepfunctions: string; ses: string; s3: string; console: string };
}

export const runningSystemFile = (dataDir: string) => join(dataDir, "running.json");

/** Writes the record; the returned function removes it (if it is still this process's). */
export function recordRunningSystem(dataDir: string, system: RunningSystem): () => void {
  const file = runningSystemFile(dataDir);
  writeFileSync(file, `${JSON.stringify(system, null, 2)}\n`);
  return () => {
    if (readRunningSystem(dataDir)?.pid === system.pid) rmSync(file, { force: true });
  };
}

const isAlive = (pid: number) => {
  try {
    // Signal 0 only asks whether the process exists (EPERM: it exists, another user's).
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** The system running on this data folder, if one is. */
export function readRunningSystem(dataDir: string): RunningSystem | undefined {
  let system: RunningSystem;
  try {
    system = JSON.parse(readFileSync(runningSystemFile(dataDir), "utf8")) as RunningSystem;
  } catch {
    return undefined;
  }
  return Number.isInteger(system.pid) && isAlive(system.pid) ? system : undefined;
}
