import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import type { ProjectFunction } from "#infra/constructs/function";
import { lambdaRuntime, nodeMajor } from "#infra/project";
import type { BackendStack } from "#infra/stack";
import { tableDefinition } from "#shared/table";
import packageJson from "../../package.json" with { type: "json" };
import {
  actionsOf,
  fixtureAuthorizer,
  fixtureRoutes,
  fixtureStack,
  fixtureWorkflows,
  logicalId,
  resourcesOf,
  statementsOfRole,
  testApp,
} from "./fixtures/stack";

let stack: BackendStack;
let template: Template;

beforeAll(() => {
  stack = fixtureStack();
  template = Template.fromStack(stack);
});

const routeFunction = (key: string) => {
  const fn = stack.api.routeFunctions.get(key);
  if (!fn) throw new Error(`no function for ${key}`);
  return fn;
};
const roleStatements = (fn: ProjectFunction) => statementsOfRole(template, logicalId(stack, fn.role));

describe("runtime", () => {
  it("takes the Lambda runtime from the Node pin in package.json", () => {
    expect(packageJson.devDependencies.node.startsWith(`${nodeMajor}.`)).toBe(true);
    expect(lambdaRuntime.name).toBe(`nodejs${nodeMajor}.x`);
  });

  it("skips esbuild in these tests: no function bundle is staged", () => {
    const { outdir } = stack.node.root as App;
    const staged = readdirSync(outdir).filter((name) => name.startsWith("asset."));
    // Only the ASL files are copied; a bundled function would be an asset folder with index.mjs.
    expect(staged.length).toBeGreaterThan(0);
    expect(staged.filter((name) => statSync(join(outdir, name)).isDirectory())).toEqual([]);
  });
});

describe("data", () => {
  it("builds the table's keys, indexes and TTL from shared/table.ts", () => {
    const indexes = tableDefinition.globalSecondaryIndexes;
    const attributeNames = [
      tableDefinition.partitionKey,
      tableDefinition.sortKey,
      ...indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ];
    template.resourceCountIs("AWS::DynamoDB::GlobalTable", 1);
    template.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey, KeyType: "HASH" },
        { AttributeName: tableDefinition.sortKey, KeyType: "RANGE" },
      ],
      AttributeDefinitions: Match.arrayWith(
        attributeNames.map((name) => ({ AttributeName: name, AttributeType: "S" })),
      ),
      GlobalSecondaryIndexes: indexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: "HASH" },
          { AttributeName: index.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
    });
  });

  it("is on demand, with point-in-time recovery, deletion protection, AWS-managed encryption, retained", () => {
    template.hasResource("AWS::DynamoDB::GlobalTable", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: Match.objectLike({
        BillingMode: "PAY_PER_REQUEST",
        SSESpecification: { SSEEnabled: true, SSEType: "KMS" },
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
    // AWS-managed key: no customer key to name.
    const [table] = Object.values(template.findResources("AWS::DynamoDB::GlobalTable"));
    expect(table?.Properties.SSESpecification.KMSMasterKeyId).toBeUndefined();
  });

  it("keeps logos in a private, encrypted, TLS-only, versioned, retained, logged bucket", () => {
    const bucketId = logicalId(stack, stack.logos.bucket);
    template.hasResource("AWS::S3::Bucket", {
      DeletionPolicy: "Retain",
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
        },
        VersioningConfiguration: { Status: "Enabled" },
        LoggingConfiguration: Match.objectLike({
          DestinationBucketName: { Ref: logicalId(stack, stack.logos.accessLogs) },
        }),
      }),
    });
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Action: "s3:*",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ]),
      },
    });
  });

  it("creates the signing key secret because a function needs it", () => {
    template.resourceCountIs("AWS::SecretsManager::Secret", 1);
  });
});

