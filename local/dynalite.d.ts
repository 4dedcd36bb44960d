declare module "dynalite" {
  import type { Server } from "node:http";

  interface DynaliteOptions {
    /** LevelDB folder; in memory when absent. */
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
    verbose?: boolean;
    debug?: boolean;
  }

  /** An http.Server whose close() also closes the LevelDB store. */
  export default function dynalite(options?: DynaliteOptions): Server;
}

/** dynalite's store functions: the tests use them to leave a store as a crash inside a write does. */
declare module "dynalite/db/index.js" {
  export function create(options: { path: string }): unknown;
  export function updateIndexes(
    store: unknown,
    table: unknown,
    existingItem: unknown,
    item: unknown,
    callback: (error?: Error) => void,
  ): void;
}
