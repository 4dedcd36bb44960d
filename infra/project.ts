import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Runtime } from "aws-cdk-lib/aws-lambda";
import packageJson from "../package.json" with { type: "json" };

/** The project root: handler, ASL and lock file paths in the declarations are relative to it. */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** An absolute path from a path relative to the project root. */
export const fromRoot = (path: string) => join(projectRoot, path);

/** The application version, given to functions as `APP_VERSION`. */
export const appVersion: string = packageJson.version;

/**
 * The Node major version, from the one pin in `package.json` (`devDependencies.node`), so the
 * Lambda runtime, the esbuild target and local runs cannot drift apart.
 */
export const nodeMajor: number = (() => {
  const pinned = packageJson.devDependencies.node;
  const major = /^\D*(\d+)\./.exec(pinned)?.[1];
  if (!major) throw new Error(`package.json devDependencies.node is "${pinned}", not a version`);
  return Number(major);
})();

/** The Lambda runtime for the pinned Node major; fails synth if CDK does not know it. */
export const lambdaRuntime: Runtime = (() => {
  const name = `nodejs${nodeMajor}.x`;
  const runtime = Runtime.ALL.find((candidate) => candidate.name === name);
  if (!runtime) throw new Error(`aws-cdk-lib has no Lambda runtime ${name} for the pinned Node ${nodeMajor}`);
  return runtime;
})();
