import { Validations } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { describe, expect, it } from "vitest";
import { signingKeyRotation } from "#functions/keys/job";
import {
  actionsOf,
  fixtureStack,
  logicalId,
  resourcesAcross,
  resourcesOf,
  statementsOfRole,
  templatesOf,
} from "./fixtures/stack";

/**
 * The signing-key secret's rotation (infra/constructs/secrets.ts): a schedule every 90 days on the
 * project's own rotation function, which may do what the rotation protocol needs on that one
 * secret and nothing else.
 */
const stack = fixtureStack();
const signingKey = stack.signingKey;
if (!signingKey) throw new Error("the fixture stack has no signing key");
const template = Template.fromStack(stack);
const templates = templatesOf(stack);
const secretRef = { Ref: logicalId(signingKey.secret) };
const rotationFunction = signingKey.rotationFunction;
const rotationStatements = statementsOfRole(template, logicalId(rotationFunction.role));

describe("the signing-key rotation", () => {
  it("rotates the secret every 90 days with the project's rotation function, at once when the schedule is made", () => {
    template.resourceCountIs("AWS::SecretsManager::RotationSchedule", 1);
    template.hasResourceProperties("AWS::SecretsManager::RotationSchedule", {
      SecretId: secretRef,
      RotationLambdaARN: { "Fn::GetAtt": [logicalId(rotationFunction), "Arn"] },
      RotationRules: { ScheduleExpression: "rate(90 days)" },
      RotateImmediatelyOnUpdate: true,
    });
    template.hasResourceProperties("AWS::Lambda::Function", {
      Description: `Rotates the session signing key (${signingKeyRotation.handler})`,
    });
    expect(rotationFunction.entryPath).toBe("functions/keys/rotate-signing-key.ts");
  });

  it("keeps the secret's generated first value as before key ids (changing it would regenerate the key)", () => {
    template.hasResourceProperties("AWS::SecretsManager::Secret", {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    });
  });

  it("lets Secrets Manager invoke the function for this secret only, before the schedule exists", () => {
    const permissions = template.findResources("AWS::Lambda::Permission", {
      Properties: { Principal: "secretsmanager.amazonaws.com" },
    });
    expect(Object.values(permissions)).toEqual([
      expect.objectContaining({
        Properties: {
          Action: "lambda:InvokeFunction",
          FunctionName: { "Fn::GetAtt": [logicalId(rotationFunction), "Arn"] },
          Principal: "secretsmanager.amazonaws.com",
          SourceArn: secretRef,
          SourceAccount: { Ref: "AWS::AccountId" },
        },
      }),
    ]);
    const schedule = Object.values(template.findResources("AWS::SecretsManager::RotationSchedule"))[0];
    expect(schedule?.DependsOn).toEqual(expect.arrayContaining(Object.keys(permissions)));
    // The role's grants too: the first rotation starts as soon as the schedule is made.
    const policies = Object.keys(
      template.findResources("AWS::IAM::Policy", {
        Properties: { Roles: [{ Ref: logicalId(rotationFunction.role) }] },
      }),
    );
    expect(policies).toHaveLength(1);
    expect(schedule?.DependsOn).toEqual(expect.arrayContaining(policies));
  });

  it("grants the rotation function the four rotation actions on that secret, and nothing else but its logs and traces", () => {
    const rotationActions = [
      "secretsmanager:DescribeSecret",
      "secretsmanager:GetSecretValue",
      "secretsmanager:PutSecretValue",
      "secretsmanager:UpdateSecretVersionStage",
    ];
    for (const action of rotationActions)
      expect(resourcesOf(rotationStatements, action)).toEqual([secretRef]);
    const others = [...actionsOf(rotationStatements)].filter((action) => !rotationActions.includes(action));
    expect(others.filter((action) => !/^(logs|xray):/.test(action))).toEqual([]);
    // No GetRandomPassword (what `addRotationSchedule` would add, on `*`): the keys come from node:crypto.
    expect(actionsOf(rotationStatements).has("secretsmanager:GetRandomPassword")).toBe(false);
    const variables = Object.values(template.findResources("AWS::Lambda::Function")).find(
      (fn) => fn.Properties.Description === `Rotates the session signing key (${signingKeyRotation.handler})`,
    )?.Properties.Environment.Variables;
    // The rotation event names the secret: no variable for it (and no key in the environment).
    expect(Object.keys(variables ?? {})).toContain("NODE_OPTIONS");
    expect(Object.keys(variables ?? {}).filter((name) => /SIGNING|SECRET/.test(name))).toEqual([]);
  });

  it("leaves writing the secret to the rotation function alone", () => {
    const writers = resourcesAcross(templates, "AWS::IAM::Policy").filter(({ resource }) =>
      /secretsmanager:(PutSecretValue|UpdateSecretVersionStage)/.test(JSON.stringify(resource)),
    );
    expect(writers.map(({ id }) => id)).toEqual(
      Object.keys(
        template.findResources("AWS::IAM::Policy", {
          Properties: { Roles: [{ Ref: logicalId(rotationFunction.role) }] },
        }),
      ),
    );
  });

  it("has the error alarm every function has", () => {
    const alarms = Object.values(template.findResources("AWS::CloudWatch::Alarm")).filter((alarm) => {
      const json = JSON.stringify(alarm);
      return (
        json.includes(`"Ref":"${logicalId(rotationFunction)}"`) && json.includes('"MetricName":"Errors"')
      );
    });
    expect(alarms).toHaveLength(1);
  });

  it("satisfies cdk-nag's rule on secret rotation (AwsSolutions-SMG4) without an acknowledgement", () => {
    template.resourceCountIs("AWS::SecretsManager::Secret", 1);
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((violation) => violation.ruleName)).not.toContain("AwsSolutions-SMG4");
    const acknowledgements = stack.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    expect(acknowledgements.length).toBeGreaterThan(0);
    expect(JSON.stringify(acknowledgements)).not.toContain("SMG4");
  });
});
