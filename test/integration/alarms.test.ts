import { ListExecutionsCommand, SFNClient } from "@aws-sdk/client-sfn";
import { beforeAll, describe, expect, it } from "vitest";
import { purgeJob } from "#functions/purge/job";
import { reconcileJob } from "#functions/reconcile/job";
import { metricsNamespace, workflowFailureExpression } from "#infra/constructs/alarms";
import { functionTimeoutSeconds } from "#shared/function-access";
import { signUp } from "#test/support/accounts";
import { evaluateMetricMath, unfilledMetrics } from "#test/support/metric-math";
import { useLocalRuntime } from "#test/support/runtime";
import {
  addProduct,
  confirmTermination,
  productReaches,
  requestAndReadLink,
} from "#test/support/termination";
import { cachedTemplate, prodContext, projectStack } from "../infra/fixtures/stack";

/**
 * Every alarm can fire: each alarm and dashboard widget on one of the project's own metrics names a
 * metric with the exact dimension set the code publishes (the EMF lines the local functions print,
 * kept by the local Lambda service as CloudWatch reads them), every alarm's expression survives a
 * metric without data (FILL), and the workflow alarm's expression, evaluated on what a real
 * failure published, crosses its threshold for an unexpected failure and not for an expected one.
 */
const local = useLocalRuntime();
const stage = "prod";

type Dimensions = Record<string, string>;
interface Series {
  namespace: string;
  name: string;
  dimensions: Dimensions;
}
interface Referenced extends Series {
  where: string;
}
interface AlarmMetric {
  Id: string;
  Expression?: string;
  MetricStat?: {
    Metric: { Namespace: string; MetricName: string; Dimensions?: { Name: string; Value: unknown }[] };
  };
}
interface AlarmResource {
  Properties: {
    AlarmName: string;
    Threshold: number;
    ComparisonOperator: string;
    Namespace?: string;
    MetricName?: string;
    Dimensions?: { Name: string; Value: unknown }[];
    Metrics?: AlarmMetric[];
  };
}

let alarms: AlarmResource[] = [];
let referenced: Referenced[] = [];

const dimensionsOf = (list: { Name: string; Value: unknown }[] = []): Dimensions =>
  Object.fromEntries(
    list.map((each) => [each.Name, typeof each.Value === "string" ? each.Value : "(token)"]),
  );

beforeAll(() => {
  const stack = projectStack(prodContext);
  const templates = stack.stacks.map((each) => cachedTemplate(each).toJSON());
  alarms = templates.flatMap((template) =>
    Object.values(template.Resources as Record<string, { Type: string }>).filter(
      (resource): resource is AlarmResource & { Type: string } => resource.Type === "AWS::CloudWatch::Alarm",
    ),
  );
  for (const alarm of alarms) {
    const { Namespace, MetricName, Dimensions, Metrics, AlarmName } = alarm.Properties;
    if (Namespace && MetricName)
      referenced.push({
        namespace: Namespace,
        name: MetricName,
        dimensions: dimensionsOf(Dimensions),
        where: AlarmName,
      });
    for (const metric of Metrics ?? []) {
      const stat = metric.MetricStat?.Metric;
      if (stat)
        referenced.push({
          namespace: stat.Namespace,
          name: stat.MetricName,
          dimensions: dimensionsOf(stat.Dimensions),
          where: AlarmName,
        });
    }
  }
  // The dashboard: its body is JSON with the stack's tokens joined in.
  for (const template of templates) {
    for (const resource of Object.values(
      template.Resources as Record<
        string,
        { Type: string; Properties: { DashboardBody: { "Fn::Join": [string, unknown[]] } } }
      >,
    )) {
      if (resource.Type !== "AWS::CloudWatch::Dashboard") continue;
      const body = resource.Properties.DashboardBody["Fn::Join"][1]
        .map((part) => (typeof part === "string" ? part : "(token)"))
        .join("");
      const widgets = (
        JSON.parse(body) as { widgets: { properties: { title?: string; metrics?: unknown[][] } }[] }
      ).widgets;
      for (const widget of widgets) {
        for (const line of widget.properties.metrics ?? []) {
          const [namespace, name, ...rest] = line;
          if (typeof namespace !== "string" || typeof name !== "string") continue;
          const pairs = rest.filter((each) => typeof each === "string") as string[];
          const dimensions: Dimensions = {};
          for (let index = 0; index + 1 < pairs.length; index += 2)
            dimensions[pairs[index] as string] = pairs[index + 1] as string;
          referenced.push({ namespace, name, dimensions, where: `dashboard: ${widget.properties.title}` });
        }
      }
    }
  }
  referenced = referenced.filter((each) => each.namespace === metricsNamespace(stage));
});

