/**
 * The Secrets Manager client, loaded by `signingKey` with `await import(...)` on its one fetch per
 * process (never locally, where the key comes from the environment). One client per process.
 */
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

export { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";

export const secretsManager = new SecretsManagerClient({});
