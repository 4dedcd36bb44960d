import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { type App, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import type { ProjectFunction } from "#infra/constructs/function";
import { areaOf } from "#infra/nested-stacks";
import { lambdaRuntime, nodeMajor } from "#infra/project";
import type { BackendStack } from "#infra/stack";
import { testCreditor } from "#shared/documents/creditor";
import type { RouteDefinition } from "#shared/route-types";
import { tableDefinition } from "#shared/table";
import packageJson from "../../package.json" with { type: "json" };
import {
  actionsOf,
  fixtureAuthorizer,
  fixtureRoutes,
  fixtureStack,
  fixtureStackProps,
  fixtureWorkflows,
  isDeployTimeFunction,
  logicalId,
  parametersPassedTo,
  prodContext,
  projectFunctionsAcross,
  resourcesAcross,
  resourcesOf,
  statementsOfRole,
  templateOf,
  templatesOf,
  testApp,
} from "./fixtures/stack";

let stack: BackendStack;
/** The parent stack's template. */
let template: Template;
/** Parent and nested templates by stack path. */
let templates: Map<string, Template>;

beforeAll(() => {
  stack = fixtureStack();
  template = Template.fromStack(stack);
  templates = templatesOf(stack);
});

const routeFunction = (key: string) => {
  const fn = stack.routeFunction(key);
  if (!fn) throw new Error(`no function for ${key}`);
  return fn;
};
const routeStack = (area: string) => {
  const nested = stack.routeStacks.get(area);
  if (!nested) throw new Error(`no route stack for ${area}`);
  return nested;
};
const stateMachine = (name: string) => {
  const machine = stack.workflows?.stateMachines.get(name);
  if (!machine) throw new Error(`no state machine ${name}`);
  return machine;
};
const roleStatements = (fn: ProjectFunction) => statementsOfRole(templateOf(fn), logicalId(fn.role));
const countAcross = (type: string) => resourcesAcross(templates, type).length;
const functionDefinition = (fn: ProjectFunction) =>
  // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties, any shape
  templateOf(fn).toJSON().Resources[logicalId(fn)] as { Properties: Record<string, any> };

/**
 * What a nested stack parameter holds: the parent's value, or, for a parameter the parent takes from
 * a sibling nested stack's output (`Fn::GetAtt [Nested, Outputs.X]`), that output's value in the sibling.
 */
function valueBehind(nested: Stack, parameter: string): unknown {
  const passed = parametersPassedTo(nested)[parameter] as { "Fn::GetAtt"?: [string, string] } | undefined;
  const [resourceId, attribute] = passed?.["Fn::GetAtt"] ?? [];
  if (!resourceId || !attribute?.startsWith("Outputs.")) return passed;
  const sibling = nested.nestedStackParent?.node
    .findAll()
    .find(
      (construct): construct is Stack =>
        construct instanceof Stack &&
        construct.nestedStackResource !== undefined &&
        nested.nestedStackParent?.getLogicalId(construct.nestedStackResource) === resourceId,
    );
  if (!sibling) throw new Error(`no nested stack ${resourceId}`);
  return Template.fromStack(sibling).toJSON().Outputs[attribute.slice("Outputs.".length)]?.Value;
}

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
    const bucketId = logicalId(stack.logos.bucket);
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
          DestinationBucketName: { Ref: logicalId(stack.logos.accessLogs) },
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
    expect(countAcross("AWS::SecretsManager::Secret")).toBe(1);
  });
});

