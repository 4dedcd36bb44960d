import type { Context } from "aws-lambda";
import { userAuthorizer } from "#functions/routes";
import { loadHandler } from "#local/lambda";
import { measureInvocation } from "../lib/meter.ts";
import { rootDir } from "../lib/settings.ts";

/** The session authorizer of the metered gateway: measured apart from the routes it guards. */
export const handler = async (event: unknown, context: Context) => {
  const inner = await loadHandler(rootDir, userAuthorizer.handler);
  return measureInvocation("authorizer", () => inner(event, context));
};