/** The series the functions published since `from`: one per metric and dimension set of each EMF line. */
function emittedSince(from: number): Series[] {
  return local.runtime
    .emittedMetrics()
    .filter((each) => each.at >= from)
    .flatMap(({ document }) =>
      document._aws.CloudWatchMetrics.flatMap((directive) =>
        directive.Dimensions.flatMap((set) =>
          directive.Metrics.map((metric) => ({
            namespace: directive.Namespace,
            name: metric.Name,
            dimensions: Object.fromEntries(set.map((dimension) => [dimension, String(document[dimension])])),
            value: Number(document[metric.Name]),
          })),
        ),
      ),
    );
}

const sum = (series: (Series & { value?: number })[], name: string, dimensions: Dimensions) => {
  const matching = series.filter(
    (each) => each.name === name && JSON.stringify(each.dimensions) === JSON.stringify(dimensions),
  );
  return matching.length ? matching.reduce((total, each) => total + (each.value ?? 0), 0) : undefined;
};

const failedExecutions = async (since: Date) => {
  const sfn = new SFNClient({ endpoint: local.runtime.urls.stepfunctions });
  const listed = await sfn.send(
    new ListExecutionsCommand({
      stateMachineArn: local.runtime.stateMachineArn("product-termination"),
      statusFilter: "FAILED",
    }),
  );
  return (listed.executions ?? []).filter((execution) => (execution.startDate ?? new Date(0)) >= since)
    .length;
};

/** Terminates a product whose deprovisioning always fails with `errorName`; waits for the recorded failure. */
async function failedTermination(errorName: string) {
  const owner = await signUp(local.api);
  const { recordingProductProvisioning } = await import("#shared/ports/product-provisioning");
  const { productId } = await addProduct(owner.orgId);
  await recordingProductProvisioning.failNext(productId, { times: "always", errorName });
  const token = await requestAndReadLink(local, owner, owner.orgId, productId);
  expect((await confirmTermination(local, token)).status).toBe(202);
  await productReaches(owner.orgId, productId, ["termination_failed"]);
  await local.runtime.idle(5_000);
}

