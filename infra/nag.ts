import { Stack, Validations } from "aws-cdk-lib";
import { flattenCfnReference } from "cdk-nag/lib/utils/flatten-cfn-reference.js";
import type { IConstruct } from "constructs";

/**
 * Acknowledges one cdk-nag finding with its reason, written next to the code that causes it.
 * cdk-nag 3 uses CDK's own `Validations.of(...).acknowledge` (the v2 `NagSuppressions` API is gone).
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * Acknowledges `AwsSolutions-IAM5` for one wildcard resource on a role or policy. The resource may hold
 * tokens (`${table.tableArn}/index/*`); it is flattened the way cdk-nag names the finding
 * (`Resource::<TableA1B2.Arn>/index/*`), so the acknowledgement covers that resource and nothing else.
 */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  const flat = flattenCfnReference(Stack.of(scope).resolve(resource));
  acknowledge(scope, `AwsSolutions-IAM5[Resource::${flat}]`, reason);
}
