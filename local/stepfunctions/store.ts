import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ExecutionStatus } from "@aws-sdk/client-sfn";
import type { StoredEvent } from "#local/stepfunctions/history";

/** What DescribeExecution answers, dates as epoch milliseconds. */
export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  /** The state machine's name, for the file layout. */
  stateMachineName: string;
  name: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  /** The input string exactly as StartExecution received it. */
  input: string;
  output?: string;
  error?: string;
  cause?: string;
}

/**
 * A restart that continued a RUNNING execution: when, after which history event (the last one
 * written before the stop), and at which top-level state (none: from the start; the history
 * itself cannot show a resume in AWS's shapes, see `local/stepfunctions.ts`).
 */
export interface ResumeNote {
  timestamp: number;
  afterEventId: number;
  state?: string;
}

/**
 * An execution's file: `<dataDir>/stepfunctions/<stateMachineName>/<executionName>.json`
 * (both names are AWS names, which exclude `/` and other characters unsafe in file names).
 * Dates are ISO 8601 strings; events are in AWS's GetExecutionHistory shape with
 * `timestamp` an ISO string too. `resumes` lists the restarts the execution was resumed by
 * (absent when none).
 */
export interface ExecutionFile {
  formatVersion: 1;
  execution: Omit<ExecutionRecord, "startDate" | "stopDate"> & { startDate: string; stopDate?: string };
  events: (Omit<StoredEvent, "timestamp"> & { timestamp: string })[];
  resumes?: (Omit<ResumeNote, "timestamp"> & { timestamp: string })[];
}

export interface StoredExecution {
  record: ExecutionRecord;
  events: StoredEvent[];
  resumes: ResumeNote[];
}

const iso = (epochMs: number) => new Date(epochMs).toISOString();
const epoch = (date: string) => Date.parse(date);

export function toFile(
  record: ExecutionRecord,
  events: readonly StoredEvent[],
  resumes: readonly ResumeNote[] = [],
): ExecutionFile {
  const { startDate, stopDate, ...rest } = record;
  return {
    formatVersion: 1,
    execution: {
      ...rest,
      startDate: iso(startDate),
      ...(stopDate !== undefined ? { stopDate: iso(stopDate) } : {}),
    },
    events: events.map((event) => ({ ...event, timestamp: iso(event.timestamp) })),
    ...(resumes.length > 0
      ? { resumes: resumes.map((note) => ({ ...note, timestamp: iso(note.timestamp) })) }
      : {}),
  };
}

export function fromFile(file: ExecutionFile): StoredExecution {
  const { startDate, stopDate, ...rest } = file.execution;
  return {
    record: {
      ...rest,
      startDate: epoch(startDate),
      ...(stopDate !== undefined ? { stopDate: epoch(stopDate) } : {}),
    },
    events: file.events.map((event) => ({ ...event, timestamp: epoch(event.timestamp) })),
    resumes: (file.resumes ?? []).map((note) => ({ ...note, timestamp: epoch(note.timestamp) })),
  };
}

export const executionFilePath = (
  directory: string,
  record: Pick<ExecutionRecord, "stateMachineName" | "name">,
) => join(directory, record.stateMachineName, `${record.name}.json`);

/** Writes a file atomically: a temporary file beside it, then a rename over it. */
async function writeAtomically(file: string, content: string) {
  const temporary = `${file}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  await writeFile(temporary, content);
  try {
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/**
 * Keeps one execution's file up to date as it progresses: `schedule()` after each change;
 * writes never overlap and changes made during a write are folded into the next one.
 */
export class ExecutionWriter {
  private writing: Promise<void> | undefined;
  private dirty = false;
  private ready: Promise<unknown> | undefined;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => ExecutionFile,
  ) {}

  schedule(): void {
    this.dirty = true;
    this.writing ??= this.loop();
  }

  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async loop() {
    try {
      this.ready ??= mkdir(join(this.file, ".."), { recursive: true });
      await this.ready;
      while (this.dirty) {
        this.dirty = false;
        await writeAtomically(this.file, `${JSON.stringify(this.snapshot(), null, 2)}\n`);
      }
    } catch (error) {
      console.error(`stepfunctions: could not write ${this.file}:`, error);
    } finally {
      this.writing = undefined;
    }
  }
}

/**
 * Reads every execution file under `directory`, as written: an execution still RUNNING in its
 * file was cut off by a stop or a crash, and the service resumes it. Unreadable files are
 * reported and skipped; stale temporary files removed.
 */
export async function loadExecutions(directory: string): Promise<StoredExecution[]> {
  if (!existsSync(directory)) return [];
  const loaded: StoredExecution[] = [];
  for (const machine of await readdir(directory, { withFileTypes: true })) {
    if (!machine.isDirectory()) continue;
    const machineDirectory = join(directory, machine.name);
    for (const entry of await readdir(machineDirectory)) {
      const file = join(machineDirectory, entry);
      if (entry.endsWith(".tmp")) {
        await unlink(file).catch(() => undefined);
        continue;
      }
      if (!entry.endsWith(".json")) continue;
      try {
        const content = JSON.parse(await readFile(file, "utf8")) as ExecutionFile;
        if (content.formatVersion !== 1) throw new Error(`unknown formatVersion ${content.formatVersion}`);
        loaded.push(fromFile(content));
      } catch (error) {
        console.error(`stepfunctions: skipping unreadable execution file ${file}:`, error);
      }
    }
  }
  return loaded;
}
