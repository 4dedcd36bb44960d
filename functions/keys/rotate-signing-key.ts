import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { jwtVerify, SignJWT } from "jose";
import { logger } from "#shared/logger";
import { parseSigningKeys, rotatedSigningKeys } from "#shared/signing-key";

/**
 * The rotation function of the token-signing secret (shared/signing-key.ts), on Secrets Manager's
 * rotation protocol: Secrets Manager invokes it once per step with the secret and the id of the
 * version being made (`ClientRequestToken`, staged AWSPENDING), and every step may be retried.
 *
 * - createSecret: puts the pending version, the current keys rotated: a new current key, the
 *   current one kept as previous (a retried step finds the version there and leaves it).
 * - setSecret: nothing to do; no other system holds the key, functions read it from the secret.
 * - testSecret: a token signed with the current key, and one signed with the new key, verify
 *   with the pending keys: the rotation ends no session.
 * - finishSecret: moves AWSCURRENT to the pending version (Secrets Manager labels the old one
 *   AWSPREVIOUS) and takes AWSPENDING off it.
 *
 * Functions pick the new keys up within 5 minutes (or at once, for a token with the new key id).
 */

export interface RotationEvent {
  Step: string;
  SecretId: string;
  ClientRequestToken: string;
  RotationToken?: string;
}

const secretsManager = new SecretsManagerClient({});

export const handler = async (event: RotationEvent): Promise<void> => {
  const { Step: step, SecretId: secretId, ClientRequestToken: versionId } = event;
  const metadata = await secretsManager.send(new DescribeSecretCommand({ SecretId: secretId }));
  if (!metadata.RotationEnabled) throw new Error(`rotation is not enabled for the secret ${secretId}`);
  const stages = metadata.VersionIdsToStages?.[versionId];
  if (!stages) throw new Error(`the version ${versionId} has no stage for rotation`);
  if (stages.includes("AWSCURRENT")) {
    logger.info("signing key rotation: version already current", { step, versionId });
    return;
  }
  if (!stages.includes("AWSPENDING")) throw new Error(`the version ${versionId} is not AWSPENDING`);

  switch (step) {
    case "createSecret":
      await createSecret(secretId, versionId);
      break;
    case "setSecret":
      break;
    case "testSecret":
      await testSecret(secretId, versionId);
      break;
    case "finishSecret":
      await finishSecret(secretId, versionId, metadata.VersionIdsToStages ?? {});
      break;
    default:
      throw new Error(`unknown rotation step "${step}"`);
  }
  logger.info("signing key rotation: step done", { step, versionId });
};

const secretText = async (secretId: string, version: { VersionId?: string; VersionStage: string }) => {
  const secret = await secretsManager.send(new GetSecretValueCommand({ SecretId: secretId, ...version }));
  if (!secret.SecretString) throw new Error(`the ${version.VersionStage} version has no SecretString`);
  return secret.SecretString;
};

async function createSecret(secretId: string, versionId: string) {
  const current = await secretText(secretId, { VersionStage: "AWSCURRENT" });
  try {
    await secretText(secretId, { VersionId: versionId, VersionStage: "AWSPENDING" });
    return; // made by an earlier attempt of this step
  } catch (error) {
    if ((error as Error).name !== "ResourceNotFoundException") throw error;
  }
  await secretsManager.send(
    new PutSecretValueCommand({
      SecretId: secretId,
      ClientRequestToken: versionId,
      SecretString: rotatedSigningKeys(current),
      VersionStages: ["AWSPENDING"],
    }),
  );
}

async function testSecret(secretId: string, versionId: string) {
  const before = parseSigningKeys(await secretText(secretId, { VersionStage: "AWSCURRENT" }));
  const after = parseSigningKeys(
    await secretText(secretId, { VersionId: versionId, VersionStage: "AWSPENDING" }),
  );
  if (after.current.kid === before.current.kid) throw new Error("the pending version has no new key");
  // Signed and verified as shared/accounts/sessions.ts does: HS256, the key chosen by the token's key id.
  for (const [what, signer] of [
    ["the current key", before.current],
    ["the new key", after.current],
  ] as const) {
    const probe = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256", kid: signer.kid })
      .setExpirationTime("1m")
      .sign(signer.key);
    const key = after.byKid.get(signer.kid);
    if (!key) throw new Error(`the pending version has no key with the id of ${what}`);
    await jwtVerify(probe, key, { algorithms: ["HS256"] }).catch((error: unknown) => {
      throw new Error(`the pending version does not verify a token signed with ${what}`, { cause: error });
    });
  }
}

async function finishSecret(secretId: string, versionId: string, versions: Record<string, string[]>) {
  const current = Object.entries(versions).find(([, stages]) => stages.includes("AWSCURRENT"))?.[0];
  await secretsManager.send(
    new UpdateSecretVersionStageCommand({
      SecretId: secretId,
      VersionStage: "AWSCURRENT",
      MoveToVersionId: versionId,
      ...(current ? { RemoveFromVersionId: current } : {}),
    }),
  );
  await secretsManager.send(
    new UpdateSecretVersionStageCommand({
      SecretId: secretId,
      VersionStage: "AWSPENDING",
      RemoveFromVersionId: versionId,
    }),
  );
}
