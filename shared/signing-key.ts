let key: Promise<Uint8Array> | undefined;

/**
 * The HMAC key that signs session tokens: from Secrets Manager in AWS (SIGNING_KEY_SECRET_ARN),
 * from SIGNING_KEY locally (the local runtime keeps a generated one in its data folder).
 * Fetched once per cold start.
 */
export function signingKey(): Promise<Uint8Array> {
  key ??= (async () => {
    const local = process.env.SIGNING_KEY;
    if (local) return new TextEncoder().encode(local);
    const secretArn = process.env.SIGNING_KEY_SECRET_ARN;
    if (!secretArn) throw new Error("SIGNING_KEY_SECRET_ARN is not set");
    const { secretsManager, GetSecretValueCommand } = await import("#shared/aws/secrets-manager");
    const secret = await secretsManager.send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (!secret.SecretString) throw new Error("the signing key secret is empty");
    return new TextEncoder().encode(secret.SecretString);
  })();
  return key;
}