describe("functions", () => {
  it("makes one arm64 function on the pinned runtime per route, task, authorizer and job", () => {
    const taskCount = fixtureWorkflows.reduce((sum, workflow) => sum + Object.keys(workflow.tasks).length, 0);
    const expected = fixtureRoutes.length + taskCount + 1 /* authorizer */ + 1; /* purge */
    template.resourceCountIs("AWS::Lambda::Function", expected);
    template.allResourcesProperties("AWS::Lambda::Function", {
      Architectures: ["arm64"],
      Runtime: `nodejs${nodeMajor}.x`,
      Handler: "index.handler",
      MemorySize: 512,
      TracingConfig: { Mode: "Active" },
      Environment: { Variables: Match.objectLike({ NODE_OPTIONS: "--enable-source-maps" }) },
      LoggingConfig: { LogGroup: { Ref: Match.anyValue() } },
    });
  });

  it("gives each function its own log group kept one month", () => {
    const fn = routeFunction("GET /v1/public");
    template.hasResourceProperties("AWS::Lambda::Function", {
      Description: Match.stringLikeRegexp("GET /v1/public"),
      LoggingConfig: { LogGroup: { Ref: logicalId(stack, fn.logGroup) } },
    });
    template.hasResourceProperties("AWS::Logs::LogGroup", { RetentionInDays: 30 });
    const retentions = Object.values(template.findResources("AWS::Logs::LogGroup")).map(
      (group) => group.Properties.RetentionInDays,
    );
    expect(retentions.every((days) => days === 30)).toBe(true);
  });

  it("a function without declared access can only write its logs and traces", () => {
    const statements = roleStatements(routeFunction("GET /v1/public"));
    expect([...actionsOf(statements)].sort()).toEqual([
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "xray:PutTelemetryRecords",
      "xray:PutTraceSegments",
    ]);
  });

  it("a read route's role can read the table but not write it, send email or start workflows", () => {
    const fn = routeFunction("GET /v1/reader/{id}");
    const actions = actionsOf(roleStatements(fn));
    expect(actions).toContain("dynamodb:GetItem");
    expect(actions).toContain("dynamodb:Query");
    for (const forbidden of [
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem",
    ]) {
      expect(actions).not.toContain(forbidden);
    }
    expect(actions).not.toContain("ses:SendEmail");
    expect(actions).not.toContain("states:StartExecution");
    expect(actions).not.toContain("secretsmanager:GetSecretValue");
    template.hasResourceProperties("AWS::Lambda::Function", {
      Description: Match.stringLikeRegexp("GET /v1/reader"),
      Environment: {
        Variables: Match.objectLike({
          TABLE_NAME: { Ref: logicalId(stack, stack.data.table) },
          CORS_ORIGINS: "*",
        }),
      },
    });
  });

  it("binds email, workflows and logos with their environment and nothing wider", () => {
    const fn = routeFunction("POST /v1/writer");
    const statements = roleStatements(fn);
    const actions = actionsOf(statements);
    expect(actions).toContain("dynamodb:PutItem");

    const identityArn = stack.resolve(stack.email.identity.emailIdentityArn);
    const sesResources = resourcesOf(statements, "ses:SendEmail");
    expect(sesResources).toHaveLength(2);
    expect(sesResources).toContainEqual(identityArn);
    expect(JSON.stringify(sesResources)).toContain(":configuration-set/");

    const flow = stack.workflows.stateMachines.get("fixture-flow");
    const other = stack.workflows.stateMachines.get("other-flow");
    if (!flow || !other) throw new Error("fixture state machines missing");
    expect(resourcesOf(statements, "states:StartExecution")).toEqual([stack.resolve(flow.stateMachineArn)]);
    const describe = JSON.stringify(resourcesOf(statements, "states:DescribeExecution"));
    expect(describe).toContain(`:execution:`);
    expect(describe).toContain(logicalId(stack, flow));
    expect(JSON.stringify(statements)).not.toContain(logicalId(stack, other));

    expect(resourcesOf(statements, "s3:PutObject")).toEqual([
      stack.resolve(stack.logos.bucket.arnForObjects("*")),
    ]);
    expect(actions).not.toContain("secretsmanager:GetSecretValue");

    const [definition] = Object.values(
      template.findResources("AWS::Lambda::Function", {
        Properties: { Description: Match.stringLikeRegexp("POST /v1/writer") },
      }),
    );
    const variables = definition?.Properties.Environment.Variables;
    expect(Object.keys(variables).sort()).toEqual(
      [
        "APP_VERSION",
        "CONFIGURATION_SET",
        "CORS_ORIGINS",
        "EMAIL_FROM",
        "LOGO_BUCKET",
        "NODE_OPTIONS",
        "TABLE_NAME",
        "WORKFLOW_ARNS",
      ].sort(),
    );
    expect(variables.EMAIL_FROM).toBe("no-reply@example.com");
    expect(JSON.stringify(variables.WORKFLOW_ARNS)).toContain('{\\"fixture-flow\\":\\"');
    expect(JSON.stringify(variables.WORKFLOW_ARNS)).toContain(logicalId(stack, flow));
  });

  it("the authorizer alone reads the signing key, and only that secret", () => {
    const fn = stack.api.authorizerFunction;
    if (!fn) throw new Error("no authorizer function");
    const statements = roleStatements(fn);
    expect(resourcesOf(statements, "secretsmanager:GetSecretValue")).toEqual([
      { Ref: logicalId(stack, stack.signingKey?.secret ?? fn) },
    ]);
    const readers = Object.values(template.findResources("AWS::IAM::Policy")).filter((policy) =>
      JSON.stringify(policy).includes("secretsmanager:GetSecretValue"),
    );
    expect(readers).toHaveLength(1);
  });

  it("every Resource '*' statement holds only X-Ray or log-delivery actions (what the IAM5 acknowledgements say)", () => {
    const allowed =
      /^(xray:|logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)$)/;
    const policies = Object.values(template.findResources("AWS::IAM::Policy"));
    const starActions = policies
      .flatMap(
        (policy) =>
          policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
      )
      .filter((statement) => [statement.Resource].flat().includes("*"))
      .flatMap((statement) => [statement.Action].flat());
    expect(starActions.length).toBeGreaterThan(0);
    expect(starActions.filter((action) => !allowed.test(action))).toEqual([]);
  });
});

