import { testCreditor } from "#shared/documents/creditor";
import type { Figure } from "../lib/figure.ts";
import type { LocalBench } from "../lib/local.ts";
import { type BundleSizeContext, bundleSizeFigure } from "./bundle-size.ts";
import { type ColdStartContext, coldStartFigure } from "./cold-start.ts";
import { costFigure } from "./cost.ts";
import { deletionFigure } from "./deletion.ts";
import { documentsFigure } from "./documents.ts";
import { type DynamoContext, dynamoFigure } from "./dynamodb.ts";
import { handlerChainFigure } from "./handler-chain.ts";
import { passwordHashFigure } from "./password-hash.ts";
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
  documentsFigure,
  passwordHashFigure,
];

export { lambdaFunctions } from "../lib/lambdas.ts";

export const benchContext = (
  local: LocalBench,
  lambdas: BenchContext["lambdas"],
  scripts: BenchContext["scripts"],
): BenchContext => {
  // The creditor the local runtime gives the functions that render invoice documents
  // (`invoiceDocuments`, shared/function-access.ts): for their cold starts (figure 2) and for
  // the handlers this process runs (figure 4).
  const creditor = JSON.stringify(testCreditor);
  local.functionEnv.INVOICE_CREDITOR ??= creditor;
  process.env.INVOICE_CREDITOR ??= creditor;
  return { lambdas, scripts, local: async () => local };
};
