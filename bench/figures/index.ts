import type { Figure } from "../lib/figure.ts";
import type { LocalBench } from "../lib/local.ts";
import { type BundleSizeContext, bundleSizeFigure } from "./bundle-size.ts";
import { type ColdStartContext, coldStartFigure } from "./cold-start.ts";
import { costFigure } from "./cost.ts";
import { deletionFigure } from "./deletion.ts";
import { type DynamoContext, dynamoFigure } from "./dynamodb.ts";
import { handlerChainFigure } from "./handler-chain.ts";
import { signInTimingFigure } from "./sign-in-timing.ts";
import { throughputFigure } from "./throughput.ts";

export type BenchContext = BundleSizeContext & ColdStartContext & DynamoContext;

export { routeScripts } from "../scripts/index.ts";

/**
 * The figures, in order; later ones use what earlier ones leave in the context (bundles,
 * per-route usage). A new figure is one more entry here.
 */
export const figures: Figure<BenchContext>[] = [
  bundleSizeFigure,
  coldStartFigure,
  handlerChainFigure,
  dynamoFigure,
  deletionFigure,
  throughputFigure,
  costFigure,
  signInTimingFigure,
];

export { lambdaFunctions } from "../lib/lambdas.ts";

export const benchContext = (
  local: LocalBench,
  lambdas: BenchContext["lambdas"],
  scripts: BenchContext["scripts"],
): BenchContext => ({ lambdas, scripts, local: async () => local });
