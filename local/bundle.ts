import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { type BuildOptions, build, version as esbuildVersion, type Plugin } from "esbuild";
import { nodeMajor } from "#local/node-version";

/**
 * esbuild options as CDK's NodejsFunction passes them for the project's functions
 * (aws-lambda-nodejs/lib/bundling.js with the defaults of infra/constructs/function.ts):
 * `--bundle --target=node<major> --platform=node --format=esm --minify --main-fields=module,main`,
 * the createRequire banner, no externals (the AWS SDK is bundled), `brotli` aliased to its stand-in. The bench measures these
 * bundles; the local runtime runs them.
 */
/** Replaces the `brotli` package in every bundle (relative to the project root, where esbuild runs). */
export const brotliStandIn = "shared/documents/no-brotli";

export const cdkBundleOptions: BuildOptions = {
  bundle: true,
  minify: true,
  platform: "node",
  format: "esm",
  target: `node${nodeMajor}`,
  mainFields: ["module", "main"],
  external: [],
  // fontkit's WOFF2 decompressor, never used (documents embed a TrueType font): see the stand-in.
  alias: { brotli: `./${brotliStandIn}` },
  banner: {
    js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);",
  },
  logLevel: "silent",
};

interface Manifest {
  /** The handlers built, each to `<bundleName(handler)>.mjs`. */
  handlers: string[];
  /** Every file the bundles were built from, relative to the project root. */
  inputs: string[];
  signature: string;
}

/**
 * Set by the test run's global setup to the manifest of the project's bundles once it has checked
 * them: its workers trust that manifest's bundles instead of checking each again.
 */
export const bundlesCheckedVariable = "LOCAL_FUNCTION_BUNDLES_CHECKED";

const cacheDirOf = (rootDir: string) =>
  join(rootDir, "node_modules", ".cache", "account-workflows", "functions");
const bundleName = (handler: string) => handler.replace(/\.ts$/, "").replaceAll(/[^A-Za-z0-9]+/g, "-");
const virtualPrefix = "local-function:";

/** What the inputs are now: the build options, their paths, sizes and modification times. */
async function signatureOf(rootDir: string, handlers: readonly string[], inputs: readonly string[]) {
  const hash = createHash("sha256")
    .update(esbuildVersion)
    .update(JSON.stringify(cdkBundleOptions))
    .update(JSON.stringify(handlers));
  const infos = await Promise.all(inputs.map((input) => stat(join(rootDir, input)).catch(() => undefined)));
  for (const [index, input] of inputs.entries()) {
    const info = infos[index];
    hash.update(`${input}\0${info ? `${info.size}:${info.mtimeMs}` : "missing"}\n`);
  }
  return hash.digest("hex");
}

/** Each function's entry: the local Lambda runtime's worker serving the handler (local/function-worker.ts). */
const workerEntries = (rootDir: string): Plugin => ({
  name: "local-function-entries",
  setup(builder) {
    builder.onResolve({ filter: /^local-function:/ }, (args) => ({
      path: args.path.slice(virtualPrefix.length),
      namespace: "local-function",
    }));
    builder.onLoad({ filter: /.*/, namespace: "local-function" }, (args) => ({
      contents: [
        `import { serve } from "#local/function-worker";`,
        `import { handler } from "./${args.path}";`,
        "serve(handler);",
      ].join("\n"),
      resolveDir: rootDir,
      loader: "ts",
    }));
  },
});

/** Handlers whose bundles this process has found current: checked once, not at every worker start. */
const checked = new Set<string>();
let trusted: Promise<void> | undefined;
const trustCheckedManifest = (file: string) =>
  readFile(file, "utf8").then(
    (text) => {
      for (const handler of (JSON.parse(text) as Manifest).handlers) checked.add(handler);
    },
    () => undefined,
  );

/**
 * The bundles of the given handlers, built as CDK builds deployed ones, around the local Lambda
 * runtime's worker (local/function-worker.ts), which serves each handler with its access guard
 * installed on the bundle's own copy of the AWS SDK. They are built together in one esbuild run
 * (each module parsed once for all of them: 10 s for the project's 81 functions where one build
 * each took 27 s), kept in `node_modules/.cache/account-workflows/functions/`, and built again
 * only when one of their inputs changed.
 */
export async function ensureFunctionBundles(rootDir: string, handlers: readonly string[]): Promise<string> {
  const checkedManifest = process.env[bundlesCheckedVariable];
  if (checkedManifest) {
    trusted ??= trustCheckedManifest(checkedManifest);
    await trusted;
  }
  // Only what this process has not found current yet: the rest was checked or built before.
  const wanted = [...new Set(handlers)].filter((handler) => !checked.has(handler)).sort();
  const cacheDir = cacheDirOf(rootDir);
  const setName = createHash("sha256").update(JSON.stringify(wanted)).digest("hex").slice(0, 12);
  const manifestFile = join(cacheDir, `bundles-${setName}.json`);
  if (wanted.length === 0) return checkedManifest ?? manifestFile;
  const manifest = await readFile(manifestFile, "utf8")
    .then((text) => JSON.parse(text) as Manifest)
    .catch(() => undefined);
  const present = async () =>
    (
      await Promise.all(
        wanted.map((handler) => stat(join(cacheDir, `${bundleName(handler)}.mjs`)).catch(() => undefined)),
      )
    ).every(Boolean);
  if (
    manifest &&
    (await signatureOf(rootDir, wanted, manifest.inputs)) === manifest.signature &&
    (await present())
  ) {
    for (const handler of wanted) checked.add(handler);
    return manifestFile;
  }
  await mkdir(cacheDir, { recursive: true });
  // Built into a folder of its own, then renamed file by file: two processes building at once
  // never leave a half-written bundle behind.
  const temporary = join(cacheDir, `.build-${process.pid}-${Date.now()}`);
  try {
    const result = await build({
      ...cdkBundleOptions,
      // Not minified locally: a stack trace then names the project's own functions and files.
      minify: false,
      absWorkingDir: rootDir,
      entryPoints: wanted.map((handler) => ({ in: `${virtualPrefix}${handler}`, out: bundleName(handler) })),
      outdir: temporary,
      outExtension: { ".js": ".mjs" },
      plugins: [workerEntries(rootDir)],
      metafile: true,
    });
    const inputs = [
      ...new Set(
        Object.keys(result.metafile?.inputs ?? {})
          .filter((input) => !input.startsWith(virtualPrefix))
          .map((input) => relative(rootDir, resolve(rootDir, input))),
      ),
    ].sort();
    for (const handler of wanted) {
      const name = `${bundleName(handler)}.mjs`;
      await rename(join(temporary, name), join(cacheDir, name));
    }
    await writeFile(
      manifestFile,
      JSON.stringify({ handlers: wanted, inputs, signature: await signatureOf(rootDir, wanted, inputs) }),
    );
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
  for (const handler of wanted) checked.add(handler);
  return manifestFile;
}

/** One function's bundle file, built (with any others not yet current) when it is not. */
export async function functionBundle(rootDir: string, handler: string): Promise<string> {
  if (!checked.has(handler)) await ensureFunctionBundles(rootDir, [handler]);
  return join(cacheDirOf(rootDir), `${bundleName(handler)}.mjs`);
}