describe("the alarms watch what the code publishes", () => {
  it("names each of the project's own metrics with the dimensions the functions publish it with", async () => {
    const from = Date.now();
    await failedTermination("ProvisioningRejected");
    await failedTermination("ProviderOutOfOrder");
    // The jobs publish their counts at each run.
    const job = (name: string, declaration: typeof purgeJob) => ({
      name,
      handler: declaration.handler,
      access: declaration.access,
      timeoutSeconds: functionTimeoutSeconds.job,
    });
    await local.runtime.invoke(job("purge-backups", purgeJob), {});
    await local.runtime.invoke(job("reconcile", reconcileJob), {});
    const emitted = emittedSince(from);
    // Locally the functions publish in the namespace of a stage named "local".
    expect(new Set(emitted.map((each) => each.namespace))).toEqual(new Set(["AccountWorkflows/local"]));

    expect(referenced.length).toBeGreaterThan(5);
    // Exact dimension sets, values included; a workflow this test did not make fail is matched by
    // its dimension's name only (its value is that workflow's name, published the same way).
    const shape = (dimensions: Dimensions) =>
      JSON.stringify(
        Object.entries(dimensions)
          .map(([name, value]) =>
            name === "workflow" && value !== "product-termination" ? [name, "(any)"] : [name, value],
          )
          .sort(),
      );
    const anyWorkflow = (dimensions: Dimensions) =>
      dimensions.workflow ? { ...dimensions, workflow: "(any)" } : dimensions;
    const published = new Set(
      emitted.flatMap((each) => [
        `${each.name} ${shape(each.dimensions)}`,
        `${each.name} ${shape(anyWorkflow(each.dimensions))}`,
      ]),
    );
    const unmatched = referenced.filter(
      (reference) => !published.has(`${reference.name} ${shape(reference.dimensions)}`),
    );
    expect(unmatched.map((each) => `${each.where}: ${each.name} ${JSON.stringify(each.dimensions)}`)).toEqual(
      [],
    );
  });

  it("keeps every alarm's expression whole when a metric has no data point (each term FILLed)", () => {
    const expressions = alarms.flatMap((alarm) =>
      (alarm.Properties.Metrics ?? []).flatMap((metric) =>
        metric.Expression ? [{ alarm: alarm.Properties.AlarmName, expression: metric.Expression }] : [],
      ),
    );
    expect(expressions.length).toBeGreaterThan(5);
    expect(
      expressions
        .map(({ alarm, expression }) => ({ alarm, unfilled: unfilledMetrics(expression) }))
        .filter(({ unfilled }) => unfilled.length),
    ).toEqual([]);
  });

  it("fires the workflow alarm for an unexpected failure and not for an expected one, on what they published", async () => {
    const alarm = alarms.find(
      (each) => each.Properties.AlarmName === `${stage}-product-termination-executions-failed`,
    );
    expect(alarm?.Properties.ComparisonOperator).toBe("GreaterThanOrEqualToThreshold");
    const expression = alarm?.Properties.Metrics?.find((metric) => metric.Expression)?.Expression ?? "";
    expect(expression).toBe(workflowFailureExpression);
    const threshold = alarm?.Properties.Threshold ?? 0;
    const dimensions = { service: "workflows", workflow: "product-termination" };

    // One period with an expected failure (the provider refused: the customer reads it in the status).
    const expectedSince = new Date();
    const expectedFrom = Date.now();
    await failedTermination("ProvisioningRejected");
    const expectedPeriod = {
      failed: await failedExecutions(expectedSince),
      expected: sum(emittedSince(expectedFrom), "ExpectedWorkflowFailures", dimensions),
      timedOut: undefined,
      aborted: undefined,
    };
    expect(expectedPeriod).toMatchObject({ failed: 1, expected: 1 });
    expect(evaluateMetricMath(expression, expectedPeriod)).toBeLessThan(threshold);

    // Another with an unexpected one (a fault): no expected failure published, no timeout, no abort.
    const unexpectedSince = new Date();
    const unexpectedFrom = Date.now();
    await failedTermination("ProviderOutOfOrder");
    const unexpectedPeriod = {
      failed: await failedExecutions(unexpectedSince),
      expected: sum(emittedSince(unexpectedFrom), "ExpectedWorkflowFailures", dimensions),
      timedOut: undefined,
      aborted: undefined,
    };
    expect(unexpectedPeriod).toMatchObject({ failed: 1, expected: undefined });
    expect(sum(emittedSince(unexpectedFrom), "UnexpectedWorkflowFailures", dimensions)).toBe(1);
    expect(evaluateMetricMath(expression, unexpectedPeriod)).toBeGreaterThanOrEqual(threshold);
    // Without FILL, the missing terms would have emptied it: no data point, so no alarm.
    expect(
      evaluateMetricMath("MAX([failed - expected, 0]) + timedOut + aborted", unexpectedPeriod),
    ).toBeUndefined();
  });
});
