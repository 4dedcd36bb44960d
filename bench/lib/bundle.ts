import { mkdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { type BuildOptions, build, type Metafile } from "esbuild";
import { cdkBundleOptions } from "#local/bundle";
import { outDir, rootDir } from "./settings.ts";

export interface Bundle {
  /** Module path from the project root (or the bare handler's). */
  entry: string;
  file: string;
  bytes: number;
  /** Bytes each input contributes to the output, node_modules grouped by package, largest first. */
  inputs: { input: string; bytes: number }[];
}

/** CDK's bundling (local/bundle.ts, the same options the local runtime builds with), with a metafile. */
const cdkLikeOptions: BuildOptions = {
  ...cdkBundleOptions,
  sourcemap: false,
  metafile: true,
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