describe("functions", () => {
  it("makes one arm64 function on the pinned runtime per route, task, authorizer and job", () => {
    const taskCount = fixtureWorkflows.reduce((sum, workflow) => sum + Object.keys(workflow.tasks).length, 0);
    const expected =
      fixtureRoutes.length +
      taskCount +
      1 /* authorizer */ +
      1 /* signing-key rotation */ +
      2 /* purge, reconcile */ +
      1 /* the stream's consumer: the mailer */ +
      1; /* the logo bucket's notification: the logo check */
    const functions = projectFunctionsAcross(templates);
    expect(functions).toHaveLength(expected);
    for (const { id, resource } of functions) {
      expect(resource.Properties, id).toMatchObject({
        Architectures: ["arm64"],
        Runtime: `nodejs${nodeMajor}.x`,
        Handler: "index.handler",
        MemorySize: 512,
        TracingConfig: { Mode: "Active" },
        Environment: { Variables: expect.objectContaining({ NODE_OPTIONS: "--enable-source-maps" }) },
        LoggingConfig: { LogGroup: { Ref: expect.anything() } },
      });
    }
    // CDK's deploy-time function for the bucket's notification: one, beside the bucket.
    expect(
      resourcesAcross(templates, "AWS::Lambda::Function")
        .filter(({ id }) => isDeployTimeFunction(id))
        .map(({ stackPath }) => stackPath),
    ).toEqual(["Fixture"]);
  });

  it("gives each function its own log group kept one month", () => {
    const fn = routeFunction("GET /v1/public");
    templateOf(fn).hasResourceProperties("AWS::Lambda::Function", {
      Description: Match.stringLikeRegexp("GET /v1/public"),
      LoggingConfig: { LogGroup: { Ref: logicalId(fn.logGroup) } },
    });
    const retentions = resourcesAcross(templates, "AWS::Logs::LogGroup").map(
      ({ resource }) => resource.Properties?.RetentionInDays,
    );
    expect(retentions.length).toBeGreaterThan(countAcross("AWS::Lambda::Function"));
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
    expect(functionDefinition(fn).Properties.Environment.Variables).toMatchObject({
      TABLE_NAME: { Ref: "TableName" },
    });
    // The nested stack's TableName parameter is the parent's table.
    expect(parametersPassedTo(Stack.of(fn)).TableName).toEqual({ Ref: logicalId(stack.data.table) });
    // Its index wildcard is the table's own indexes: `<table ARN>/index/*`.
    const tableResources = JSON.stringify(resourcesOf(roleStatements(fn), "dynamodb:Query"));
    expect(tableResources).toContain('":table/",{"Ref":"TableName"},"/index/*"]');
  });

  it("binds email, workflows and logos with their environment and nothing wider", () => {
    const fn = routeFunction("POST /v1/writer");
    const nested = Stack.of(fn);
    const statements = roleStatements(fn);
    const actions = actionsOf(statements);
    expect(actions).toContain("dynamodb:PutItem");

    const sesResources = resourcesOf(statements, "ses:SendEmail");
    expect(sesResources).toHaveLength(2);
    expect(sesResources).toContainEqual({ Ref: "EmailIdentityArn" });
    expect(JSON.stringify(sesResources)).toContain(
      '":configuration-set/",{"Ref":"EmailConfigurationSetName"}',
    );
    expect(valueBehind(nested, "EmailIdentityArn")).toEqual(stack.resolve(stack.email.identityArn));
    expect(valueBehind(nested, "EmailConfigurationSetName")).toEqual({
      Ref: logicalId(stack.email.configurationSet),
    });

    // The machine's ARN and name come from the workflows stack's outputs, through the parent.
    const flow = stateMachine("fixture-flow");
    expect(resourcesOf(statements, "states:StartExecution")).toEqual([{ Ref: "FixtureFlowStateMachineArn" }]);
    expect(valueBehind(nested, "FixtureFlowStateMachineArn")).toEqual({ Ref: logicalId(flow) });
    const describe = JSON.stringify(resourcesOf(statements, "states:DescribeExecution"));
    expect(describe).toContain('":execution:",{"Ref":"FixtureFlowStateMachineName"},":*"');
    expect(valueBehind(nested, "FixtureFlowStateMachineName")).toEqual({
      "Fn::GetAtt": [logicalId(flow), "Name"],
    });
    expect(JSON.stringify(statements)).not.toContain("OtherFlow");
    expect(Object.keys(parametersPassedTo(nested)).filter((name) => name.includes("OtherFlow"))).toEqual([]);

    expect(resourcesOf(statements, "s3:PutObject")).toEqual([
      { "Fn::Join": ["", [{ Ref: "LogoBucketArn" }, "/*"]] },
    ]);
    expect(valueBehind(nested, "LogoBucketArn")).toEqual({
      "Fn::GetAtt": [logicalId(stack.logos.bucket), "Arn"],
    });
    expect(actions).not.toContain("secretsmanager:GetSecretValue");

    const variables = functionDefinition(fn).Properties.Environment.Variables;
    expect(Object.keys(variables).sort()).toEqual(
      [
        "APP_VERSION",
        "EMAIL_CONFIGURATION_SET",
        "EMAIL_FROM",
        "LOGO_BUCKET",
        "NODE_OPTIONS",
        "POWERTOOLS_METRICS_NAMESPACE",
        "TABLE_NAME",
        "WEB_APP_URL",
        "WORKFLOW_ARNS",
      ].sort(),
    );
    expect(variables.EMAIL_FROM).toBe("no-reply@example.com");
    // Mails link to the portal, never to the API.
    expect(variables.WEB_APP_URL).toBe("https://portal.example.com");
    // The name `shared/email.ts` reads (`CONFIGURATION_SET` was never read).
    expect(variables.EMAIL_CONFIGURATION_SET).toEqual({ Ref: "EmailConfigurationSetName" });
    expect(variables.LOGO_BUCKET).toEqual({ Ref: "LogoBucketName" });
    expect(JSON.stringify(variables.WORKFLOW_ARNS)).toContain('{\\"fixture-flow\\":\\"');
    expect(JSON.stringify(variables.WORKFLOW_ARNS)).toContain("FixtureFlowStateMachineArn");
  });

  it("the authorizer and the key rotation alone read the signing key, and only that secret", () => {
    const fn = stack.api.authorizerFunction;
    if (!fn) throw new Error("no authorizer function");
    expect(resourcesOf(roleStatements(fn), "secretsmanager:GetSecretValue")).toEqual([
      { Ref: logicalId(stack.signingKey?.secret ?? fn) },
    ]);
    const readers = resourcesAcross(templates, "AWS::IAM::Policy").filter(({ resource }) =>
      JSON.stringify(resource).includes("secretsmanager:GetSecretValue"),
    );
    expect(readers).toHaveLength(2);
  });

  it("every Resource '*' statement holds only X-Ray or log-delivery actions (what the IAM5 acknowledgements say)", () => {
    const allowed =
      /^(xray:|logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)$)/;
    const starActions = resourcesAcross(templates, "AWS::IAM::Policy")
      .flatMap(
        ({ resource }) =>
          resource.Properties?.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
      )
      .filter((statement) => [statement.Resource].flat().includes("*"))
      .flatMap((statement) => [statement.Action].flat());
    expect(starActions.length).toBeGreaterThan(0);
    expect(starActions.filter((action) => !allowed.test(action))).toEqual([]);
  });
});

