import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { type App, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import type { ProjectFunction } from "#infra/constructs/function";
import { areaOf } from "#infra/nested-stacks";
import { lambdaRuntime, nodeMajor } from "#infra/project";
import type { BackendStack } from "#infra/stack";
import type { RouteDefinition } from "#shared/route-types";
import { tableDefinition } from "#shared/table";
import packageJson from "../../package.json" with { type: "json" };
import {
  actionsOf,
  fixtureAuthorizer,
  fixtureRoutes,
  fixtureStack,
  fixtureWorkflows,
  logicalId,
  parametersPassedTo,
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
    const expected = fixtureRoutes.length + taskCount + 1 /* authorizer */ + 2; /* purge, reconcile */
    expect(countAcross("AWS::Lambda::Function")).toBe(expected);
    for (const each of templates.values()) {
      if (Object.keys(each.findResources("AWS::Lambda::Function")).length === 0) continue;
      each.allResourcesProperties("AWS::Lambda::Function", {
        Architectures: ["arm64"],
        Runtime: `nodejs${nodeMajor}.x`,
        Handler: "index.handler",
        MemorySize: 512,
        TracingConfig: { Mode: "Active" },
        Environment: { Variables: Match.objectLike({ NODE_OPTIONS: "--enable-source-maps" }) },
        LoggingConfig: { LogGroup: { Ref: Match.anyValue() } },
      });
    }
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
    expect(valueBehind(nested, "EmailIdentityArn")).toEqual(
      stack.resolve(stack.email.identity.emailIdentityArn),
    );
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

  it("the authorizer alone reads the signing key, and only that secret", () => {
    const fn = stack.api.authorizerFunction;
    if (!fn) throw new Error("no authorizer function");
    expect(resourcesOf(roleStatements(fn), "secretsmanager:GetSecretValue")).toEqual([
      { Ref: logicalId(stack.signingKey?.secret ?? fn) },
    ]);
    const readers = resourcesAcross(templates, "AWS::IAM::Policy").filter(({ resource }) =>
      JSON.stringify(resource).includes("secretsmanager:GetSecretValue"),
    );
    expect(readers).toHaveLength(1);
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
      Object.keys(Template.fromStack(nested ?? stack).findResources("AWS::Lambda::Function"));
    expect(functionsIn(stack)).toEqual([logicalId(stack.api.authorizerFunction ?? stack)]);
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
    const parameterNames = (nested: Stack) =>
      Object.keys(Template.fromStack(nested).toJSON().Parameters ?? {}).sort();
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
      expect(Object.keys(parametersPassedTo(nested)).sort()).toEqual(parameterNames(nested));
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
    // The workflows stack hands the machines to the parent as outputs (ARN and name of each used one).
    expect(
      Object.keys(Template.fromStack(stack.workflowsStack ?? stack).toJSON().Outputs ?? {}),
    ).toHaveLength(2);
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
    expect(() => fixtureStack({}, testApp({ allowedOrigins: "*" }))).toThrow(/never "\*"/);
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
    const withOrigins = fixtureStack({}, testApp({ allowedOrigins: "https://app.example.com" }));
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
  it("has, in each stack, one Errors alarm per function and one ExecutionsFailed alarm per state machine", () => {
    let total = 0;
    for (const [path, each] of templates) {
      const functions = Object.keys(each.findResources("AWS::Lambda::Function"));
      const machines = Object.keys(each.findResources("AWS::StepFunctions::StateMachine"));
      const alarms = Object.values(each.findResources("AWS::CloudWatch::Alarm"));
      expect(alarms, path).toHaveLength(functions.length + machines.length);
      const watched = (metricName: string) =>
        alarms
          .filter((alarm) => alarm.Properties.MetricName === metricName)
          .map((alarm) => JSON.stringify(alarm.Properties.Dimensions));
      for (const id of functions)
        expect(watched("Errors").some((dims) => dims.includes(`"${id}"`))).toBe(true);
      for (const id of machines)
        expect(watched("ExecutionsFailed").some((dims) => dims.includes(`"${id}"`))).toBe(true);
      total += alarms.length;
    }
    expect(total).toBe(
      countAcross("AWS::Lambda::Function") + countAcross("AWS::StepFunctions::StateMachine"),
    );
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "Errors",
      Namespace: "AWS/Lambda",
      Statistic: "Sum",
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      TreatMissingData: "notBreaching",
    });
  });

  it("sends alarms to the topic given in context, from every stack", () => {
    const topicArn = "arn:aws:sns:eu-central-2:123456789012:ops";
    const withTopic = templatesOf(fixtureStack({ alarmTopicArn: topicArn }));
    expect(withTopic.size).toBe(templates.size);
    for (const each of withTopic.values()) {
      each.allResourcesProperties("AWS::CloudWatch::Alarm", { AlarmActions: [topicArn] });
    }
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
  const named = Object.entries(nameProperties).flatMap(([type, property]) =>
    resourcesAcross(templates, type)
      .filter(({ resource }) => property in (resource.Properties ?? {}))
      .map(({ stackPath, id }) => `${stackPath}/${id}`),
  );
  expect(countAcross("AWS::Lambda::Function")).toBeGreaterThan(0);
  expect(named).toEqual([]);
});
