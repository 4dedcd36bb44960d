import { join } from "node:path";
import { build, type Plugin } from "esbuild";
import { describe, expect, it } from "vitest";
import { purgeJob } from "#functions/purge/job";
import { reconcileJob } from "#functions/reconcile/job";
import { routes, userAuthorizer } from "#functions/routes";
import { streamConsumers } from "#functions/streams";
import { workflows } from "#functions/workflows";
import { type DeployedResources, environmentOf } from "#shared/function-access";
import type { FunctionAccess } from "#shared/route-types";

const root = join(import.meta.dirname, "../..");

/** Every function the project deploys, with its declared access. */
const functions: { handler: string; access: FunctionAccess }[] = [
  ...routes.map((route) => ({ handler: route.handler, access: route.access })),
  { handler: userAuthorizer.handler, access: userAuthorizer.access },
  ...workflows.flatMap((workflow) => Object.values(workflow.tasks)),
  purgeJob,
  reconcileJob,
  ...streamConsumers,
];

/** Variables every function has, or reads only where they are set on purpose. */
const everywhere = new Set([
  "APP_VERSION", // set on every function (infra/constructs/function.ts)
  "NODE_OPTIONS",
  "POWERTOOLS_METRICS_NAMESPACE", // set on every function: the stage's metrics namespace
  "LOG_LEVEL", // optional: INFO unless set
]);
/**
 * Set by Lambda itself in every function (its reserved variables): the request signer of a
 * presigned URL reads the region and the role's credentials from them.
 */
const lambdaReserved = new Set([
  "AWS_REGION",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
]);
/** Read only by the local runtime or the test suite, never set in AWS (each has its default). */
const localOnly = new Set([
  "SIGNING_KEY", // the local key; AWS reads SIGNING_KEY_SECRET_ARN
  "SCRYPT_LOG_N", // the test suite's cheaper hashing
  "RUNTIME_KIND",
  "RATE_LIMITS_EXEMPT_LOOPBACK",
  "RATE_LIMITS_SCALE", // the bench's harness
  "AWS_ENDPOINT_URL_S3",
]);

/** Reads that never happen at run time, with why (the bundle holds them; the code path does not run). */
const deadReads: Record<string, string[]> = {
  // The route table imports the domain's schemas; the document is built from them, never a request.
  "functions/system/openapi.ts": ["TABLE_NAME"],
};

const resources: DeployedResources = {
  tableName: "t",
  emailFrom: "e",
  emailConfigurationSet: "c",
  webAppUrl: "w",
  workflowArns: Object.fromEntries(workflows.map((workflow) => [workflow.name, "arn"])),
  signingKey: { secretArn: "s" },
  logoBucket: "l",
  archiveRetentionYears: 10,
  backupRetentionDays: 30,
};

/** Keeps packages out of the build: only the project's own modules are read. */
const projectOnly: Plugin = {
  name: "project-only",
  setup(builder) {
    builder.onResolve({ filter: /^[^./#]/ }, (args) => ({ path: args.path, external: true }));
  },
};

/** The variables a function's own code reads (`process.env.NAME`, `requiredEnv("NAME")`). */
async function variablesRead(handler: string): Promise<Set<string>> {
  const result = await build({
    entryPoints: [join(root, handler)],
    bundle: true,
    write: false,
    platform: "node",
    format: "esm",
    logLevel: "silent",
    plugins: [projectOnly],
  });
  // The bundle as esbuild shakes it (what the function really holds), not every module it names.
  const code = result.outputFiles[0]?.text ?? "";
  const read = new Set<string>();
  for (const match of code.matchAll(
    /process\.env(?:\.([A-Z_][A-Z0-9_]*)|\[["']([A-Z_][A-Z0-9_]*)["']\])|requiredEnv\(["']([A-Z_][A-Z0-9_]*)["']\)/g,
  )) {
    read.add(match[1] ?? match[2] ?? match[3] ?? "");
  }
  return read;
}

describe("each function's environment", () => {
  it("holds every variable its code reads, and nothing it does not read", async () => {
    const problems: string[] = [];
    for (const fn of functions) {
      const read = await variablesRead(fn.handler);
      const given = new Set(Object.keys(environmentOf(fn.access, resources)));
      for (const name of read) {
        if (
          !given.has(name) &&
          !everywhere.has(name) &&
          !lambdaReserved.has(name) &&
          !localOnly.has(name) &&
          !deadReads[fn.handler]?.includes(name)
        )
          problems.push(`${fn.handler} reads ${name}, which its declared access does not set`);
      }
      for (const name of given) {
        if (!read.has(name) && !everywhere.has(name))
          problems.push(`${fn.handler} gets ${name}, which its code never reads`);
      }
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