describe("stack layout", () => {
  it("puts each route area's functions (functions/<area>/) in one nested stack", () => {
    expect([...stack.routeStacks.keys()]).toEqual(["open", "records", "operator"]);
    for (const route of fixtureRoutes) {
      const fn = routeFunction(`${route.method} ${route.path}`);
      expect(Stack.of(fn)).toBe(routeStack(areaOf(route)));
    }
    expect(
      Object.keys(templateOf(routeFunction("GET /v1/reader/{id}")).findResources("AWS::Lambda::Function")),
    ).toHaveLength(2);
  });

  it("keeps the shared resources and the authorizer in the parent, task functions and the purge nested", () => {
    const shared = [
      "AWS::DynamoDB::GlobalTable",
      "AWS::S3::Bucket",
      "AWS::SES::EmailIdentity",
      "AWS::SES::ConfigurationSet",
      "AWS::SecretsManager::Secret",
      "AWS::ApiGatewayV2::Api",
      "AWS::ApiGatewayV2::Stage",
      "AWS::ApiGatewayV2::Authorizer",
    ];
    for (const type of shared) {
      expect(resourcesAcross(templates, type).map(({ stackPath }) => `${type} in ${stackPath}`)).toEqual(
        resourcesAcross(templates, type).map(() => `${type} in Fixture`),
      );
      expect(countAcross(type)).toBeGreaterThan(0);
    }
    const functionsIn = (nested: Stack | undefined) =>
      Object.keys(Template.fromStack(nested ?? stack).findResources("AWS::Lambda::Function")).filter(
        (id) => !isDeployTimeFunction(id),
      );
    expect(functionsIn(stack).sort()).toEqual(
      [
        logicalId(stack.api.authorizerFunction ?? stack),
        logicalId(stack.signingKey?.rotationFunction ?? stack),
      ].sort(),
    );
    expect(functionsIn(stack.workflowsStack)).toHaveLength(3);
    expect(functionsIn(stack.jobsStack).sort()).toEqual([
      logicalId(stack.jobsStack?.schedules.purgeFunction ?? stack),
      logicalId(stack.jobsStack?.schedules.reconcileFunction ?? stack),
    ]);
  });

  it("refuses a route whose handler is not in a functions/<area>/ folder, naming it", () => {
    const routes = [
      { ...fixtureRoutes[0], handler: "test/infra/fixtures/handler.ts" },
    ] as typeof fixtureRoutes;
    expect(() => fixtureStack({ routes })).toThrow(
      /GET \/v1\/public: handler test\/infra\/fixtures\/handler\.ts/,
    );
  });

  it("refuses a route declared twice, also in two areas", () => {
    const [first] = fixtureRoutes;
    if (!first) throw new Error("no fixture route");
    const twice = [
      ...fixtureRoutes,
      { ...first, handler: "test/infra/fixtures/functions/operator/handler.ts" },
    ];
    expect(() => fixtureStack({ routes: twice })).toThrow(/GET \/v1\/public is declared twice/);
  });

  it("gives a nested stack as parameters only what its functions use, each set by the parent", () => {
    // Every nested stack takes the alarm topic's ARN too (its alarms notify the parent's topic).
    const allParameterNames = (nested: Stack) =>
      Object.keys(Template.fromStack(nested).toJSON().Parameters ?? {}).sort();
    const parameterNames = (nested: Stack) =>
      allParameterNames(nested).filter((name) => !/AlarmTopic/.test(name));
    for (const nested of stack.stacks.filter((each) => each !== stack)) {
      expect(allParameterNames(nested).filter((name) => /AlarmTopic/.test(name))).toHaveLength(1);
    }
    expect(parameterNames(routeStack("open"))).toEqual(["HttpApiId"]);
    expect(parameterNames(routeStack("operator"))).toEqual(["HttpApiId", "TableName"]);
    expect(parameterNames(routeStack("records"))).toEqual(
      [
        "EmailConfigurationSetName",
        "EmailIdentityArn",
        "FixtureFlowStateMachineArn",
        "FixtureFlowStateMachineName",
        "HttpApiId",
        "LogoBucketArn",
        "LogoBucketName",
        "TableName",
        "UserAuthorizerId",
      ].sort(),
    );
    for (const nested of stack.stacks.filter((each) => each !== stack)) {
      expect(Object.keys(parametersPassedTo(nested)).sort()).toEqual(allParameterNames(nested));
    }
  });

  it("references between stacks are nested-stack parameters and outputs, never exports", () => {
    for (const [path, each] of templates) {
      const json = each.toJSON();
      expect(JSON.stringify(json).includes("Fn::ImportValue"), path).toBe(false);
      const exported = Object.values(json.Outputs ?? {}).filter(
        (output) => (output as object) && "Export" in (output as object),
      );
      expect(exported, path).toEqual([]);
    }
    // The workflows stack hands the parent its machines' attributes (for the routes that start
    // them, and the dashboard), nothing else.
    const outputs = Object.values(Template.fromStack(stack.workflowsStack ?? stack).toJSON().Outputs ?? {});
    expect(outputs.length).toBeGreaterThan(0);
    const machineIds = ["fixture-flow", "other-flow"].map((name) => logicalId(stateMachine(name)));
    for (const output of outputs)
      expect(
        machineIds.some((id) => JSON.stringify(output).includes(id)),
        JSON.stringify(output),
      ).toBe(true);
  });
});

