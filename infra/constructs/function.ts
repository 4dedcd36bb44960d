import { ArnFormat, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import { Architecture, Tracing } from "aws-cdk-lib/aws-lambda";
import {
  type BundlingOptions,
  NodejsFunction,
  type NodejsFunctionProps,
  OutputFormat,
} from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import { acknowledge, acknowledgeWildcardResource } from "#infra/nag";
import { appVersion, fromRoot, lambdaRuntime, nodeMajor, projectRoot } from "#infra/project";
import { brotliStandIn } from "#local/bundle";
import { defaultRetentionYears as defaultArchiveRetentionYears } from "#shared/archive/retention";
import type { Creditor } from "#shared/documents/creditor";
import {
  type DeployedResources,
  environmentOf,
  functionTimeoutSeconds,
  grantsOf,
  workflowNamesOf,
} from "#shared/function-access";
import type { FunctionAccess } from "#shared/route-types";

/** Sends email as the stack's sender, through its configuration set. */
export interface EmailSender {
  readonly fromAddress: string;
  readonly identityArn: string;
  readonly configurationSetName: string;
  /** `ses:SendEmail` on the sending identity and the configuration set, nothing else. */
  grantSend(grantee: iam.IGrantable): void;
}

/** What `bind` needs of a state machine: a `StateMachine`, or its ARN and name passed into a nested stack. */
export interface WorkflowTarget {
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
}

/**
 * The resources a function may be bound to, as its own stack sees them (in a nested stack: imported
 * through the stack's parameters, see `infra/parameters.ts`); `bind` refuses access to one that is absent.
 */
export interface BindTargets {
  readonly table?: ITableV2;
  readonly email?: EmailSender;
  /** State machines by workflow name (the name in `functions/workflows.ts`). */
  readonly workflows?: ReadonlyMap<string, WorkflowTarget>;
  readonly signingKey?: ISecret;
  readonly logos?: IBucket;
  /** The portal's URL: the links in mails point there. */
  readonly webAppUrl?: string;
  /** How long archived records are kept (R-D7), in whole years. */
  readonly archiveRetentionYears?: number;
  /** How long a terminated product's backups are kept (R-T5), in days. */
  readonly backupRetentionDays?: number;
  /** The provider and account invoice documents name (shared/documents/creditor.ts). */
  readonly creditor?: Creditor;
  /** The stage's namespace of the project's own metrics (`AccountWorkflows/<stage>`). */
  readonly metricsNamespace?: string;
}

export interface ProjectFunctionProps
  extends Omit<
    NodejsFunctionProps,
    "entry" | "runtime" | "architecture" | "role" | "logGroup" | "projectRoot"
  > {
  /** Handler module path from the project root (as in the route and workflow declarations). */
  readonly entry: string;
}

/** The defaults every function of the project gets; caller settings are merged into them. */
const defaultBundling: BundlingOptions = {
  minify: true,
  sourceMap: true,
  // Stack traces map to TypeScript lines with the map alone; the sources would only add weight.
  sourcesContent: false,
  format: OutputFormat.ESM,
  mainFields: ["module", "main"],
  target: `node${nodeMajor}`,
  // CommonJS dependencies bundled into an ES module still call `require` for Node built-ins.
  banner:
    "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);",
  // Bundle the AWS SDK v3 too: the pinned client versions, and a faster cold start than the runtime's copy.
  externalModules: [],
  // fontkit's WOFF2 decompressor, never used (documents embed a TrueType font): see the stand-in.
  esbuildArgs: { "--alias:brotli": `./${brotliStandIn}` },
  // esbuild from node_modules: synth never needs Docker.
  forceDockerBundling: false,
};

/**
 * The project's Lambda function: arm64, the pinned Node runtime, esbuild bundling (ESM, minified,
 * source maps), its own log group kept one month, X-Ray tracing, and a role that can write only to
 * that log group until `bind` grants what the function's declared access needs.
 */
export class ProjectFunction extends NodejsFunction {
  /** Handler module path from the project root. */
  readonly entryPath: string;
  /** The role made for this function (narrower type than `Function.role`). */
  declare readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ProjectFunctionProps) {
    const { entry, bundling, environment, ...rest } = props;
    // Siblings, not children: a function's role and log group must exist before the function does.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `Runs ${entry}`,
    });
    // Kept when the function goes, deleted when its first deploy rolls back (nothing to keep yet).
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    super(scope, id, {
      description: entry,
      memorySize: 512,
      timeout: Duration.seconds(functionTimeoutSeconds.route),
      tracing: Tracing.ACTIVE,
      ...rest,
      entry: fromRoot(entry),
      projectRoot,
      depsLockFilePath: fromRoot("package-lock.json"),
      runtime: lambdaRuntime,
      architecture: Architecture.ARM_64,
      role,
      logGroup,
      bundling: { ...defaultBundling, ...bundling },
      environment: {
        NODE_OPTIONS: "--enable-source-maps",
        APP_VERSION: appVersion,
        ...environment,
      },
    });
    this.entryPath = entry;
    logGroup.grantWrite(role);
    acknowledge(
      role,
      "AwsSolutions-IAM5[Resource::*]",
      "X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions. " +
        "The infra tests check that every `Resource: *` statement holds only X-Ray actions.",
    );
  }

  /**
   * Sets the environment and the least-privilege grants of a declared access, in one call, both
   * computed by `shared/function-access.ts` (which the local runtime enforces too):
   * - `table`: `TABLE_NAME`; the read (or read and write) actions on the table and its indexes.
   * - always: the stage's metrics namespace.
   * - `email`: `WEB_APP_URL` (the portal, for the mails' links), `EMAIL_FROM`, `EMAIL_CONFIGURATION_SET`; `ses:SendEmail` on the
   *   identity and the configuration set.
   * - `workflows`: `WORKFLOW_ARNS` (JSON, name to ARN); start those machines, describe their executions.
   * - `signingKey`: `SIGNING_KEY_SECRET_ARN`; `secretsmanager:GetSecretValue` on that one secret.
   * - `signingKeyRotation`: no environment (the rotation event names the secret); the four
   *   rotation actions on that one secret.
   * - `logos`: `LOGO_BUCKET`; get (and, for `readWrite`, put and delete) its objects, list the bucket.
   */
  bind(access: FunctionAccess, targets: BindTargets): this {
    // Every function may count something (shared/metrics.ts): in its stage's namespace.
    if (targets.metricsNamespace)
      this.addEnvironment("POWERTOOLS_METRICS_NAMESPACE", targets.metricsNamespace);
    const missing = (what: string) =>
      new Error(`${this.entryPath} declares access to ${what}, which this stack does not provide`);
    const table = () => targets.table ?? throwError(missing("the table"));
    const email = () => targets.email ?? throwError(missing("email"));
    const logos = () => targets.logos ?? throwError(missing("the logo bucket"));
    const secret = () => targets.signingKey ?? throwError(missing("the signing key"));
    const machine = (name: string) =>
      targets.workflows?.get(name) ?? throwError(missing(`the workflow "${name}"`));
    const stack = Stack.of(this);

    for (const grant of grantsOf(access)) {
      const { target, actions } = grant;
      const statement = (resources: string[]) =>
        this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...actions], resources }));
      switch (target.kind) {
        case "table": {
          const indexes = `${table().tableArn}/index/*`;
          statement([table().tableArn, indexes]);
          acknowledgeWildcardResource(
            this.role,
            indexes,
            "The table's own global secondary indexes (shared/table.ts); an index is queried only through its table.",
          );
          break;
        }
        case "email":
          email().grantSend(this);
          break;
        case "stateMachine":
          statement([machine(target.workflow).stateMachineArn]);
          break;
        case "executions": {
          const executions = stack.formatArn({
            service: "states",
            resource: "execution",
            resourceName: `${machine(target.workflow).stateMachineName}:*`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          });
          statement([executions]);
          acknowledgeWildcardResource(
            this.role,
            executions,
            `Executions of the "${target.workflow}" state machine only; execution names are made per request.`,
          );
          break;
        }
        case "signingKey":
          statement([secret().secretArn]);
          break;
        case "logoObjects": {
          const objects = logos().arnForObjects("*");
          statement([objects]);
          acknowledgeWildcardResource(
            this.role,
            objects,
            "Objects of the logo bucket only; object keys are per organization and made at upload.",
          );
          break;
        }
        case "logoBucket":
          statement([logos().bucketArn]);
          break;
      }
    }

    const resources: DeployedResources = {
      get tableName() {
        return table().tableName;
      },
      get emailFrom() {
        return email().fromAddress;
      },
      get emailConfigurationSet() {
        return email().configurationSetName;
      },
      get webAppUrl() {
        return targets.webAppUrl ?? throwError(missing("the portal's URL"));
      },
      archiveRetentionYears: targets.archiveRetentionYears ?? defaultArchiveRetentionYears,
      get backupRetentionDays() {
        return targets.backupRetentionDays ?? throwError(missing("the backup retention"));
      },
      ...(targets.creditor ? { creditor: targets.creditor } : {}),
      get workflowArns() {
        return Object.fromEntries(
          workflowNamesOf(access).map((name) => [name, machine(name).stateMachineArn]),
        );
      },
      get signingKey() {
        return { secretArn: secret().secretArn };
      },
      get logoBucket() {
        return logos().bucketName;
      },
    };
    for (const [name, value] of Object.entries(
      environmentOf(access, resources, (json) => stack.toJsonString(json)),
    )) {
      this.addEnvironment(name, value);
    }
    return this;
  }
}

function throwError(error: Error): never {
  throw error;
}
