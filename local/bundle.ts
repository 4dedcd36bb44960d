import { createHash } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { type BuildOptions, build, version as esbuildVersion } from "esbuild";
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
  /** Every file the bundle was built from, relative to the project root. */
  inputs: string[];
  signature: string;
}

/** What the inputs are now: the build options, their paths, sizes and modification times. */
async function signatureOf(rootDir: string, inputs: readonly string[]): Promise<string> {
  const hash = createHash("sha256").update(esbuildVersion).update(JSON.stringify(cdkBundleOptions));
  for (const input of inputs) {
    const info = await stat(join(rootDir, input)).catch(() => undefined);
    hash.update(`${input}\0${info ? `${info.size}:${info.mtimeMs}` : "missing"}\n`);
  }
  return hash.digest("hex");
}

/**
 * One local function's bundle, built as CDK builds a deployed one, around the local Lambda
 * runtime's worker (local/function-worker.ts), which serves the handler with its access guard
 * installed on the bundle's own copy of the AWS SDK. Bundles are kept in
 * `node_modules/.cache/account-workflows/functions/` and built again only when one of their
 * inputs changed, so a worker starts by importing one file.
 */
export async function functionBundle(rootDir: string, handler: string): Promise<string> {
  const cacheDir = join(rootDir, "node_modules", ".cache", "account-workflows", "functions");
  const name = handler.replace(/\.ts$/, "").replaceAll(/[^A-Za-z0-9]+/g, "-");
  const bundleFile = join(cacheDir, `${name}.mjs`);
  const manifestFile = join(cacheDir, `${name}.json`);
  const manifest = await readFile(manifestFile, "utf8")
    .then((text) => JSON.parse(text) as Manifest)
    .catch(() => undefined);
  if (manifest && (await signatureOf(rootDir, manifest.inputs)) === manifest.signature) {
    if (await stat(bundleFile).catch(() => undefined)) return bundleFile;
  }
  await mkdir(cacheDir, { recursive: true });
  // Built to a file of its own, then renamed: two processes building the same bundle never
  // leave a half-written one behind.
  const temporary = `${bundleFile}.${process.pid}.${Date.now()}.tmp.mjs`;
  const result = await build({
    ...cdkBundleOptions,
    // Not minified locally: a stack trace then names the project's own functions and files.
    minify: false,
    absWorkingDir: rootDir,
    stdin: {
      contents: [
        `import { serve } from "#local/function-worker";`,
        `import { handler } from "./${handler}";`,
        "serve(handler);",
      ].join("\n"),
      resolveDir: rootDir,
      sourcefile: `local-function:${handler}`,
      loader: "ts",
    },
    outfile: temporary,
    metafile: true,
  });
  const inputs = Object.keys(result.metafile?.inputs ?? {})
    .filter((input) => !input.startsWith("<stdin>") && !input.startsWith("local-function:"))
    .map((input) => relative(rootDir, resolve(rootDir, input)));
  await rename(temporary, bundleFile);
  await writeFile(manifestFile, JSON.stringify({ inputs, signature: await signatureOf(rootDir, inputs) }));
  return bundleFile;
}