describe("api", () => {
  it("deploys each route as METHOD /path with its authorization type", () => {
    const types = { public: "NONE", user: "CUSTOM", operator: "AWS_IAM" } as const;
    template.resourceCountIs("AWS::ApiGatewayV2::Route", fixtureRoutes.length);
    for (const route of fixtureRoutes) {
      template.hasResourceProperties("AWS::ApiGatewayV2::Route", {
        RouteKey: `${route.method} ${route.path}`,
        AuthorizationType: types[route.auth],
        ...(route.auth === "user" ? { AuthorizerId: Match.anyValue() } : {}),
      });
    }
  });

  it("checks sessions with a Lambda authorizer: simple responses, Authorization header, cached TTL", () => {
    template.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 1);
    template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "REQUEST",
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: "2.0",
      IdentitySource: ["$request.header.Authorization"],
      AuthorizerResultTtlInSeconds: fixtureAuthorizer.resultsCacheTtlSeconds,
    });
  });

  it("makes no authorizer (and needs no handler for it) when no route is a user route", () => {
    const noUsers = fixtureStack({
      routes: fixtureRoutes.filter((route) => route.auth !== "user"),
      authorizer: { ...fixtureAuthorizer, handler: "test/infra/fixtures/does-not-exist.ts" },
      workflows: [],
      purge: undefined,
    });
    const tpl = Template.fromStack(noUsers);
    tpl.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 0);
    tpl.resourceCountIs("AWS::SecretsManager::Secret", 0);
    tpl.resourceCountIs("AWS::StepFunctions::StateMachine", 0);
    tpl.resourceCountIs("AWS::Scheduler::Schedule", 0);
    tpl.resourceCountIs("AWS::Lambda::Function", 2);
  });

  it("has CORS, stage throttling and JSON access logs kept one month", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Api", {
      ProtocolType: "HTTP",
      CorsConfiguration: Match.objectLike({
        AllowOrigins: ["*"],
        AllowMethods: Match.arrayWith(["GET", "POST", "DELETE"]),
        AllowHeaders: ["authorization", "content-type"],
      }),
    });
    const [stage] = Object.values(template.findResources("AWS::ApiGatewayV2::Stage"));
    expect(stage?.Properties).toMatchObject({
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: {
        DestinationArn: { "Fn::GetAtt": [logicalId(stack, stack.api.accessLogs), "Arn"] },
      },
    });
    const format = JSON.parse(stage?.Properties.AccessLogSettings.Format);
    expect(format).toMatchObject({ requestId: "$context.requestId", status: "$context.status" });
  });

  it("takes CORS origins from context, and gives them to the functions", () => {
    const tpl = Template.fromStack(fixtureStack({}, testApp({ allowedOrigins: "https://app.example.com" })));
    tpl.hasResourceProperties("AWS::ApiGatewayV2::Api", {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ["https://app.example.com"] }),
    });
    tpl.hasResourceProperties("AWS::Lambda::Function", {
      Environment: { Variables: Match.objectLike({ CORS_ORIGINS: "https://app.example.com" }) },
    });
  });
});