describe("api", () => {
  it("deploys each route as METHOD /path with its authorization type, in its area's stack", () => {
    const types = { public: "NONE", user: "CUSTOM", operator: "AWS_IAM" } as const;
    expect(countAcross("AWS::ApiGatewayV2::Route")).toBe(fixtureRoutes.length);
    for (const route of fixtureRoutes) {
      const nested = routeStack(areaOf(route));
      Template.fromStack(nested).hasResourceProperties("AWS::ApiGatewayV2::Route", {
        ApiId: { Ref: "HttpApiId" },
        RouteKey: `${route.method} ${route.path}`,
        AuthorizationType: types[route.auth],
        ...(route.auth === "user" ? { AuthorizerId: { Ref: "UserAuthorizerId" } } : {}),
      });
      expect(parametersPassedTo(nested).HttpApiId).toEqual({ Ref: logicalId(stack.api.httpApi) });
    }
    expect(parametersPassedTo(routeStack("records")).UserAuthorizerId).toEqual({
      Ref: logicalId(stack.api.userAuthorizer ?? stack),
    });
  });

  it("lets API Gateway invoke each route function for this API only", () => {
    for (const route of fixtureRoutes) {
      const fn = routeFunction(`${route.method} ${route.path}`);
      templateOf(fn).hasResourceProperties("AWS::Lambda::Permission", {
        Action: "lambda:InvokeFunction",
        Principal: "apigateway.amazonaws.com",
        FunctionName: { "Fn::GetAtt": [logicalId(fn), "Arn"] },
        SourceArn: { "Fn::Join": ["", Match.arrayWith([{ Ref: "HttpApiId" }])] },
      });
    }
  });

  it("checks sessions with a Lambda authorizer: simple responses, Authorization header, cached TTL", () => {
    expect(countAcross("AWS::ApiGatewayV2::Authorizer")).toBe(1);
    const fn = stack.api.authorizerFunction;
    if (!fn) throw new Error("no authorizer function");
    template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      ApiId: { Ref: logicalId(stack.api.httpApi) },
      AuthorizerType: "REQUEST",
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: "2.0",
      IdentitySource: ["$request.header.Authorization"],
      AuthorizerResultTtlInSeconds: fixtureAuthorizer.resultsCacheTtlSeconds,
      AuthorizerUri: { "Fn::Join": ["", Match.arrayWith([{ "Fn::GetAtt": [logicalId(fn), "Arn"] }])] },
    });
    template.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      Principal: "apigateway.amazonaws.com",
      FunctionName: { "Fn::GetAtt": [logicalId(fn), "Arn"] },
      SourceArn: {
        "Fn::Join": [
          "",
          Match.arrayWith(["/authorizers/", { Ref: logicalId(stack.api.userAuthorizer ?? fn) }]),
        ],
      },
    });
  });

  it("makes no authorizer (and needs no handler for it) when no route is a user route", () => {
    const noUsers = fixtureStack({
      routes: fixtureRoutes.filter((route) => route.auth !== "user"),
      authorizer: { ...fixtureAuthorizer, handler: "test/infra/fixtures/does-not-exist.ts" },
      workflows: [],
      purge: null,
      reconcile: null,
      streamConsumers: [],
      logoCheck: null,
    });
    const tpls = templatesOf(noUsers);
    const count = (type: string) => resourcesAcross(tpls, type).length;
    expect(count("AWS::ApiGatewayV2::Authorizer")).toBe(0);
    expect(count("AWS::SecretsManager::Secret")).toBe(0);
    expect(count("AWS::StepFunctions::StateMachine")).toBe(0);
    expect(count("AWS::Scheduler::Schedule")).toBe(0);
    expect(count("AWS::Lambda::Function")).toBe(2);
    // No empty nested stacks: CloudFormation refuses a template without resources.
    expect(noUsers.stacks.map((each) => each.node.path)).toEqual([
      "Fixture",
      "Fixture/RoutesOpen",
      "Fixture/RoutesOperator",
    ]);
  });

  it("has the CORS of shared/cors.ts (never *), stage throttling and JSON access logs kept one month", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Api", {
      ProtocolType: "HTTP",
      CorsConfiguration: {
        AllowOrigins: ["https://portal.example.com"],
        AllowMethods: Match.arrayWith(["GET", "POST", "DELETE"]),
        AllowHeaders: ["authorization", "content-type", "if-match", "idempotency-key"],
        ExposeHeaders: ["etag", "location", "retry-after", "x-request-id"],
        MaxAge: 3600,
      },
    });
    expect(() => fixtureStack({}, testApp({ corsOrigins: "*" }))).toThrow(/never "\*"/);
    const [stage] = Object.values(template.findResources("AWS::ApiGatewayV2::Stage"));
    expect(stage?.Properties).toMatchObject({
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: {
        DestinationArn: { "Fn::GetAtt": [logicalId(stack.api.accessLogs), "Arn"] },
      },
    });
    const format = JSON.parse(stage?.Properties.AccessLogSettings.Format);
    expect(format).toMatchObject({ requestId: "$context.requestId", status: "$context.status" });
  });

  it("takes CORS origins from context; functions set no CORS of their own (API Gateway ignores it)", () => {
    const withOrigins = fixtureStack({}, testApp({ corsOrigins: "https://app.example.com" }));
    Template.fromStack(withOrigins).hasResourceProperties("AWS::ApiGatewayV2::Api", {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ["https://app.example.com"] }),
    });
    const routeFunctions = [...withOrigins.routeStacks.values()].flatMap((nested) =>
      Object.values(Template.fromStack(nested).findResources("AWS::Lambda::Function")),
    );
    expect(routeFunctions).toHaveLength(fixtureRoutes.length);
    for (const fn of routeFunctions) {
      expect(fn.Properties.Environment.Variables.CORS_ORIGINS).toBeUndefined();
    }
  });
});

