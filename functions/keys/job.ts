import type { FunctionAccess } from "#shared/route-types";

/**
 * The signing-key rotation's declaration, read by the CDK stack (the signing-key construct's
 * function and Secrets Manager rotation schedule, every 90 days). There is no local Secrets
 * Manager, so the local runtime does not run it: the unit tests drive its steps against a stubbed
 * client, and `SIGNING_KEY` stays as generated.
 */
export const signingKeyRotation: { handler: string; access: FunctionAccess } = {
  handler: "functions/keys/rotate-signing-key.ts",
  access: { signingKeyRotation: true },
};
