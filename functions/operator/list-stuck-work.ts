import { listStuckWorkRoute } from "#functions/operator/routes";
import { httpHandler } from "#shared/http";
import { listStuckWork } from "#shared/operations/stuck-work";

/** Operators list stuck work of one kind, a page at a time (shared/operations/stuck-work.ts). */
export const handler = httpHandler(listStuckWorkRoute, async (request) => ({
  status: 200,
  body: await listStuckWork(request.query),
}));
