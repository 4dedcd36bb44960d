/**
 * The local runtime's clock: real time plus an offset that tests move forward, so that what
 * depends on a time window (the authorizer cache, rate-limit windows, token and link expiry,
 * JWT `exp`, locks and leases) is tested by advancing time instead of sleeping. The offset lives
 * in a SharedArrayBuffer: the gateway reads it in the runtime's process, and each function's
 * worker (local/function-worker.ts) reads the same memory through its `Date`, so every part of
 * the system sees the same time at once. A local test facility only: nothing in AWS reads it,
 * and `npm start` never moves it.
 */
export class LocalClock {
  /** Shared with the functions' workers (workerData): one signed 64-bit offset in milliseconds. */
  readonly buffer = new SharedArrayBuffer(8);
  readonly #offset = new BigInt64Array(this.buffer);

  /** Milliseconds since the epoch, as the system sees them: real time plus the offset. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  get offsetMs(): number {
    return Number(Atomics.load(this.#offset, 0));
  }

  /** Moves time forward by `ms` for every part of the runtime at once. */
  advance(ms: number): void {
    if (!Number.isSafeInteger(ms) || ms < 0)
      throw new RangeError(`the clock only moves forward, by whole milliseconds (not ${ms})`);
    Atomics.add(this.#offset, 0, BigInt(ms));
  }

  /** Back to real time. */
  reset(): void {
    Atomics.store(this.#offset, 0, 0n);
  }
}

/**
 * Inside a function's worker, before its handler's module runs: `Date.now()`, `new Date()` and
 * `Date()` without arguments read the shared clock, so the handler and every library it bundles
 * (jose's `exp` check, the AWS SDK's signing) see the runtime's time. `new Date(value)`,
 * `Date.parse`, `Date.UTC`, `instanceof Date` and the prototype are the real ones.
 */
export function installClock(buffer: SharedArrayBuffer): void {
  const RealDate = globalThis.Date;
  const offset = new BigInt64Array(buffer);
  const now = () => RealDate.now() + Number(Atomics.load(offset, 0));
  function ClockDate(this: unknown, ...args: unknown[]): unknown {
    // Called without `new`, Date gives the current time as a string.
    if (!new.target) return new RealDate(now()).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [now()] : args, new.target);
  }
  Object.defineProperties(ClockDate, {
    name: { value: "Date" },
    length: { value: RealDate.length },
    prototype: { value: RealDate.prototype },
    now: { value: now, writable: true, configurable: true },
    parse: { value: RealDate.parse, writable: true, configurable: true },
    UTC: { value: RealDate.UTC, writable: true, configurable: true },
  });
  // `value.constructor === Date` holds for dates made either way.
  Object.defineProperty(RealDate.prototype, "constructor", {
    value: ClockDate,
    writable: true,
    configurable: true,
  });
  globalThis.Date = ClockDate as unknown as DateConstructor;
}
