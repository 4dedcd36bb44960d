import { Bucket } from "aws-cdk-lib/aws-s3";
import { AwsSolutionsChecks } from "cdk-nag";
import { describe, expect, it } from "vitest";
import type { BackendStack } from "#infra/stack";
import { cachedTemplate, fixtureStack, projectStack } from "./fixtures/stack";

/**
 * cdk-nag 3 is a CDK validation plugin (`Validations.of(app).addPlugins(...)`, as `infra/app.ts`
 * does); `validateScope` runs the same AwsSolutions rules on a tree directly. Every finding, error
 * or warning, must be fixed or acknowledged in code with its reason (`Validations.of(x).acknowledge`).
 */
const findings = (stack: BackendStack) => {
  cachedTemplate(stack); // synthesize first: rules read the finished resources
  const report = new AwsSolutionsChecks().validateScope(stack);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map(
      (resource) => `${violation.severity} ${violation.ruleName} at ${resource.constructPath}`,
    ),
  );
};

describe("cdk-nag AwsSolutions", () => {
  it("reports nothing unexplained on the fixture stack (every kind of route, workflow, schedule)", () => {
    expect(findings(fixtureStack())).toEqual([]);
  });

  it("reports nothing unexplained on the project's own stack (functions/routes.ts, functions/workflows.ts)", () => {
    expect(findings(projectStack())).toEqual([]);
  });

  it("still catches a finding (the check can fail)", () => {
    const stack = fixtureStack({ routes: [], workflows: [], purge: null });
    new Bucket(stack, "Unexplained");
    expect(findings(stack)).toEqual([
      "error AwsSolutions-S1 at Fixture/Unexplained/Resource",
      "error AwsSolutions-S10 at Fixture/Unexplained/Resource",
    ]);
  });

  it("checks the nested stacks too", () => {
    const stack = fixtureStack();
    const nested = stack.stacks.filter((each) => each !== stack);
    expect(nested.map((each) => each.node.id)).toEqual([
      "Workflows",
      "RoutesOpen",
      "RoutesRecords",
      "RoutesOperator",
      "Jobs",
      "LogoCheck",
      "Streams",
    ]);
    for (const each of nested) new Bucket(each, "Unexplained");
    expect(
      findings(stack)
        .filter((finding) => finding.includes("AwsSolutions-S1 "))
        .sort(),
    ).toEqual(nested.map((each) => `error AwsSolutions-S1 at ${each.node.path}/Unexplained/Resource`).sort());
  });
});
