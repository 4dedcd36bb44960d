import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { acknowledge } from "#infra/nag";

/**
 * The key that signs and checks session tokens, a generated Secrets Manager value. The stack
 * creates it only when some function declares `signingKey` access (the user authorizer does):
 * a secret nobody reads would cost money and invite confusion.
 */
export class SigningKey extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new Secret(this, "Secret", {
      description: "Signs and verifies session tokens (HMAC key)",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    acknowledge(
      this.secret,
      "AwsSolutions-SMG4",
      "Rotating the signing key ends every session at once; rotation needs a two-key overlap that " +
        "the token code does not have yet. Rotate by hand (new secret version) when needed.",
    );
  }
}
