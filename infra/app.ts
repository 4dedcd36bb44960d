import { App, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { BackendStack } from "#infra/stack";
import packageJson from "../package.json" with { type: "json" };

const app = new App();
new BackendStack(app, "HostingAccountWorkflows", {
  description: packageJson.description,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Tags.of(app).add("project", packageJson.name);
// cdk-nag's AwsSolutions pack runs at every synth; a finding without a written reason fails it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
