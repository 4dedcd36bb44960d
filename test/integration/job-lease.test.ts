import { describe, expect, it } from "vitest";
import { useLocalRuntime } from "#test/support/runtime";

/**
 * Scheduled jobs never overlap themselves (EventBridge Scheduler delivers at least once and
 * retries; `npm run reconcile` may start a run beside the timer's): each run takes its job's
 * lease in the table first.
 */
useLocalRuntime();

const lease = async () => (await import("#shared/job-lease")).withJobLease;
const unique = (label: string) =>
  `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

describe("a scheduled job's lease", () => {
  it("lets one run at a time: a run started while another holds the lease does nothing", async () => {
    const withJobLease = await lease();
    const job = unique("overlap");
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let firstStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      firstStarted = resolve;
    });
    const first = withJobLease(job, 300, async () => {
      firstStarted();
      await held;
      return "first";
    });
    await started;
    const second = await withJobLease(job, 300, async () => "second");
    expect(second).toEqual({ ran: false, heldBy: "another run" });
    release();
    expect(await first).toEqual({ ran: true, result: "first" });
    // Released at the end: the next run goes ahead.
    expect(await withJobLease(job, 300, async () => "third")).toEqual({ ran: true, result: "third" });
  });

  it("releases the lease when a run throws, and frees a lease whose run died once it expires", async () => {
    const withJobLease = await lease();
    const job = unique("failing");
    await expect(
      withJobLease(job, 300, async () => {
        throw new Error("the run failed");
      }),
    ).rejects.toThrow("the run failed");
    expect((await withJobLease(job, 300, async () => 1)).ran).toBe(true);

    // A run that died holding the lease: its lease is still there...
    const { getItem } = await import("#shared/entity/reads");
    const { putItem, write } = await import("#shared/entity/writes");
    const { JobLease } = await import("#shared/job-lease");
    const now = Math.floor(Date.now() / 1000);
    await write(putItem(JobLease, { job, runId: "dead", leasedUntil: now + 300, expiresAt: now + 86_700 }));
    expect((await withJobLease(job, 300, async () => 2)).ran).toBe(false);
    // ...until it expires: then a run takes it over, and releases only its own.
    const later = () => now + 301;
    expect(await withJobLease(job, 300, async () => 3, later)).toEqual({ ran: true, result: 3 });
    expect(await getItem(JobLease, { job })).toBeUndefined();
  });

  it("keeps the reconciler's and the purge's handlers to one run at a time", async () => {
    const { handler: reconcileHandler } = await import("#functions/reconcile/reconcile");
    const { handler: purgeHandler } = await import("#functions/purge/purge-backups");
    const { putItem, write, deleteItem } = await import("#shared/entity/writes");
    const { JobLease } = await import("#shared/job-lease");
    const now = Math.floor(Date.now() / 1000);
    for (const job of ["reconciler", "purge"])
      await write(
        putItem(JobLease, { job, runId: "running", leasedUntil: now + 300, expiresAt: now + 86_700 }),
      );
    try {
      expect(await reconcileHandler()).toMatchObject({ leaseHeld: true, payments: { settled: 0 } });
      expect(await purgeHandler()).toMatchObject({ leaseHeld: true, purged: 0 });
    } finally {
      for (const job of ["reconciler", "purge"]) await write(deleteItem(JobLease, { job }));
    }
    expect(await reconcileHandler()).not.toHaveProperty("leaseHeld");
  });
});
