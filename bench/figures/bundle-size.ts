import { type Bundle, bundle } from "../lib/bundle.ts";
import { documentHandlers } from "../lib/document-handlers.ts";
import type { Figure } from "../lib/figure.ts";
import { kib, ratio, table } from "../lib/format.ts";
import { bundleNameOf, type LambdaFunction } from "../lib/lambdas.ts";

export const bundleSizeGoal = 1.3;
export const bareEntry = "bench/bare-handler.ts";
/** The second yardstick: a typical Powertools handler (Logger, Metrics, Tracer through middy, one GetCommand). */
export const powertoolsEntry = "bench/powertools-handler.ts";

export interface BundledFunction {
  lambda: LambdaFunction;
  bundle: Bundle;
}

export interface BundleSizeContext {
  lambdas: LambdaFunction[];
  /** Filled by this figure; figure 2 starts the bundles it made. */
  bundles?: { bare: Bundle; powertools: Bundle; functions: BundledFunction[] };
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
    const [bare, powertools] = await Promise.all([
      bundle(bareEntry, "bare-dynamodb-client"),
      bundle(powertoolsEntry, "powertools-yardstick"),
    ]);
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
    context.bundles = { bare, powertools, functions };

    const limit = bare.bytes * bundleSizeGoal;
    // The functions that render invoice documents carry the PDF libraries and fonts: figure 9
    // reports them, apart from this figure's goals.
    const apart = documentHandlers();
    const isApart = ({ lambda }: BundledFunction) => apart.has(lambda.handler);
    const rows = functions.map((made) => [
      made.lambda.name,
      kib(made.bundle.bytes),
      ratio(made.bundle.bytes / bare.bytes),
      ratio(made.bundle.bytes / powertools.bytes),
      isApart(made)
        ? "apart (figure 9)"
        : made.bundle.bytes < limit && made.bundle.bytes < powertools.bytes
          ? "yes"
          : "NO",
      top(made.bundle.inputs, 3),
    ]);
    const judged = functions.filter((made) => !isApart(made));
    const failing = judged.filter(({ bundle }) => bundle.bytes >= limit);
    const heavierThanPowertools = judged.filter(({ bundle }) => bundle.bytes >= powertools.bytes);
    const largest = Math.max(...judged.map(({ bundle }) => bundle.bytes));
    const text = [
      `Bare bundle (only \`new DynamoDBClient({})\`): ${kib(bare.bytes)}; goal: every function under ${bundleSizeGoal}x = ${kib(limit)}.`,
      `Largest inputs of the bare bundle: ${top(bare.inputs, 3)}.`,
      `Powertools yardstick (Logger, Metrics, Tracer through middy, one GetCommand): ${kib(powertools.bytes)} = ${ratio(powertools.bytes / bare.bytes)} bare; largest inputs: ${top(powertools.inputs, 3)}.`,
      `The ${functions.length - judged.length} functions that render invoice documents are measured here and judged apart, in figure 9.`,
      "",
      table(
        [
          "function",
          "bundle",
          "vs bare",
          "vs Powertools",
          `< ${bundleSizeGoal}x and < Powertools`,
          "three largest inputs (bytes in output)",
        ],
        rows,
      ),
    ].join("\n");
    return {
      text,
      data: {
        esbuild:
          "bundle, minify, platform node, format esm, target node<pinned major>, mainFields module,main, createRequire banner, no externals, no source map",
        bare: { bytes: bare.bytes, inputs: bare.inputs.slice(0, 10) },
        powertools: { bytes: powertools.bytes, inputs: powertools.inputs.slice(0, 10) },
        functions: functions.map(({ lambda, bundle }) => ({
          function: lambda.name,
          kind: lambda.kind,
          handler: lambda.handler,
          bytes: bundle.bytes,
          ratioToBare: bundle.bytes / bare.bytes,
          ratioToPowertools: bundle.bytes / powertools.bytes,
          underGoal: bundle.bytes < limit,
          judgedApart: apart.has(lambda.handler),
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
              ? `all ${judged.length} functions pass (figure 9's apart); largest ${kib(largest)}`
              : `${failing.length} of ${judged.length} over (largest ${kib(largest)} = ${ratio(largest / bare.bytes)}; figure 9's apart)`,
        },
        {
          figure: "1",
          goal: `every function's bundle smaller than the Powertools yardstick (${kib(powertools.bytes)})`,
          met: heavierThanPowertools.length === 0,
          detail:
            heavierThanPowertools.length === 0
              ? `all ${judged.length} functions are smaller (figure 9's apart); largest ${ratio(largest / powertools.bytes)} of it`
              : `${heavierThanPowertools.length} of ${judged.length} heavier: ${heavierThanPowertools
                  .map(({ lambda }) => lambda.name)
                  .slice(0, 5)
                  .join(", ")}`,
        },
      ],
    };
  },
};
