import { healthRoute } from "#functions/system/routes";
import { httpHandler } from "#shared/http";

/** Liveness for anyone: the versions are for operators only (GET /v1/operator/health). */
export const handler = httpHandler(healthRoute, async () => ({ status: 200, body: { status: "ok" } }));
