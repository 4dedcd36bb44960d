import { readFileSync } from "node:fs";

const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  devDependencies: Record<string, string>;
};

/**
 * The Node major version, from the one pin in `package.json` (`devDependencies.node`), so the
 * Lambda runtime, the esbuild target, the bench and local runs cannot drift apart.
 */
export const nodeMajor: number = (() => {
  const pinned = packageJson.devDependencies.node ?? "";
  const major = /^\D*(\d+)\./.exec(pinned)?.[1];
  if (!major) throw new Error(`package.json devDependencies.node is "${pinned}", not a version`);
  return Number(major);
})();