describe("archive retention", () => {
  const archiving: RouteDefinition = {
    method: "POST",
    path: "/v1/archiver",
    handler: "test/infra/fixtures/functions/records/handler.ts",
    auth: "public",
    summary: "archives",
    successStatus: 204,
    access: { table: "readWrite", archive: true },
  };
  const variablesOf = (built: BackendStack) => {
    const fn = built.routeFunction("POST /v1/archiver");
    if (!fn) throw new Error("no archiving function");
    return functionDefinition(fn).Properties.Environment.Variables as Record<string, unknown>;
  };

  it("R-D7 gives a function that archives ARCHIVE_RETENTION_YEARS: 10 by default, else the context's", () => {
    expect(variablesOf(fixtureStack({ routes: [...fixtureRoutes, archiving] })).ARCHIVE_RETENTION_YEARS).toBe(
      "10",
    );
    const configured = fixtureStack(
      { routes: [...fixtureRoutes, archiving] },
      testApp({ archiveRetentionYears: "12" }),
    );
    expect(variablesOf(configured).ARCHIVE_RETENTION_YEARS).toBe("12");
    // Other functions never see it.
    expect(
      functionDefinition(routeFunction("POST /v1/writer")).Properties.Environment.Variables,
    ).not.toHaveProperty("ARCHIVE_RETENTION_YEARS");
  });

  it("refuses a retention that is not a whole number of years from 1 to 100 at synth", () => {
    expect(() => fixtureStack({}, testApp({ archiveRetentionYears: "2.5" }))).toThrow(
      /ARCHIVE_RETENTION_YEARS/,
    );
  });
});

describe("workflows", () => {
  it("deploys each workflow from its ASL file with its task ARNs substituted, logs and tracing", () => {
    const workflowsTemplate = templateOf(stateMachine("fixture-flow"));
    expect(countAcross("AWS::StepFunctions::StateMachine")).toBe(fixtureWorkflows.length);
    workflowsTemplate.resourceCountIs("AWS::StepFunctions::StateMachine", fixtureWorkflows.length);
    for (const workflow of fixtureWorkflows) {
      const substitutions = Object.fromEntries(
        Object.keys(workflow.tasks).map((name) => [
          name,
          { "Fn::GetAtt": [Match.stringLikeRegexp(name), "Arn"] },
        ]),
      );
      workflowsTemplate.hasResourceProperties("AWS::StepFunctions::StateMachine", {
        // The parent's name (a nested stack's own name is generated): part of the contract.
        StateMachineName: `Fixture-${workflow.name}`,
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
    expect(stack.stackName).toBe("Fixture");
  });

  it("lets each state machine invoke its own task functions and no other", () => {
    for (const workflow of fixtureWorkflows) {
      const machine = stateMachine(workflow.name);
      const workflowsTemplate = templateOf(machine);
      const [definition] = Object.values(
        workflowsTemplate.findResources("AWS::StepFunctions::StateMachine", {
          Properties: { StateMachineName: `${stack.stackName}-${workflow.name}` },
        }),
      );
      const ownTaskArns = Object.values(definition?.Properties.DefinitionSubstitutions ?? {});
      const invoked = resourcesOf(
        statementsOfRole(workflowsTemplate, logicalId(machine.role)),
        "lambda:InvokeFunction",
      );
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
    const purge = stack.jobsStack?.schedules.purgeFunction;
    if (!purge) throw new Error("no purge function");
    const jobs = templateOf(purge);
    expect(countAcross("AWS::Scheduler::Schedule")).toBe(2); // the purge's and the reconciler's
    jobs.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "rate(1 hour)",
      State: "ENABLED",
      Target: Match.objectLike({
        Arn: { "Fn::GetAtt": [logicalId(purge), "Arn"] },
        RoleArn: Match.anyValue(),
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 3 }),
      }),
    });
    jobs.hasResourceProperties("AWS::Lambda::Function", {
      Description: Match.stringLikeRegexp("Purges backups"),
      Timeout: 300,
    });
  });

  it("runs the purge nightly in the provider's time zone by default", () => {
    const nightly = fixtureStack({ purge: { handler: "test/infra/fixtures/handler.ts" } });
    Template.fromStack(nightly.jobsStack ?? nightly).hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "cron(0 3 * * ? *)",
      ScheduleExpressionTimezone: "Europe/Zurich",
    });
  });
});

