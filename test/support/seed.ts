import { randomInt } from "node:crypto";
import { relative } from "node:path";

/**
 * The seed of a file's fast-check runs: `FUZZ_SEED` when set, else a random one, printed once
 * (console.info) with the command that replays the run: `FUZZ_SEED=<seed> npx vitest run <file>`.
 * Pass it to every `fc.assert` of the file.
 */
export function fuzzSeed(file: string): number {
  const given = process.env.FUZZ_SEED?.trim();
  const seed = given ? Number(given) : randomInt(2 ** 31);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, not "${given}"`);
  const name = relative(process.cwd(), file);
  console.info(`fast-check seed ${seed}: replay with FUZZ_SEED=${seed} npx vitest run ${name}`);
  return seed;
}
