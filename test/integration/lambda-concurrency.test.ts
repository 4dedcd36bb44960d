import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import { routes } from "#functions/routes";
import { workflows } from "#functions/workflows";
import { FunctionError, LambdaServiceError, type LocalFunctionSpec } from "#local/functions";
import { startLocalGateway } from "#local/gateway";
import { startLocalStepFunctions } from "#local/stepfunctions";
import { call, eventually, useLocalRuntime } from "#test/support/runtime";

/**
 * The local Lambda service runs functions as Lambda does: one invocation per execution
 * environment, another environment started (a cold start) when all are busy, up to the function's
 * reserved concurrency, past which it throttles; a timeout stops only the environment it happened
 * in. (A function here works for a given time: the waits are the work, not synchronisation.)
 */
const local = useLocalRuntime();

let count = 0;
const busyFunction = (options: { reservedConcurrency?: number; timeoutSeconds?: number } = {}) => ({
  name: `fixture-busy-${++count}`,
  handler: "test/integration/fixtures/busy.ts",
  access: {},
  timeoutSeconds: options.timeoutSeconds ?? 10,
  ...(options.reservedConcurrency !== undefined ? { reservedConcurrency: options.reservedConcurrency } : {}),
});
type Served = { environment: number };

describe("the local Lambda service's concurrency", () => {
  it("serves one invocation per environment: two at once start two, the next reuses one", async () => {
    const spec = busyFunction();
    const [first, second] = (await Promise.all([
      local.runtime.invoke(spec, { ms: 200 }),
      local.runtime.invoke(spec, { ms: 200 }),
    ])) as Served[];
    expect(first?.environment).not.toBe(second?.environment);
    expect(local.runtime.environments(spec.name)).toEqual({ started: 2, busy: 0 });
    const third = (await local.runtime.invoke(spec, { ms: 0 })) as Served;
    expect([first?.environment, second?.environment]).toContain(third.environment);
    expect(local.runtime.environments(spec.name).started).toBe(2);
  });

  it("throttles past the reserved concurrency with TooManyRequestsException, and serves again once one is free", async () => {
    const spec = busyFunction({ reservedConcurrency: 2 });
    const outcomes = await Promise.allSettled([0, 1, 2].map(() => local.runtime.invoke(spec, { ms: 300 })));
    const refused = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(2);
    expect(refused).toHaveLength(1);
    const error = (refused[0] as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(LambdaServiceError);
    expect(error).toMatchObject({ name: "TooManyRequestsException" });
    expect(local.runtime.environments(spec.name)).toEqual({ started: 2, busy: 0 });
    expect(await local.runtime.invoke(spec, { ms: 0 })).toMatchObject({ environment: expect.any(Number) });
  });

  it("stops only the environment whose invocation passed its timeout; the other invocation finishes", async () => {
    const spec = busyFunction({ timeoutSeconds: 1 });
    const [slow, quick] = await Promise.allSettled([
      local.runtime.invoke(spec, { ms: 1_500 }),
      local.runtime.invoke(spec, { ms: 100 }),
    ]);
    expect(slow.status).toBe("rejected");
    expect((slow as PromiseRejectedResult).reason).toBeInstanceOf(FunctionError);
    expect((slow as PromiseRejectedResult).reason).toMatchObject({ name: "Sandbox.Timedout" });
    expect(quick.status).toBe("fulfilled");
    // The timed-out environment is gone; the other one serves on.
    expect(local.runtime.environments(spec.name)).toEqual({ started: 1, busy: 0 });
  });

  it("answers a throttled route 429 with Retry-After at the gateway, as API Gateway does", async () => {
    const health = routes.filter((route) => route.path === "/v1/health");
    const gateway = await startLocalGateway({
      port: 0,
      rootDir: process.cwd(),
      routes: health,
      authorizerHandler: "functions/sessions/authorizer.ts",
      operatorKey: "unused",
      allowedOrigins: [],
      authorizerCacheSeconds: 30,
      invoke: async () => {
        throw new LambdaServiceError("TooManyRequestsException", "Rate Exceeded.", "");
      },
    });
    try {
      const answer = await call(gateway.url, "GET", "/v1/health");
      expect(answer.status).toBe(429);
      expect(answer.body).toMatchObject({ status: 429, code: "TOO_MANY_REQUESTS" });
      expect(answer.headers.get("retry-after")).toBe("1");
    } finally {
      await gateway.stop();
    }
  });

  it("reports a throttled task to Step Functions as Lambda.TooManyRequestsException, which the workflows retry", async () => {
    const folder = await mkdtemp(join(tmpdir(), "throttled-task-"));
    const [termination] = workflows.filter((workflow) => workflow.name === "product-termination");
    const production = (
      (await import(join(process.cwd(), termination?.definitionFile ?? ""), { with: { type: "json" } })) as {
        default: { States: { MarkTerminating: { Retry: unknown[] } } };
      }
    ).default.States.MarkTerminating;
    await writeFile(
      join(folder, "one-task.asl.json"),
      JSON.stringify({
        StartAt: "Step",
        States: {
          // biome-ignore lint/suspicious/noTemplateCurlyInString: an ASL substitution, as in the project's files
          Step: { Type: "Task", Resource: "${StepFunctionArn}", Retry: production.Retry, End: true },
        },
      }),
    );
    // The service checks that each task's handler exists; the test's invoke stands in for it.
    await writeFile(join(folder, "step.mjs"), "export const handler = async () => ({});\n");
    let calls = 0;
    const service = await startLocalStepFunctions({
      port: 0,
      rootDir: folder,
      workflows: [
        {
          name: "throttled",
          definitionFile: "one-task.asl.json",
          tasks: { StepFunctionArn: { handler: "step.mjs", access: {} } },
        },
      ],
      retryIntervalMs: 5,
      invoke: async (_spec: LocalFunctionSpec) => {
        calls += 1;
        if (calls === 1) throw new LambdaServiceError("TooManyRequestsException", "Rate Exceeded.", "");
        return { done: true };
      },
    });
    const sfn = new SFNClient({ endpoint: service.endpoint });
    try {
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({ stateMachineArn: service.stateMachineArn("throttled"), input: "{}" }),
      );
      const status = await eventually(async () => {
        const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        return described.status === "RUNNING" ? undefined : described.status;
      });
      expect(status).toBe("SUCCEEDED");
      const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      const failed = events.filter((event) => event.type === "LambdaFunctionFailed");
      expect(failed.map((event) => event.lambdaFunctionFailedEventDetails?.error)).toEqual([
        "Lambda.TooManyRequestsException",
      ]);
      expect(calls).toBe(2);
    } finally {
      sfn.destroy();
      await service.stop();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