describe("alarms", () => {
  interface AlarmMetric {
    MetricName: string;
    Namespace: string;
    Dimensions?: { Name: string; Value: unknown }[];
  }
  /** The metrics an alarm watches, whether it watches one or a math expression of several. */
  // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties, any shape
  const metricsOf = (alarm: any): AlarmMetric[] => {
    const properties = alarm.Properties as {
      MetricName?: string;
      Namespace?: string;
      Dimensions?: AlarmMetric["Dimensions"];
      Metrics?: { MetricStat?: { Metric: AlarmMetric } }[];
    };
    if (properties.MetricName)
      return [
        {
          MetricName: properties.MetricName,
          Namespace: properties.Namespace ?? "",
          ...(properties.Dimensions ? { Dimensions: properties.Dimensions } : {}),
        },
      ];
    return (properties.Metrics ?? []).flatMap((metric) =>
      metric.MetricStat ? [metric.MetricStat.Metric] : [],
    );
  };
  // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties, any shape
  const watches = (alarm: any, metricName: string, id?: string) =>
    metricsOf(alarm).some(
      (metric) =>
        metric.MetricName === metricName && (!id || JSON.stringify(metric.Dimensions).includes(`"${id}"`)),
    );

  it("alarms on each function's errors and throttles, a task's throttles, and each workflow's unexpected failures, timeouts and aborts", () => {
    const tasks = new Set(
      (stack.workflows?.functions ?? []).map((fn) => `${Stack.of(fn).node.path}/${logicalId(fn)}`),
    );
    for (const [path, each] of templates) {
      const alarms = Object.values(each.findResources("AWS::CloudWatch::Alarm"));
      for (const id of Object.keys(each.findResources("AWS::Lambda::Function"))) {
        if (isDeployTimeFunction(id)) continue;
        const isTask = [...tasks].some((task) => task.endsWith(`/${id}`));
        expect(
          alarms.some((alarm) => watches(alarm, "Throttles", id)),
          `${path} ${id}`,
        ).toBe(true);
        // A task's errors are its workflow's: retried, then caught and recorded.
        expect(
          alarms.some((alarm) => watches(alarm, "Errors", id)),
          `${path} ${id}`,
        ).toBe(!isTask);
      }
      for (const id of Object.keys(each.findResources("AWS::StepFunctions::StateMachine"))) {
        const alarm = alarms.find((candidate) => watches(candidate, "ExecutionsFailed", id));
        expect(alarm, `${path} ${id}`).toBeDefined();
        if (!alarm) continue;
        for (const metric of ["ExecutionsTimedOut", "ExecutionsAborted", "ExpectedWorkflowFailures"])
          expect(watches(alarm, metric), metric).toBe(true);
        expect(JSON.stringify(alarm.Properties.Metrics)).toContain(
          "MAX([FILL(failed, 0) - FILL(expected, 0), 0]) + FILL(timedOut, 0) + FILL(aborted, 0)",
        );
      }
    }
  });

  it("alarms on the API's 5xx rate and p99 latency, DynamoDB throttles and system errors, mail reputation, failed job runs", () => {
    // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties, any shape
    const all = resourcesAcross(templates, "AWS::CloudWatch::Alarm").map(({ resource }) => resource as any);
    const named = (suffix: string) =>
      all.find((alarm) => String(alarm.Properties.AlarmName).endsWith(suffix));
    expect(named("api-5xx-rate") && watches(named("api-5xx-rate") as never, "5xx")).toBe(true);
    expect(named("api-latency-p99")?.Properties).toMatchObject({ ExtendedStatistic: "p99", Threshold: 3000 });
    expect(JSON.stringify(named("dynamodb-throttled")?.Properties)).toContain("ThrottledRequests");
    expect(JSON.stringify(named("dynamodb-system-errors")?.Properties)).toContain("SystemErrors");
    expect(named("ses-bounce-rate")?.Properties).toMatchObject({
      MetricName: "Reputation.BounceRate",
      Threshold: 0.05,
    });
    expect(named("ses-complaint-rate")?.Properties).toMatchObject({
      MetricName: "Reputation.ComplaintRate",
      Threshold: 0.001,
    });
    expect(named("jobs-failed-runs")?.Properties).toMatchObject({
      MetricName: "ApproximateNumberOfMessagesVisible",
    });
    // The jobs' failures land in that queue: the schedule's dead-letter queue and the function's on-failure destination.
    const jobs = Template.fromStack(stack.jobsStack as Stack);
    jobs.hasResourceProperties("AWS::Scheduler::Schedule", {
      Target: Match.objectLike({ DeadLetterConfig: { Arn: Match.anyValue() } }),
    });
    jobs.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it("names every alarm <stage>-<what>, and every one notifies the stage's encrypted topic on alarm and on OK", () => {
    const alarms = resourcesAcross(templates, "AWS::CloudWatch::Alarm").map(
      ({ resource }) => resource as { Properties: Record<string, unknown> },
    );
    expect(alarms.length).toBeGreaterThan(10);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmName).toMatch(/^dev-[A-Za-z0-9-]+$/);
      expect(alarm.Properties.AlarmActions).toHaveLength(1);
      expect(alarm.Properties.OKActions).toEqual(alarm.Properties.AlarmActions);
    }
    template.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: Match.anyValue() });
    // CloudWatch may use the key: without it, alarms could not publish to an encrypted topic.
    template.hasResourceProperties("AWS::KMS::Key", {
      EnableKeyRotation: true,
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: "cloudwatch.amazonaws.com" } }),
        ]),
      }),
    });
    const withEmail = Template.fromStack(fixtureStack({ config: { alarmEmail: "ops@hosting.test" } }));
    withEmail.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: "ops@hosting.test",
    });
  });

  it("sends alarms to an existing topic when given one, from every stack", () => {
    const topicArn = "arn:aws:sns:eu-central-2:123456789012:ops";
    const withTopic = templatesOf(fixtureStack({ config: { alarmTopicArn: topicArn } }));
    expect(withTopic.size).toBe(templates.size);
    for (const [path, each] of withTopic) {
      for (const alarm of Object.values(each.findResources("AWS::CloudWatch::Alarm"))) {
        expect(JSON.stringify(alarm.Properties.AlarmActions), path).toMatch(
          /arn:aws:sns:eu-central-2:123456789012:ops|AlarmTopic/,
        );
      }
      expect(Object.keys(each.findResources("AWS::SNS::Topic")), path).toEqual([]);
    }
  });
});

