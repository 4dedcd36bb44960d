import passwordHashFigure from "./measured/password-hash.json" with { type: "json" };

/**
 * Capacity from measurement: the password-hashing functions' memory, the throttles of the public
 * routes that hash, and their reserved concurrency all follow from one measured figure, the time
 * of one scrypt hash (N=2^17, r=8, p=1) on a whole vCPU (`npm run bench`, figure "passwordHash",
 * writes `infra/measured/password-hash.json`). infra/README.md has the numbers and the formula.
 */

/** Lambda gives a function one whole vCPU at 1,769 MB and a share in proportion below. */
export const fullVcpuMemoryMb = 1769;
/** The answer time the hashing routes must keep at p99. */
export const hashingLatencyGoalMs = 1000;
/** Lambda's memory sizes considered, smallest first: the first that keeps the goal is taken. */
export const memorySizesMb = [512, 1024, 1536, fullVcpuMemoryMb] as const;

export interface PasswordHashFigure {
  measuredAt: string;
  machine: string;
  scrypt: { N: number; r: number; p: number };
  samples: number;
  /** One hash, one at a time, on one whole core. */
  p50Ms: number;
  p99Ms: number;
}

export const measuredPasswordHash: PasswordHashFigure = passwordHashFigure;

/** A hash's time at a memory size: one hash runs on one thread, so more than a vCPU does not help. */
export const hashMsAt = (figure: Pick<PasswordHashFigure, "p99Ms">, memoryMb: number) =>
  figure.p99Ms * (fullVcpuMemoryMb / Math.min(memoryMb, fullVcpuMemoryMb));

export interface HashingPlan {
  /** Memory of every function that hashes or verifies a password. */
  memorySizeMb: number;
  /** p99 of one hash at that memory. */
  hashP99Ms: number;
  /** Whether the p99 meets hashingLatencyGoalMs (false: the largest useful size, and a warning). */
  meetsGoal: boolean;
}

/** The smallest memory size at which a hash's p99 keeps the goal (a full vCPU when none does). */
export function hashingPlan(figure: Pick<PasswordHashFigure, "p99Ms"> = measuredPasswordHash): HashingPlan {
  const memorySizeMb =
    memorySizesMb.find((size) => hashMsAt(figure, size) <= hashingLatencyGoalMs) ?? fullVcpuMemoryMb;
  const hashP99Ms = hashMsAt(figure, memorySizeMb);
  return { memorySizeMb, hashP99Ms, meetsGoal: hashP99Ms <= hashingLatencyGoalMs };
}

export interface RouteCapacity {
  /** Concurrent executions the route's function may take: reserved for it when reservation is on. */
  readonly concurrency: number;
  /** Steady requests per second API Gateway lets through: what `concurrency` functions serve. */
  readonly rateLimit: number;
  /** Requests API Gateway lets through at once: no more than the functions that serve them. */
  readonly burstLimit: number;
}

/**
 * What `concurrency` environments serve with each answer within the hash's p99: each completes
 * 1000 / hashP99Ms requests a second, so the route admits `floor(concurrency × 1000 / hashP99Ms)`
 * (at least 1) and a burst of `concurrency`: more would wait for an environment or be throttled
 * by Lambda (a 5xx at the edge) instead of a clean 429 from API Gateway.
 */
export function hashingRouteCapacity(concurrency: number, plan: HashingPlan = hashingPlan()): RouteCapacity {
  return {
    concurrency,
    rateLimit: Math.max(1, Math.floor((concurrency * 1000) / plan.hashP99Ms)),
    burstLimit: concurrency,
  };
}
