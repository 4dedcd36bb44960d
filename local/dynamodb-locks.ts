import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Item } from "#local/dynamodb-item";

/**
 * Item-level isolation of the local DynamoDB, as DynamoDB gives it (never a process-wide lock):
 *
 * - A TransactWriteItems holds each of its items exclusively from its first condition check to
 *   its last write. When one of its items is already held (by another transaction, or by a
 *   single write in flight) it is cancelled at once with `TransactionConflict` for that item.
 * - A single PutItem, UpdateItem or DeleteItem holds its item shared while it runs (single
 *   writes of one item serialise in the store); on an item a transaction holds it fails with
 *   `TransactionConflictException`.
 * - A TransactGetItems touching an item held by a write in flight is cancelled with
 *   `TransactionConflict`.
 */
export class ItemLocks {
  readonly #holders = new Map<string, { transaction?: string; singleWrites: number }>();

  /** Holds every item for `owner`, or none: answers, per item, whether another write holds it. */
  tryHoldForTransaction(identities: readonly string[], owner: string): boolean[] {
    const conflicts = identities.map((identity) => {
      const holder = this.#holders.get(identity);
      return Boolean(holder && (holder.transaction !== undefined || holder.singleWrites > 0));
    });
    if (conflicts.includes(true)) return conflicts;
    for (const identity of identities) this.#holders.set(identity, { transaction: owner, singleWrites: 0 });
    return conflicts;
  }

  releaseTransaction(identities: readonly string[], owner: string): void {
    for (const identity of identities) {
      if (this.#holders.get(identity)?.transaction === owner) this.#holders.delete(identity);
    }
  }

  /** False when a transaction holds the item: the single write is refused. */
  tryHoldForSingleWrite(identity: string): boolean {
    const holder = this.#holders.get(identity);
    if (holder?.transaction !== undefined) return false;
    if (holder) holder.singleWrites += 1;
    else this.#holders.set(identity, { singleWrites: 1 });
    return true;
  }

  releaseSingleWrite(identity: string): void {
    const holder = this.#holders.get(identity);
    if (!holder || holder.transaction !== undefined) return;
    holder.singleWrites -= 1;
    if (holder.singleWrites <= 0) this.#holders.delete(identity);
  }

  /** Whether a write in flight (transactional or single) holds the item. */
  isHeld(identity: string): boolean {
    return this.#holders.has(identity);
  }

  /** Whether a transaction holds the item. */
  isHeldByTransaction(identity: string): boolean {
    return this.#holders.get(identity)?.transaction !== undefined;
  }
}

/** The image of one item before a transaction, to put back if the process dies mid-way. */
export interface JournalEntry {
  tableName: string;
  key: Item;
  old: Item | undefined;
}

/**
 * A write-ahead journal of the transactions being applied: before the first write of a
 * transaction its items' old images are written to a file of their own, which
 * is removed once the last write landed. After a crash, `recover` puts every journaled
 * transaction back to its old images: a transaction the client never saw succeed is undone
 * whole, so none stays half-applied. Without a data folder (tests in memory) there is no
 * crash to survive and nothing is written.
 */
export class TransactionJournal {
  constructor(private readonly folder: string | undefined) {}

  async begin(entries: readonly JournalEntry[]): Promise<string | undefined> {
    if (!this.folder) return undefined;
    await mkdir(this.folder, { recursive: true });
    const file = join(this.folder, `${Date.now()}-${randomUUID()}.json`);
    // Not fsynced: the crash this guards against is the process's (the OS keeps what was
    // written), as dynalite's own LevelDB writes are not synced either.
    await writeFile(file, JSON.stringify(entries));
    return file;
  }

  async end(file: string | undefined): Promise<void> {
    if (file) await rm(file, { force: true });
  }

  /**
   * Undoes every transaction a crash left journaled; `restore` writes one old image back, `undone`
   * is told the name of each entry undone (the name `begin` gave it: its file's).
   */
  async recover(
    restore: (entry: JournalEntry) => Promise<void>,
    undone?: (entryName: string) => void,
  ): Promise<number> {
    if (!this.folder) return 0;
    let files: string[];
    try {
      files = (await readdir(this.folder)).filter((name) => name.endsWith(".json")).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
      throw error;
    }
    for (const name of files.reverse()) {
      const file = join(this.folder, name);
      let entries: JournalEntry[];
      try {
        entries = JSON.parse(await readFile(file, "utf8")) as JournalEntry[];
      } catch {
        // Cut off while being written: its transaction never started writing.
        await rm(file, { force: true });
        continue;
      }
      for (const entry of entries) await restore(entry);
      undone?.(name);
      await rm(file, { force: true });
    }
    return files.length;
  }
}

export type LockMode = "shared" | "exclusive";

/** A fair (FIFO) readers/writer lock for async code. */
export class ReadersWriterLock {
  #readers = 0;
  #writer = false;
  readonly #waiting: { mode: LockMode; grant: () => void }[] = [];

  /** Resolves with the release function once the lock is held in `mode`. */
  acquire(mode: LockMode): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = () => {
        if (mode === "exclusive") this.#writer = true;
        else this.#readers += 1;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          if (mode === "exclusive") this.#writer = false;
          else this.#readers -= 1;
          this.#drain();
        });
      };
      if (this.#waiting.length === 0 && this.#grantable(mode)) grant();
      else this.#waiting.push({ mode, grant });
    });
  }

  #grantable(mode: LockMode): boolean {
    return mode === "shared" ? !this.#writer : !this.#writer && this.#readers === 0;
  }

  #drain(): void {
    for (let next = this.#waiting[0]; next && this.#grantable(next.mode); next = this.#waiting[0]) {
      this.#waiting.shift();
      next.grant();
    }
  }
}