describe("the operators' dashboard", () => {
  it("shows each workflow's executions and duration, the API, Lambda, DynamoDB and the jobs' metrics", () => {
    const [dashboard] = Object.values(template.findResources("AWS::CloudWatch::Dashboard"));
    expect(dashboard?.Properties.DashboardName).toBe("dev-operations");
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    for (const text of [
      "fixture-flow: executions",
      "ExecutionsStarted",
      "ExecutionsSucceeded",
      "ExecutionsFailed",
      "ExecutionsTimedOut",
      "ExecutionTime",
      "API: requests and errors",
      "4xx",
      "5xx",
      "Latency",
      "p99",
      "ConcurrentExecutions",
      "Throttles",
      "ConsumedWriteCapacityUnits",
      "BackupsPurged",
      "BackupsFailed",
    ]) {
      expect(body, text).toContain(text);
    }
  });
});

describe("deploy configuration", () => {
  it("synthesizes dev on placeholders and says so", () => {
    expect(stack.config).toMatchObject({ stage: "dev", region: "eu-central-2", backupRetentionDays: 30 });
    expect(stack.config.placeholders).toEqual(
      expect.arrayContaining(["webAppUrl", "emailDomain", "alarmEmail", "backupRetentionDays"]),
    );
    const warnings = stack.node.metadata.filter((entry) => entry.type === "aws:cdk:warning");
    expect(JSON.stringify(warnings)).toContain("documentation placeholders");
  });

  it("refuses another stage while a value is missing or a placeholder, naming each key", () => {
    const attempt = () =>
      fixtureStack({}, testApp({ stage: "prod", webAppUrl: "https://portal.example.com" }));
    expect(attempt).toThrow(/Stage "prod"/);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("webAppUrl is a documentation placeholder");
      expect(message).toContain("emailDomain is missing");
      expect(message).toContain("alarmEmail (or alarmTopicArn) is missing");
      expect(message).toContain("backupRetentionDays is missing");
      expect(message).toContain("creditor is missing");
    }
    // The creditor is checked as the functions check it: a wrong IBAN is named, not deployed.
    expect(() =>
      fixtureStack(
        {},
        testApp({ ...prodContext, creditor: { ...prodContext.creditor, account: "CH00 1234" } }),
      ),
    ).toThrow(/creditor is not a valid creditor: account/);
    expect(() =>
      fixtureStack({}, testApp({ ...prodContext, creditor: JSON.stringify(testCreditor) })),
    ).toThrow(/creditor is the documented test creditor/);
  });

  it("gives the functions the stage's configuration: links to its portal, its retention periods", () => {
    const prod = fixtureStack({}, testApp(prodContext));
    const writer = prod.routeFunction("POST /v1/writer");
    if (!writer) throw new Error("no writer");
    const variables = functionDefinition(writer).Properties.Environment.Variables;
    expect(variables.WEB_APP_URL).toBe("https://portal.hosting.test");
    expect(prod.config).toMatchObject({ backupRetentionDays: 14, archiveRetentionYears: 11 });
    // Stored without spaces, as QR-bills print it.
    expect(prod.config.creditor).toMatchObject({ name: "Hosting Test AG", account: "CH9300762011623852957" });
  });

  it("names the stack's resources after the stage: two stages in one account share no name", () => {
    const app = testApp();
    const dev = fixtureStack({}, app);
    const prod = new (dev.constructor as typeof BackendStack)(
      testApp({ ...prodContext }),
      "Fixture-prod",
      fixtureStackProps,
    );
    // The names an account (and region) holds once: what two stages must not share.
    const accountNames: Record<string, string[]> = {
      "AWS::CloudWatch::Alarm": ["AlarmName"],
      "AWS::CloudWatch::Dashboard": ["DashboardName"],
      "AWS::Logs::LogGroup": ["LogGroupName"],
      "AWS::StepFunctions::StateMachine": ["StateMachineName"],
      "AWS::ApiGatewayV2::Api": ["Name"],
      "AWS::Lambda::Function": ["FunctionName"],
      "AWS::IAM::Role": ["RoleName"],
      "AWS::DynamoDB::GlobalTable": ["TableName"],
      "AWS::S3::Bucket": ["BucketName"],
      "AWS::SNS::Topic": ["TopicName"],
      "AWS::SQS::Queue": ["QueueName"],
      "AWS::SecretsManager::Secret": ["Name"],
      "AWS::SES::ConfigurationSet": ["Name"],
      "AWS::SES::EmailIdentity": ["EmailIdentity"],
      "AWS::Scheduler::Schedule": ["Name"],
    };
    const namesOf = (built: BackendStack) => {
      const names = new Set<string>();
      for (const each of templatesOf(built).values()) {
        const resources = Object.values(each.toJSON().Resources ?? {}) as {
          Type: string;
          Properties?: Record<string, unknown>;
        }[];
        for (const resource of resources) {
          for (const property of accountNames[resource.Type] ?? []) {
            const value = resource.Properties?.[property];
            if (value !== undefined) names.add(`${resource.Type} ${JSON.stringify(value)}`);
          }
        }
      }
      return names;
    };
    const devNames = namesOf(dev);
    const prodNames = namesOf(prod);
    expect(devNames.size).toBeGreaterThan(5);
    expect([...prodNames].filter((name) => devNames.has(name))).toEqual([]);
    expect([...devNames].some((name) => name.includes('"/aws/vendedlogs/states/dev-'))).toBe(true);
  });
});

