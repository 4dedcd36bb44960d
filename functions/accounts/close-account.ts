import { closeAccountRoute } from "#functions/accounts/routes";
import { closeAccount } from "#shared/accounts/close-account";
import { requireSession } from "#shared/http";
import { freshSessionHandler } from "#shared/http-fresh-session";

export const handler = freshSessionHandler(closeAccountRoute, async (request) => {
  await closeAccount(requireSession(request).userId, request);
  return { status: 204 };
});
