import { assertSessionOpen } from "#shared/accounts/session-check";
import { httpHandler } from "#shared/http";

/**
 * The handler of a sensitive write (`freshSession` in its route declaration): the chain checks
 * that the session is still open before the handler runs, since the authorizer's answer may be
 * up to 30 s old. In a module of its own, so that other functions do not carry the table read.
 */
export const freshSessionHandler: typeof httpHandler = (definition, run) =>
  httpHandler(definition, run, { sessionCheck: assertSessionOpen });
