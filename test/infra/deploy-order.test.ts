import { beforeAll, describe, expect, it } from "vitest";
import type { BackendStack } from "#infra/stack";
import {
  type DeployOrder,
  deployOrderOf,
  namedIn,
  nameProperties,
  referencesByName,
} from "./fixtures/deploy-order";
import { prodContext, projectStack } from "./fixtures/stack";

/**
 * A first `cdk deploy` into an empty account creates everything at once, in whatever order the
 * templates allow: a resource that names another by its name (not by Ref or GetAtt) must also
 * depend on it, or CloudFormation may create it first and the deploy rolls back.
 */
let stack: BackendStack;
let order: DeployOrder;

beforeAll(() => {
  stack = projectStack(prodContext);
  order = deployOrderOf(stack, stack.stacks);
});

describe("the deploy order", () => {
  it("reads references as CloudFormation does: Ref, GetAtt in both forms, Sub with and without variables", () => {
    const known = new Set(["Table", "Role", "Queue", "Topic"]);
    expect(
      [
        ...namedIn(
          {
            a: { Ref: "Table" },
            b: { "Fn::GetAtt": ["Role", "Arn"] },
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation substitution
            c: { "Fn::Sub": "arn:${AWS::Partition}:sqs:${Queue.Arn}/${Literal}" },
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation substitution
            d: { "Fn::Sub": ["${Topic}-${Local}", { Local: { Ref: "AWS::Region" } }] },
            e: { Ref: "AWS::StackName" },
          },
          known,
        ),
      ].sort(),
    ).toEqual(["Queue", "Role", "Table", "Topic"]);
  });

  it("creates a nested stack's resources after what its stack resource waits for, and waits for all of a nested stack", () => {
    const routesStack = stack.routeStacks.get("sessions");
    if (!routesStack?.nestedStackResource) throw new Error("no sessions route stack");
    const stackNode = `${stack.node.path}#${stack.getLogicalId(routesStack.nestedStackResource)}`;
    const route = order.resources.find(
      (each) => each.stackPath === routesStack.node.path && each.resource.Type === "AWS::ApiGatewayV2::Route",
    );
    if (!route) throw new Error("no route in the sessions stack");
    // The API (a parameter of the nested stack) exists before the route.
    const api = order.resources.find((each) => each.resource.Type === "AWS::ApiGatewayV2::Api");
    expect(order.existsBefore(route.node).has(api?.node ?? "")).toBe(true);
    expect(order.existsBefore(route.node).has(stackNode)).toBe(false);
  });

  it("makes every resource that names another by name wait for it (the stage's route settings first)", () => {
    const byName = referencesByName(order);
    // The stage throttles the password-hashing and token routes, which live in nested stacks.
    expect(byName.filter((reference) => reference.what.startsWith("RouteSettings")).length).toBeGreaterThan(
      0,
    );
    const early = byName.filter((reference) => !order.existsBefore(reference.from).has(reference.to));
    expect(
      early.map((reference) => `${reference.from} may be created before ${reference.to} (${reference.what})`),
    ).toEqual([]);
  });

  it("lets a failed first deploy be retried: a resource with a fixed name never outlives its rollback", () => {
    const named = order.resources
      .map((each) => ({
        each,
        name: nameProperties
          .map((property) => each.resource.Properties?.[property])
          .find((value) => typeof value === "string"),
      }))
      .filter(({ name }) => name !== undefined)
      .map(
        ({ each, name }) =>
          `${each.resource.Type} ${name}: ${(each.resource as { DeletionPolicy?: string }).DeletionPolicy ?? "Delete"}`,
      );
    // Every named kind is there to be checked: log groups of the workflows, machines, alarms, the dashboard, the API.
    for (const type of [
      "AWS::Logs::LogGroup",
      "AWS::StepFunctions::StateMachine",
      "AWS::CloudWatch::Alarm",
      "AWS::CloudWatch::Dashboard",
      "AWS::ApiGatewayV2::Api",
    ])
      expect(
        named.some((line) => line.startsWith(type)),
        type,
      ).toBe(true);
    expect(named.filter((line) => !/: (Delete|RetainExceptOnCreate)$/.test(line))).toEqual([]);
  });

  it("leaves behind, after a failed first deploy, only the data stores (no fixed name: a retry creates new ones)", () => {
    const kept = order.resources.filter(
      (each) => (each.resource as { DeletionPolicy?: string }).DeletionPolicy === "Retain",
    );
    expect([...new Set(kept.map((each) => each.resource.Type))].sort()).toEqual([
      "AWS::DynamoDB::GlobalTable",
      "AWS::S3::Bucket",
    ]);
    for (const each of kept)
      expect(nameProperties.filter((property) => each.resource.Properties?.[property] !== undefined)).toEqual(
        [],
      );
    // The ~85 log groups and the alarm topic's key go with a rollback of their creation, and stay afterwards.
    const logGroups = order.resources.filter((each) => each.resource.Type === "AWS::Logs::LogGroup");
    expect(logGroups.length).toBeGreaterThan(80);
    for (const each of [...logGroups, ...order.resources.filter((r) => r.resource.Type === "AWS::KMS::Key")])
      expect((each.resource as { DeletionPolicy?: string }).DeletionPolicy, each.node).toBe(
        "RetainExceptOnCreate",
      );
  });

  it("gives no function of a stage other than dev a documentation placeholder (example.com, .org, .net)", () => {
    const functions = order.resources.filter((each) => each.resource.Type === "AWS::Lambda::Function");
    expect(functions.length).toBeGreaterThan(80);
    const placeholders = functions.flatMap((each) => {
      const variables =
        (each.resource.Properties?.Environment as { Variables?: Record<string, unknown> })?.Variables ?? {};
      return Object.entries(variables)
        .filter(([, value]) => /example\.(com|org|net)/.test(JSON.stringify(value)))
        .map(([name, value]) => `${each.node} ${name}=${JSON.stringify(value)}`);
    });
    expect(placeholders).toEqual([]);
  });
});
