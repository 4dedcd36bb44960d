import { type Bundle, bundle } from "../lib/bundle.ts";
import type { Figure } from "../lib/figure.ts";
import { kib, ratio, table } from "../lib/format.ts";
import { bundleNameOf, type LambdaFunction } from "../lib/lambdas.ts";

export const bundleSizeGoal = 1.3;
export const bareEntry = "bench/bare-handler.ts";

export interface BundledFunction {
  lambda: LambdaFunction;
  bundle: Bundle;
}

export interface BundleSizeContext {
  lambdas: LambdaFunction[];
  /** Filled by this figure; figure 2 starts the bundles it made. */
  bundles?: { bare: Bundle; functions: BundledFunction[] };
}

const top = (inputs: Bundle["inputs"], count: number) =>
  inputs
    .slice(0, count)
    .map(({ input, bytes }) => `${input} ${kib(bytes)}`)
    .join(", ");

export const bundleSizeFigure: Figure<BundleSizeContext> = {
  id: "bundleSize",
  title: "1. Bundle size of every Lambda (esbuild as CDK's NodejsFunction, minified, no source map)",
  async run(context) {
    const bare = await bundle(bareEntry, "bare-dynamodb-client");
    // One bundle per handler module (routes sharing a module share it), all started at once:
    // esbuild builds them in parallel.
    const byHandler = new Map<string, Promise<Bundle>>();
    for (const lambda of context.lambdas) {
      if (!byHandler.has(lambda.handler))
        byHandler.set(lambda.handler, bundle(lambda.handler, bundleNameOf(lambda.handler)));
    }
    await Promise.all(byHandler.values());
    const functions: BundledFunction[] = [];
    for (const lambda of context.lambdas) {
      const made = byHandler.get(lambda.handler);
      if (made) functions.push({ lambda, bundle: await made });
    }
    context.bundles = { bare, functions };

    const limit = bare.bytes * bundleSizeGoal;
    const rows = functions.map(({ lambda, bundle }) => [
      lambda.name,
      kib(bundle.bytes),
      ratio(bundle.bytes / bare.bytes),
      bundle.bytes < limit ? "yes" : "NO",
      top(bundle.inputs, 3),
    ]);
    const failing = functions.filter(({ bundle }) => bundle.bytes >= limit);
    const largest = Math.max(...functions.map(({ bundle }) => bundle.bytes));
    const text = [
      `Bare bundle (only \`new DynamoDBClient({})\`): ${kib(bare.bytes)}; goal: every function under ${bundleSizeGoal}x = ${kib(limit)}.`,
      `Largest inputs of the bare bundle: ${top(bare.inputs, 3)}.`,
      "",
      table(
        ["function", "bundle", "vs bare", `< ${bundleSizeGoal}x`, "three largest inputs (bytes in output)"],
        rows,
      ),
    ].join("\n");
    return {
      text,
      data: {
        esbuild:
          "bundle, minify, platform node, format esm, target node<pinned major>, mainFields module,main, createRequire banner, no externals, no source map",
        bare: { bytes: bare.bytes, inputs: bare.inputs.slice(0, 10) },
        functions: functions.map(({ lambda, bundle }) => ({
          function: lambda.name,
          kind: lambda.kind,
          handler: lambda.handler,
          bytes: bundle.bytes,
          ratioToBare: bundle.bytes / bare.bytes,
          underGoal: bundle.bytes < limit,
          largestInputs: bundle.inputs.slice(0, 3),
        })),
      },
      goals: [
        {
          figure: "1",
          goal: `every function's bundle under ${bundleSizeGoal}x the bare DynamoDB bundle (${kib(limit)})`,
          met: failing.length === 0,
          detail:
            failing.length === 0
              ? `all ${functions.length} functions pass; largest ${kib(largest)}`
              : `${failing.length} of ${functions.length} over (largest ${kib(largest)} = ${ratio(largest / bare.bytes)})`,
        },
      ],
    };
  },
};
