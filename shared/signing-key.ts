import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

let key: Promise<Uint8Array> | undefined;

/**
 * The HMAC key that signs session tokens: from Secrets Manager in AWS (SIGNING_KEY_SECRET_ARN),
 * from SIGNING_KEY locally (the local runtime keeps a generated one in its data folder).
 * Fetched once per cold start. The Secrets Manager client is imported statically, unlike the
 * rarely used clients of shared/aws/: in AWS every function that signs or verifies a token needs
 * the key at every cold start, so loading it lazily would only move its cost into the first
 * request (and keep more of the SDK in the bundle); functions that never call this leave it out.
 */
export function signingKey(): Promise<Uint8Array> {
  key ??= (async () => {
    const local = process.env.SIGNING_KEY;
    if (local) return new TextEncoder().encode(local);
    const secretArn = process.env.SIGNING_KEY_SECRET_ARN;
    if (!secretArn) throw new Error("SIGNING_KEY_SECRET_ARN is not set");
    const secret = await new SecretsManagerClient({}).send(
      new GetSecretValueCommand({ SecretId: secretArn }),
    );
    if (!secret.SecretString) throw new Error("the signing key secret is empty");
    return new TextEncoder().encode(secret.SecretString);
  })();
  return key;
}