describe("workflows", () => {
  it("deploys each workflow from its ASL file with its task ARNs substituted, logs and tracing", () => {
    template.resourceCountIs("AWS::StepFunctions::StateMachine", fixtureWorkflows.length);
    for (const workflow of fixtureWorkflows) {
      const machine = stack.workflows.stateMachines.get(workflow.name);
      if (!machine) throw new Error(`no state machine ${workflow.name}`);
      const substitutions = Object.fromEntries(
        Object.keys(workflow.tasks).map((name) => [
          name,
          { "Fn::GetAtt": [Match.stringLikeRegexp(name), "Arn"] },
        ]),
      );
      template.hasResourceProperties("AWS::StepFunctions::StateMachine", {
        StateMachineName: `${stack.stackName}-${workflow.name}`,
        DefinitionS3Location: Match.objectLike({ Key: Match.anyValue() }),
        DefinitionSubstitutions: substitutions,
        LoggingConfiguration: {
          Level: "ALL",
          IncludeExecutionData: false,
          Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: Match.anyValue() } }],
        },
        TracingConfiguration: { Enabled: true },
      });
    }
  });

  it("lets each state machine invoke its own task functions and no other", () => {
    for (const workflow of fixtureWorkflows) {
      const machine = stack.workflows.stateMachines.get(workflow.name);
      if (!machine) throw new Error(`no state machine ${workflow.name}`);
      const [definition] = Object.values(
        template.findResources("AWS::StepFunctions::StateMachine", {
          Properties: { StateMachineName: `${stack.stackName}-${workflow.name}` },
        }),
      );
      const ownTaskArns = Object.values(definition?.Properties.DefinitionSubstitutions ?? {});
      const roleId = logicalId(stack, machine.role);
      const invoked = resourcesOf(statementsOfRole(template, roleId), "lambda:InvokeFunction");
      expect(invoked).toHaveLength(ownTaskArns.length);
      expect(invoked).toEqual(expect.arrayContaining(ownTaskArns));
    }
  });

  it("refuses an ASL file whose substitutions and tasks disagree", () => {
    const [first] = fixtureWorkflows;
    if (!first) throw new Error("no fixture workflow");
    const broken = {
      ...first,
      tasks: {
        ...first.tasks,
        UnusedTaskFunctionArn: { handler: "test/infra/fixtures/handler.ts", access: {} },
      },
    };
    expect(() => fixtureStack({ workflows: [broken] })).toThrow(/UnusedTaskFunctionArn/);
  });

  it("refuses access to a workflow that does not exist, naming it", () => {
    const routes = fixtureRoutes.map((route) =>
      route.path === "/v1/writer" ? { ...route, access: { workflows: ["no-such-flow"] } } : route,
    );
    expect(() => fixtureStack({ routes })).toThrow(/no-such-flow/);
  });
});

