import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file starts its own local runtime on free ports; two at once fit 2 cores.
    maxWorkers: 2,
    env: {
      // A lower scrypt cost keeps the many sign-ups of the suite fast; production keeps 2^17.
      SCRYPT_LOG_N: "12",
      LOG_LEVEL: "SILENT",
      // The reconciler's counts are EMF lines in AWS; the tests read its answer instead.
      POWERTOOLS_METRICS_DISABLED: "true",
      TABLE_NAME: "account-workflows",
    },
  },
});
