/**
 * Before `cdk deploy` into an account: `npm run preflight -- -c stage=prod [-c key=value...]`
 * reads the target account with read-only calls (AWS credentials from the usual chain) and says,
 * per item, ready or what to do first (infra/preflight.ts). The same context keys as `cdk deploy`,
 * from cdk.json, cdk.context.json and `-c`. Exits 1 while an item is not ready.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { SNSClient } from "@aws-sdk/client-sns";
import { SSMClient } from "@aws-sdk/client-ssm";
import { deployConfig } from "#infra/config";
import { preflight } from "#infra/preflight";

const root = join(import.meta.dirname, "..");
const fileContext = (file: string) =>
  existsSync(join(root, file))
    ? ((JSON.parse(readFileSync(join(root, file), "utf8")) as { context?: Record<string, unknown> })
        .context ?? (file === "cdk.context.json" ? JSON.parse(readFileSync(join(root, file), "utf8")) : {}))
    : {};
const context: Record<string, unknown> = { ...fileContext("cdk.json"), ...fileContext("cdk.context.json") };
const args = process.argv.slice(2);
for (let index = 0; index < args.length; index++) {
  const arg = args[index] ?? "";
  const pair =
    arg === "-c" || arg === "--context"
      ? args[++index]
      : arg.startsWith("--context=")
        ? arg.slice(10)
        : undefined;
  if (!pair?.includes("=")) {
    console.error(`preflight: unexpected argument "${arg}" (give the deploy's context as -c key=value)`);
    process.exit(2);
  }
  const at = pair.indexOf("=");
  context[pair.slice(0, at)] = pair.slice(at + 1);
}

let config: ReturnType<typeof deployConfig>;
try {
  config = deployConfig((key) => context[key]);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const region = config.region;
const items = await preflight(config, {
  lambda: new LambdaClient({ region }),
  ses: new SESv2Client({ region }),
  ssm: new SSMClient({ region }),
  cloudFormation: new CloudFormationClient({ region }),
  sns: new SNSClient({ region }),
});
console.log(`Preflight of stage "${config.stage}" in ${region}:`);
for (const { item, ready, detail } of items)
  console.log(`  ${ready ? "ready  " : "TO DO  "} ${item}: ${detail}`);
const open = items.filter((item) => !item.ready).length;
console.log(open ? `\n${open} item(s) to do before cdk deploy.` : "\nReady to deploy.");
process.exit(open ? 1 : 0);
