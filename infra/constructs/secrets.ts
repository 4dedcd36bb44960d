import { Duration, Stack } from "aws-cdk-lib";
import { ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { CfnRotationSchedule, Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct, type IConstruct } from "constructs";
import { signingKeyRotation } from "#functions/keys/job";
import { ProjectFunction } from "#infra/constructs/function";
import { functionTimeoutSeconds } from "#shared/function-access";
import type { FunctionAccess } from "#shared/route-types";

/** Days between two rotations of the signing key. */
export const signingKeyRotationDays = 90;

export interface SigningKeyProps {
  /** The rotation function's declaration. @default `signingKeyRotation`, `functions/keys/job.ts` */
  readonly rotation?: { readonly handler: string; readonly access: FunctionAccess };
}

/**
 * The keys that sign and check session tokens (shared/signing-key.ts), a Secrets Manager secret
 * rotated every 90 days by the project's own function (functions/keys/rotate-signing-key.ts),
 * which keeps the current key as the previous one: a rotation ends no session. The stack creates
 * it only when some function declares `signingKey` access (the user authorizer does): a secret
 * nobody reads would cost money and invite confusion.
 *
 * The generated first value is a plain string, read as a single key with the id `legacy`: the
 * secret's properties are those it had before key ids, because CloudFormation generates a new
 * value (ending every session) when `GenerateSecretString` changes. The rotation schedule rotates
 * at once when it is created (`RotateImmediatelyOnUpdate`), which turns the value into the JSON
 * document of two keys, the generated one kept as previous.
 *
 * The schedule is the CloudFormation resource rather than `secret.addRotationSchedule`, which
 * would also grant the function `secretsmanager:GetRandomPassword` on `*` (the keys come from
 * node:crypto); the function's grants are its declared access, nothing more.
 */
export class SigningKey extends Construct {
  readonly secret: Secret;
  readonly rotationFunction: ProjectFunction;
  readonly rotationSchedule: CfnRotationSchedule;

  constructor(scope: Construct, id: string, props: SigningKeyProps = {}) {
    super(scope, id);
    this.secret = new Secret(this, "Secret", {
      description: "Signs and verifies session tokens (HMAC key)",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });

    const rotation = props.rotation ?? signingKeyRotation;
    const fn = new ProjectFunction(this, "Rotation", {
      entry: rotation.handler,
      description: `Rotates the session signing key (${rotation.handler})`,
      timeout: Duration.seconds(functionTimeoutSeconds.job),
    }).bind(rotation.access, { signingKey: this.secret });
    this.rotationFunction = fn;
    const invokePermission = "InvokedBySecretsManager";
    fn.addPermission(invokePermission, {
      principal: new ServicePrincipal("secretsmanager.amazonaws.com"),
      // This secret only (the function rotates nothing else), from this account.
      sourceArn: this.secret.secretArn,
      sourceAccount: Stack.of(this).account,
    });

    this.rotationSchedule = new CfnRotationSchedule(this, "RotationSchedule", {
      secretId: this.secret.secretArn,
      rotationLambdaArn: fn.functionArn,
      rotationRules: { scheduleExpression: `rate(${signingKeyRotationDays} days)` },
      rotateImmediatelyOnUpdate: true,
    });
    // Secrets Manager invokes the function as soon as the schedule exists: its permission and
    // its role's grants must be there first.
    this.rotationSchedule.node.addDependency(fn.node.findChild(invokePermission) as IConstruct, fn.role);
  }
}