describe("schedules", () => {
  it("invokes the purge function on its schedule", () => {
    const purge = stack.schedules.purgeFunction;
    if (!purge) throw new Error("no purge function");
    template.resourceCountIs("AWS::Scheduler::Schedule", 1);
    template.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "rate(1 hour)",
      State: "ENABLED",
      Target: Match.objectLike({
        Arn: { "Fn::GetAtt": [logicalId(stack, purge), "Arn"] },
        RoleArn: Match.anyValue(),
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 3 }),
      }),
    });
    template.hasResourceProperties("AWS::Lambda::Function", {
      Description: Match.stringLikeRegexp("Purges backups"),
      Timeout: 300,
    });
  });

  it("runs the purge nightly in the provider's time zone by default", () => {
    const tpl = Template.fromStack(fixtureStack({ purge: { handler: "test/infra/fixtures/handler.ts" } }));
    tpl.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "cron(0 3 * * ? *)",
      ScheduleExpressionTimezone: "Europe/Zurich",
    });
  });
});

describe("alarms", () => {
  it("has one Errors alarm per function and one ExecutionsFailed alarm per state machine", () => {
    const functions = Object.keys(template.findResources("AWS::Lambda::Function"));
    const machines = Object.keys(template.findResources("AWS::StepFunctions::StateMachine"));
    const alarms = Object.values(template.findResources("AWS::CloudWatch::Alarm"));
    expect(alarms).toHaveLength(functions.length + machines.length);
    const watched = (metricName: string) =>
      alarms
        .filter((alarm) => alarm.Properties.MetricName === metricName)
        .map((alarm) => JSON.stringify(alarm.Properties.Dimensions));
    for (const id of functions) expect(watched("Errors").some((dims) => dims.includes(`"${id}"`))).toBe(true);
    for (const id of machines)
      expect(watched("ExecutionsFailed").some((dims) => dims.includes(`"${id}"`))).toBe(true);
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "Errors",
      Namespace: "AWS/Lambda",
      Statistic: "Sum",
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      TreatMissingData: "notBreaching",
    });
  });

  it("sends alarms to the topic given in context", () => {
    const topicArn = "arn:aws:sns:eu-central-2:123456789012:ops";
    const tpl = Template.fromStack(fixtureStack({ alarmTopicArn: topicArn }));
    tpl.allResourcesProperties("AWS::CloudWatch::Alarm", { AlarmActions: [topicArn] });
  });
});

it("names no physical resource except the state machines", () => {
  const nameProperties: Record<string, string> = {
    "AWS::DynamoDB::GlobalTable": "TableName",
    "AWS::S3::Bucket": "BucketName",
    "AWS::Lambda::Function": "FunctionName",
    "AWS::IAM::Role": "RoleName",
    "AWS::Logs::LogGroup": "LogGroupName",
    "AWS::CloudWatch::Alarm": "AlarmName",
    "AWS::SecretsManager::Secret": "Name",
    "AWS::SES::ConfigurationSet": "Name",
  };
  const resources = Object.entries(
    template.toJSON().Resources as Record<string, { Type: string; Properties?: object }>,
  );
  const named = resources
    .filter(([, resource]) => {
      const property = nameProperties[resource.Type];
      return property !== undefined && property in (resource.Properties ?? {});
    })
    .map(([id]) => id);
  expect(named).toEqual([]);
});
