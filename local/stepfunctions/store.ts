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
 * An execution's file: `<dataDir>/stepfunctions/<stateMachineName>/<executionName>.json`
 * (both names are AWS names, which exclude `/` and other characters unsafe in file names).
 * Dates are ISO 8601 strings; events are in AWS's GetExecutionHistory shape with
 * `timestamp` an ISO string too.
 */
export interface ExecutionFile {
  formatVersion: 1;
  execution: Omit<ExecutionRecord, "startDate" | "stopDate"> & { startDate: string; stopDate?: string };
  events: (Omit<StoredEvent, "timestamp"> & { timestamp: string })[];
}

export const RUNTIME_STOPPED_ERROR = "Local.RuntimeStopped";
export const RUNTIME_STOPPED_CAUSE =
  "The local Step Functions service stopped while this execution was running; local executions do not resume after a restart.";

const iso = (epochMs: number) => new Date(epochMs).toISOString();
const epoch = (date: string) => Date.parse(date);

export function toFile(record: ExecutionRecord, events: readonly StoredEvent[]): ExecutionFile {
  const { startDate, stopDate, ...rest } = record;
  return {
    formatVersion: 1,
    execution: {
      ...rest,
      startDate: iso(startDate),
      ...(stopDate !== undefined ? { stopDate: iso(stopDate) } : {}),
    },
    events: events.map((event) => ({ ...event, timestamp: iso(event.timestamp) })),
  };
}

export function fromFile(file: ExecutionFile): { record: ExecutionRecord; events: StoredEvent[] } {
  const { startDate, stopDate, ...rest } = file.execution;
  return {
    record: {
      ...rest,
      startDate: epoch(startDate),
      ...(stopDate !== undefined ? { stopDate: epoch(stopDate) } : {}),
    },
    events: file.events.map((event) => ({ ...event, timestamp: epoch(event.timestamp) })),
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
 * Reads every execution file under `directory`. An execution still RUNNING in its file was
 * cut off by a stop or a crash and cannot resume (the engine keeps no checkpoint): it is
 * marked FAILED with error `Local.RuntimeStopped`, an ExecutionFailed event is appended and
 * the file rewritten. Unreadable files are reported and skipped; stale temporary files removed.
 */
export async function loadExecutions(
  directory: string,
): Promise<{ record: ExecutionRecord; events: StoredEvent[] }[]> {
  if (!existsSync(directory)) return [];
  const loaded: { record: ExecutionRecord; events: StoredEvent[] }[] = [];
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
      let execution: { record: ExecutionRecord; events: StoredEvent[] };
      try {
        const content = JSON.parse(await readFile(file, "utf8")) as ExecutionFile;
        if (content.formatVersion !== 1) throw new Error(`unknown formatVersion ${content.formatVersion}`);
        execution = fromFile(content);
      } catch (error) {
        console.error(`stepfunctions: skipping unreadable execution file ${file}:`, error);
        continue;
      }
      if (execution.record.status === "RUNNING") {
        const now = Date.now();
        Object.assign(execution.record, {
          status: "FAILED",
          stopDate: now,
          error: RUNTIME_STOPPED_ERROR,
          cause: RUNTIME_STOPPED_CAUSE,
        } satisfies Partial<ExecutionRecord>);
        const id = execution.events.length + 1;
        execution.events.push({
          id,
          previousEventId: id - 1,
          timestamp: now,
          type: "ExecutionFailed",
          executionFailedEventDetails: { error: RUNTIME_STOPPED_ERROR, cause: RUNTIME_STOPPED_CAUSE },
        });
        await writeAtomically(
          file,
          `${JSON.stringify(toFile(execution.record, execution.events), null, 2)}\n`,
        );
      }
      loaded.push(execution);
    }
  }
  return loaded;
}
