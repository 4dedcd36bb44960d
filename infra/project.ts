import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Runtime } from "aws-cdk-lib/aws-lambda";
import { nodeMajor } from "#local/node-version";
import packageJson from "../package.json" with { type: "json" };

/** The project root: handler, ASL and lock file paths in the declarations are relative to it. */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** An absolute path from a path relative to the project root. */
export const fromRoot = (path: string) => join(projectRoot, path);

/** The application version, given to functions as `APP_VERSION`. */
export const appVersion: string = packageJson.version;

/** The Node major version of the one pin in `package.json` (local/node-version.ts). */
export { nodeMajor };

/** The Lambda runtime for the pinned Node major; fails synth if CDK does not know it. */
export const lambdaRuntime: Runtime = (() => {
  const name = `nodejs${nodeMajor}.x`;
  const runtime = Runtime.ALL.find((candidate) => candidate.name === name);
  if (!runtime) throw new Error(`aws-cdk-lib has no Lambda runtime ${name} for the pinned Node ${nodeMajor}`);
  return runtime;
})();
