import { App, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { deployConfig } from "#infra/config";
import { BackendStack } from "#infra/stack";
import packageJson from "../package.json" with { type: "json" };

const app = new App();
// The configuration is checked here first: the stage names the stack (stages live side by side).
const config = deployConfig((key) => app.node.tryGetContext(key));
if (config.placeholders.length) {
  console.warn(
    `Synthesizing stage "${config.stage}" with documentation placeholders for ${config.placeholders.join(", ")} ` +
      "(fine to look at; set them with -c key=value to deploy, see the README).",
  );
}
new BackendStack(app, `HostingAccountWorkflows-${config.stage}`, {
  description: `${packageJson.description} (${config.stage})`,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: config.region },
});
// Dashboards take no tags in CloudFormation (cfn-lint E3002), though CDK would add them.
const untaggable = { excludeResourceTypes: ["AWS::CloudWatch::Dashboard"] };
Tags.of(app).add("project", packageJson.name, untaggable);
Tags.of(app).add("stage", config.stage, untaggable);
// cdk-nag's AwsSolutions pack runs at every synth; a finding without a written reason fails it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
