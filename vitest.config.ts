import { defineConfig } from "vitest/config";

/**
 * Files that start a runtime (or a process, or a service) of their own, or change the
 * environment the runtime reads: each runs in a worker of its own. Every other file that uses
 * the local runtime shares its worker's one (test/support/runtime.ts), warm from the files before.
 */
const ownRuntime = [
  // The whole system in processes of their own, on ports of their own.
  "test/integration/crash.test.ts",
  "test/integration/npm-start.test.ts",
  // A runtime with keys of its own, restarted with others.
  "test/integration/signing-key.test.ts",
  // Sets the portal's address its mails link to.
  "test/browser/mails.test.ts",
  // Clicks mail links through to the local portal this runtime serves (its WEB_APP_URL).
  "test/browser/portal.test.ts",
  // Counts every execution of the runtime from none.
  "test/browser/console.test.ts",
  // The local services alone, each started by the test.
  "test/integration/local-dynamodb.test.ts",
  "test/integration/local-dynamodb-transactions.test.ts",
  "test/integration/local-dynamodb-concurrency.test.ts",
  "test/integration/local-dynamodb-crashes.test.ts",
  // Local DynamoDBs killed at the stream's crash points, and a runtime restarted on its data folder.
  "test/integration/dynamodb-stream-durability.test.ts",
  "test/workflows/local-stepfunctions.test.ts",
  "test/workflows/local-stepfunctions-resume.test.ts",
  "test/workflows/asl-production.test.ts",
];

/** Unit tests that replace modules, the clock or the environment of their process. */
const ownProcess = [
  "test/unit/signing-key.test.ts",
  "test/unit/signing-key-rotation.test.ts",
  "test/unit/mail-templates.test.ts",
];

const env = {
  // A lower scrypt cost keeps the many sign-ups of the suite fast; production keeps 2^17.
  SCRYPT_LOG_N: "12",
  LOG_LEVEL: "SILENT",
  // The reconciler's counts are EMF lines in AWS; the tests read its answer instead.
  POWERTOOLS_METRICS_DISABLED: "true",
  TABLE_NAME: "account-workflows",
};

export default defineConfig({
  test: {
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two workers fit 2 cores; each holds one shared runtime.
    maxWorkers: 2,
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/setup-file.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "shared-runtime",
          // The CDK assertions and the pure unit tests share the workers too: aws-cdk-lib and
          // the domain's modules are loaded once per worker, not once per file.
          include: ["test/**/*.test.ts"],
          exclude: [...ownRuntime, ...ownProcess],
          // Files of one worker run one after another in one process: they share its runtime.
          isolate: false,
          env: { ...env, SHARED_RUNTIME: "1" },
        },
      },
      {
        extends: true,
        test: {
          name: "isolated",
          include: [...ownRuntime, ...ownProcess],
          env,
        },
      },
    ],
  },
});
