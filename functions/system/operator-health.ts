import { operatorHealthRoute } from "#functions/system/routes";
import { httpHandler } from "#shared/http";

const startedAt = new Date().toISOString();

/** Liveness and the versions of the parts, for operators (IAM in AWS, the operator key locally). */
export const handler = httpHandler(operatorHealthRoute, async () => ({
  status: 200,
  body: {
    status: "ok",
    version: process.env.APP_VERSION ?? "unknown",
    node: process.versions.node,
    runtime: process.env.RUNTIME_KIND ?? "aws",
    startedAt,
  },
}));
