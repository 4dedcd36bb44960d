import { mkdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { type BuildOptions, build, type Metafile } from "esbuild";
import { nodeMajor, outDir, rootDir } from "./settings.ts";

export interface Bundle {
  /** Module path from the project root (or the bare handler's). */
  entry: string;
  file: string;
  bytes: number;
  /** Bytes each input contributes to the output, node_modules grouped by package, largest first. */
  inputs: { input: string; bytes: number }[];
}

/**
 * esbuild options as CDK's NodejsFunction passes them for the project's functions
 * (aws-lambda-nodejs/lib/bundling.js with the defaults of infra/constructs/function.ts):
 * `--bundle --target=node<major> --platform=node --format=esm --minify --main-fields=module,main`,
 * the createRequire banner, no externals (the AWS SDK is bundled). CDK passes no
 * `--conditions`. Source maps are off here: the figure is code size, and CDK writes the map
 * to a separate file anyway.
 */
const cdkLikeOptions: BuildOptions = {
  bundle: true,
  minify: true,
  sourcemap: false,
  platform: "node",
  format: "esm",
  target: `node${nodeMajor}`,
  mainFields: ["module", "main"],
  external: [],
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: "silent",
  absWorkingDir: rootDir,
};

/** `node_modules/@aws-sdk/client-dynamodb/dist-es/x.js` -> `@aws-sdk/client-dynamodb`; project files stay paths. */
export function packageOf(input: string): string {
  const parts = input.split(/[\\/]/);
  const last = parts.lastIndexOf("node_modules");
  if (last === -1) return input;
  const name = parts[last + 1] ?? input;
  return name.startsWith("@") ? `${name}/${parts[last + 2] ?? ""}` : name;
}

function inputsOf(metafile: Metafile, output: string) {
  const grouped = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[output]?.inputs ?? {})) {
    const key = packageOf(input);
    grouped.set(key, (grouped.get(key) ?? 0) + bytesInOutput);
  }
  return [...grouped.entries()].map(([input, bytes]) => ({ input, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** Bundles one handler module to bench/.out/bundles/<name>/index.mjs, as CDK would. */
export async function bundle(entry: string, name: string): Promise<Bundle> {
  const dir = join(outDir, "bundles", name);
  await mkdir(dir, { recursive: true });
  const file = join(dir, "index.mjs");
  const { metafile } = await build({ ...cdkLikeOptions, entryPoints: [join(rootDir, entry)], outfile: file });
  // Metafile paths are relative to absWorkingDir, with forward slashes.
  const outputKey = relative(rootDir, file).split(sep).join("/");
  const output = metafile?.outputs[outputKey];
  if (!metafile || !output) throw new Error(`esbuild wrote no output for ${entry}`);
  return { entry, file, bytes: output.bytes, inputs: inputsOf(metafile, outputKey) };
}