describe("throttles and isolation", () => {
  it("throttles the public routes below the stage and reserves concurrency for password hashing (infra/throttles.ts)", async () => {
    const { publicRouteLimits, stageThrottle } = await import("#infra/throttles");
    const { routes } = await import("#functions/routes");
    const keys = new Set(routes.map((route) => `${route.method} ${route.path}`));
    for (const [key, limit] of Object.entries(publicRouteLimits)) {
      expect(keys.has(key), key).toBe(true);
      expect(routes.find((route) => `${route.method} ${route.path}` === key)?.auth).toBe("public");
      expect(limit.rateLimit).toBeLessThan(stageThrottle.rateLimit);
    }
    // A stack with the sign-in route: its stage throttles it, its function has reserved concurrency.
    const signIn: RouteDefinition = {
      method: "POST",
      path: "/v1/sessions",
      handler: "test/infra/fixtures/functions/open/handler.ts",
      auth: "public",
      summary: "sign in",
      successStatus: 201,
      access: {},
    };
    const withSignIn = fixtureStack({ routes: [...fixtureRoutes, signIn] });
    const [stageResource] = Object.values(
      Template.fromStack(withSignIn).findResources("AWS::ApiGatewayV2::Stage"),
    );
    const limit = publicRouteLimits["POST /v1/sessions"];
    expect(stageResource?.Properties.RouteSettings).toEqual({
      "POST /v1/sessions": { ThrottlingRateLimit: limit?.rateLimit, ThrottlingBurstLimit: limit?.burstLimit },
    });
    const fn = withSignIn.routeFunction("POST /v1/sessions");
    if (!fn) throw new Error("no sign-in function");
    expect(functionDefinition(fn).Properties.ReservedConcurrentExecutions).toBe(limit?.reservedConcurrency);
  });
});
