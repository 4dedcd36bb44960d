import { readFileSync } from "node:fs";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { purgeJob } from "#functions/purge/job";
import { routes } from "#functions/routes";
import { fromRoot } from "#infra/project";
import type { BackendStack } from "#infra/stack";
import {
  actionsOf,
  cachedTemplate,
  logicalId,
  projectStack,
  resourcesAcross,
  statementsOfRole,
} from "./fixtures/stack";

/**
 * The project's own stack, from `functions/routes.ts`, `functions/workflows.ts` and `functions/purge/job.ts`
 * (bundling skipped): what `npm run synth` deploys.
 */
let stack: BackendStack;
let templates: Map<string, Template>;

beforeAll(() => {
  stack = projectStack();
  templates = new Map(stack.stacks.map((each) => [each.node.path, cachedTemplate(each)]));
});

/** CloudFormation's limit is 500 resources per stack; keep a fifth of it free for growth. */
const resourceBudget = 0.8 * 500;

describe("project stack", () => {
  it("keeps every stack, parent and nested, under 80% of CloudFormation's 500 resources", () => {
    const counts = Object.fromEntries(
      [...templates].map(([path, template]) => [path, Object.keys(template.toJSON().Resources).length]),
    );
    expect(Object.keys(counts).length).toBeGreaterThan(2);
    const over = Object.entries(counts).filter(([, count]) => count >= resourceBudget);
    expect(over, JSON.stringify(counts)).toEqual([]);
  });

  it("keeps every template under 80% of CloudFormation's 1 MB template body", () => {
    for (const [path, template] of templates) {
      expect(JSON.stringify(template.toJSON()).length, path).toBeLessThan(0.8 * 1_000_000);
    }
  });

  it("has one route stack per area of functions/routes.ts, holding all of the area's routes", () => {
    const areas = new Set(routes.map((route) => /^functions\/([^/]+)\//.exec(route.handler)?.[1]));
    expect([...stack.routeStacks.keys()].sort()).toEqual([...areas].sort());
    const routeResources = resourcesAcross(templates, "AWS::ApiGatewayV2::Route");
    expect(routeResources).toHaveLength(routes.length);
    expect(routeResources.filter(({ stackPath }) => !stackPath.startsWith("Project/Routes"))).toEqual([]);
  });

  it("schedules the purge job of functions/purge/job.ts by default, with its declared access", () => {
    expect(purgeJob.handler).toBe("functions/purge/purge-backups.ts");
    const purge = stack.jobsStack?.schedules.purgeFunction;
    if (!purge) throw new Error("no purge function in the project's stack");
    const jobs = Template.fromStack(stack.jobsStack ?? stack);
    jobs.resourceCountIs("AWS::Scheduler::Schedule", 2);
    jobs.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "cron(0 3 * * ? *)",
      ScheduleExpressionTimezone: "Europe/Zurich",
      Target: { Arn: { "Fn::GetAtt": [logicalId(purge), "Arn"] } },
    });
    jobs.hasResourceProperties("AWS::Lambda::Function", {
      Description: `Purges backups of terminated products (${purgeJob.handler})`,
      Timeout: 300,
      Environment: { Variables: { TABLE_NAME: { Ref: "TableName" } } },
    });
    const actions = actionsOf(statementsOfRole(jobs, logicalId(purge.role)));
    expect(actions).toContain("dynamodb:DeleteItem");
    expect(actions).not.toContain("ses:SendEmail");
  });

  it("runs the reconciler of functions/reconcile/job.ts every 5 minutes, describing every workflow's executions", () => {
    const reconcile = stack.jobsStack?.schedules.reconcileFunction;
    if (!reconcile) throw new Error("no reconcile function in the project's stack");
    const jobs = Template.fromStack(stack.jobsStack ?? stack);
    jobs.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "rate(5 minutes)",
      Target: Match.objectLike({ Arn: { "Fn::GetAtt": [logicalId(reconcile), "Arn"] } }),
    });
    const actions = actionsOf(statementsOfRole(jobs, logicalId(reconcile.role)));
    expect([...actions]).toEqual(expect.arrayContaining(["dynamodb:PutItem", "states:DescribeExecution"]));
    expect(actions).not.toContain("ses:SendEmail");
  });

  it("lets the stuck-work list describe every workflow's executions and start none", () => {
    const list = stack.routeFunction("GET /v1/operator/stuck-work");
    if (!list) throw new Error("no stuck-work function in the project's stack");
    const template = [...templates.values()].find(
      (each) =>
        Object.keys(each.findResources("AWS::IAM::Policy")).length > 0 &&
        JSON.stringify(each.toJSON()).includes(logicalId(list.role)),
    );
    if (!template) throw new Error("no template holds the stuck-work function's role");
    const statements = statementsOfRole(template, logicalId(list.role));
    const actions = actionsOf(statements);
    expect(actions).toContain("states:DescribeExecution");
    expect(actions).not.toContain("states:StartExecution");
    // Told the ARNs all the same: it names each item's execution.
    const variables = Object.values(template.findResources("AWS::Lambda::Function")).find(
      (fn) => fn.Properties?.Role?.["Fn::GetAtt"]?.[0] === logicalId(list.role),
    )?.Properties?.Environment?.Variables;
    expect(Object.keys(variables ?? {})).toContain("WORKFLOW_ARNS");
  });

  it("lets only the mailer send mail: the one function with ses:SendEmail and the sender's environment", () => {
    const read = [...readFileSync(fromRoot("shared/email.ts"), "utf8").matchAll(/process\.env\.([A-Z_]+)/g)]
      .map((match) => match[1])
      .sort();
    expect(read).toEqual(["EMAIL_CONFIGURATION_SET", "EMAIL_FROM"]);
    const environments = resourcesAcross(templates, "AWS::Lambda::Function").map((fn) =>
      Object.keys(fn.resource.Properties?.Environment?.Variables ?? {}),
    );
    const mailing = environments.filter((names) => names.includes("EMAIL_FROM"));
    // Every other function writes its mail into the outbox (shared/mail/outbox.ts).
    expect(mailing).toHaveLength(1);
    for (const names of mailing) expect(names).toEqual(expect.arrayContaining(read));
    const sending = resourcesAcross(templates, "AWS::IAM::Policy").filter(({ resource }) =>
      JSON.stringify(resource.Properties?.PolicyDocument).includes("ses:SendEmail"),
    );
    expect(sending.map(({ stackPath }) => stackPath)).toEqual(["Project/Streams"]);
    const mailer = stack.streamsStack?.consumers.functions.get("mailer");
    expect(mailer).toBeDefined();
    expect(environments.filter((names) => names.includes("CONFIGURATION_SET"))).toEqual([]);
  });

  it("references between stacks are parameters and outputs, never exports", () => {
    for (const [path, template] of templates) {
      const json = JSON.stringify(template.toJSON());
      expect(json.includes("Fn::ImportValue"), path).toBe(false);
      expect(json.includes('"Export"'), path).toBe(false);
    }
  });
});
