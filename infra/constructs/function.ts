import { ArnFormat, Duration, Stack } from "aws-cdk-lib";
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
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  // Bundle the AWS SDK v3 too: the pinned client versions, and a faster cold start than the runtime's copy.
  externalModules: [],
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
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_MONTH });
    super(scope, id, {
      description: entry,
      memorySize: 512,
      timeout: Duration.seconds(10),
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
   * Sets the environment and the least-privilege grants for a declared access, in one call:
   * - `table`: `TABLE_NAME`; read or read-write data grants on the table and its indexes.
   * - `email`: `EMAIL_FROM`, `EMAIL_CONFIGURATION_SET` (the names `shared/email.ts` reads); `ses:SendEmail`
   *   on the identity and configuration set.
   * - `workflows`: `WORKFLOW_ARNS` (JSON, name to ARN); start and describe those machines only.
   * - `signingKey`: `SIGNING_KEY_SECRET_ARN`; `secretsmanager:GetSecretValue` on that one secret.
   * - `logos`: `LOGO_BUCKET`; get, put and delete objects and list that bucket.
   */
  bind(access: FunctionAccess, targets: BindTargets): this {
    const missing = (what: string) =>
      new Error(`${this.entryPath} declares access to ${what}, which this stack does not provide`);

    if (access.table) {
      const table = targets.table ?? throwError(missing("the table"));
      this.addEnvironment("TABLE_NAME", table.tableName);
      if (access.table === "readWrite") table.grantReadWriteData(this);
      else table.grantReadData(this);
      acknowledgeWildcardResource(
        this.role,
        `${table.tableArn}/index/*`,
        "The table's own global secondary indexes (shared/table.ts); an index is queried only through its table.",
      );
    }

    if (access.email) {
      const email = targets.email ?? throwError(missing("email"));
      this.addEnvironment("EMAIL_FROM", email.fromAddress);
      this.addEnvironment("EMAIL_CONFIGURATION_SET", email.configurationSetName);
      email.grantSend(this);
    }

    if (access.workflows && access.workflows.length > 0) {
      const arns: Record<string, string> = {};
      for (const name of access.workflows) {
        const machine = targets.workflows?.get(name) ?? throwError(missing(`the workflow "${name}"`));
        arns[name] = machine.stateMachineArn;
        const executions = Stack.of(this).formatArn({
          service: "states",
          resource: "execution",
          resourceName: `${machine.stateMachineName}:*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        });
        this.role.addToPrincipalPolicy(
          new iam.PolicyStatement({
            actions: ["states:StartExecution"],
            resources: [machine.stateMachineArn],
          }),
        );
        this.role.addToPrincipalPolicy(
          new iam.PolicyStatement({ actions: ["states:DescribeExecution"], resources: [executions] }),
        );
        acknowledgeWildcardResource(
          this.role,
          executions,
          `Executions of the "${name}" state machine only; execution names are made per request.`,
        );
      }
      this.addEnvironment("WORKFLOW_ARNS", Stack.of(this).toJsonString(arns));
    }

    if (access.signingKey) {
      const secret = targets.signingKey ?? throwError(missing("the signing key"));
      this.addEnvironment("SIGNING_KEY_SECRET_ARN", secret.secretArn);
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ["secretsmanager:GetSecretValue"],
          resources: [secret.secretArn],
        }),
      );
    }

    if (access.logos) {
      const bucket = targets.logos ?? throwError(missing("the logo bucket"));
      this.addEnvironment("LOGO_BUCKET", bucket.bucketName);
      const objects = bucket.arnForObjects("*");
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
          resources: [objects],
        }),
      );
      // Without ListBucket, a missing logo answers 403 instead of 404.
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ["s3:ListBucket"], resources: [bucket.bucketArn] }),
      );
      acknowledgeWildcardResource(
        this.role,
        objects,
        "Objects of the logo bucket only; object keys are per organization and made at upload.",
      );
    }
    return this;
  }
}

function throwError(error: Error): never {
  throw error;
}
