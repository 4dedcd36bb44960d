import { healthRoute } from "#functions/system/routes";
import { httpHandler } from "#shared/http";

const startedAt = new Date().toISOString();

export const handler = httpHandler(healthRoute, async () => ({
  status: 200,
  body: {
    status: "ok",
    version: process.env.APP_VERSION ?? "unknown",
    node: process.versions.node,
    runtime: process.env.RUNTIME_KIND ?? "aws",
    startedAt,
  },
}));
