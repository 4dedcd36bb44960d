import type { TestProject } from "vitest/node";
import { bundlesCheckedVariable, ensureFunctionBundles } from "#local/bundle";
import { projectHandlers } from "#local/project-functions";
import { rootDir } from "#test/support/runtime";

declare module "vitest" {
  export interface ProvidedContext {
    /** The manifest of the project's function bundles, checked (or built) once for the whole run. */
    functionBundles: string;
  }
}

/**
 * Once per run, before any test file: every function's bundle built together, or found current
 * (local/bundle.ts), so that no worker of the run checks or builds one again.
 */
export default async function setup(project: TestProject) {
  process.env.TABLE_NAME ??= "account-workflows";
  const manifest = await ensureFunctionBundles(rootDir, await projectHandlers());
  process.env[bundlesCheckedVariable] = manifest;
  project.provide("functionBundles", manifest);
}
