import { CfnParameter, type NestedStack } from "aws-cdk-lib";
import { TableV2 } from "aws-cdk-lib/aws-dynamodb";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { emailSender } from "#infra/constructs/email";
import type { BindTargets, WorkflowTarget } from "#infra/constructs/function";
import { constructId } from "#infra/names";
import { workflowNamesOf } from "#shared/function-access";
import type { FunctionAccess } from "#shared/route-types";
import { tableDefinition } from "#shared/table";

/**
 * A value of the parent stack inside a nested stack: a parameter of the nested stack (logical id
 * `name`), which the parent sets on the nested stack resource. A value from a sibling nested stack
 * (a state machine ARN) reaches the parent as that sibling's output first; CDK wires that.
 * Parameters and outputs, never exports: an export cannot change while another stack imports it.
 */
export function parentValue(stack: NestedStack, name: string, value: string): string {
  const existing = stack.node.tryFindChild(name);
  if (existing instanceof CfnParameter) return existing.valueAsString;
  const parameter = new CfnParameter(stack, name, { type: "String" });
  stack.setParameter(name, value);
  return parameter.valueAsString;
}

/**
 * The parent's bind targets as a nested stack sees them, limited to what the declared accesses of
 * its functions use: a stack takes a parameter (and depends on its producer) only for what it needs.
 * Parameter names are fixed (`TableName`, `<Workflow>StateMachineArn`...), so the tokens are plain
 * `Ref`s at construction time and cdk-nag acknowledgements name them (`<TableName>/index/*`).
 * What the parent lacks stays absent, and `bind` refuses it with the handler path.
 */
export function parentTargets(
  stack: NestedStack,
  parent: BindTargets,
  accesses: readonly FunctionAccess[],
): BindTargets {
  const value = (name: string, of: string) => parentValue(stack, name, of);
  const workflowNames = new Set(accesses.flatMap(workflowNamesOf));
  const {
    table,
    email,
    signingKey,
    logos,
    workflows,
    webAppUrl,
    archiveRetentionYears,
    backupRetentionDays,
    creditor,
  } = parent;
  return {
    ...(webAppUrl ? { webAppUrl } : {}),
    ...(archiveRetentionYears ? { archiveRetentionYears } : {}),
    ...(backupRetentionDays !== undefined ? { backupRetentionDays } : {}),
    ...(creditor ? { creditor } : {}),
    ...(parent.metricsNamespace ? { metricsNamespace: parent.metricsNamespace } : {}),
    table:
      table && accesses.some((access) => access.table)
        ? TableV2.fromTableAttributes(stack, "Table", {
            tableName: value("TableName", table.tableName),
            // The grants then cover `<table ARN>/index/*`, as they do on the table itself.
            globalIndexes: tableDefinition.globalSecondaryIndexes.map((index) => index.indexName),
          })
        : undefined,
    email:
      email && accesses.some((access) => access.email)
        ? emailSender(stack, {
            fromAddress: email.fromAddress,
            identityArn: value("EmailIdentityArn", email.identityArn),
            configurationSetName: value("EmailConfigurationSetName", email.configurationSetName),
          })
        : undefined,
    signingKey:
      signingKey && accesses.some((access) => access.signingKey)
        ? Secret.fromSecretCompleteArn(
            stack,
            "SigningKey",
            value("SigningKeySecretArn", signingKey.secretArn),
          )
        : undefined,
    logos:
      logos && accesses.some((access) => access.logos)
        ? Bucket.fromBucketAttributes(stack, "LogoBucket", {
            bucketArn: value("LogoBucketArn", logos.bucketArn),
            bucketName: value("LogoBucketName", logos.bucketName),
          })
        : undefined,
    workflows: new Map(
      [...workflowNames].flatMap((name): [string, WorkflowTarget][] => {
        const machine = workflows?.get(name);
        if (!machine) return [];
        const id = constructId(name);
        return [
          [
            name,
            {
              stateMachineArn: value(`${id}StateMachineArn`, machine.stateMachineArn),
              stateMachineName: value(`${id}StateMachineName`, machine.stateMachineName),
            },
          ],
        ];
      }),
    ),
  };
}
