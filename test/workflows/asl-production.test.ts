import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "#functions/workflow-types";
import { workflows } from "#functions/workflows";
import { type LocalStepFunctions, startLocalStepFunctions } from "#local/stepfunctions";
import { functionTimeoutSeconds } from "#shared/function-access";
import { failureReason } from "#shared/workflow-failure";
import { eventually } from "#test/support/runtime";

/**
 * Issue 15, item 7: the three workflows as production needs them. Every Task retries, first, the
 * four Lambda service errors AWS recommends retrying and the AWS SDK's throttling errors (which a
 * task that does not rename them fails with), with backoff and full jitter; then the domain's
 * the function's own timeout or crash (`Sandbox.Timedout`, `Lambda.Unknown`: a slow provider or a
 * starved environment; retried twice at most, since a page that always overruns would only overrun
 * again); then the domain's `TransientError` and `States.Timeout`. A task's `TimeoutSeconds` is
 * above its function's own timeout, so the function's timeout always comes first, and a
 * `States.Timeout` only means that Lambda's answer was lost (an invocation that never returned):
 * safe to retry, the tasks being idempotent.
 * Retry and Catch are read straight from the ASL files, then run through the local Step Functions
 * service to show that it honours them as AWS does.
 */

const rootDir = resolve(import.meta.dirname, "../..");

const lambdaServiceErrors = [
  "Lambda.ServiceException",
  "Lambda.AWSLambdaException",
  "Lambda.SdkClientException",
  "Lambda.TooManyRequestsException",
];
/** The SDK's throttling: DynamoDB, SES v2 and S3 name it so. */
const sdkThrottling = [
  "ThrottlingException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "TooManyRequestsException",
  "SlowDown",
];

interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: string;
}
interface State {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  Retry?: Retrier[];
  Catch?: { ErrorEquals: string[]; Next: string; ResultPath?: string }[];
  Next?: string;
  ItemProcessor?: { States: Record<string, State> };
  Iterator?: { States: Record<string, State> };
  Branches?: { States: Record<string, State> }[];
}
interface Definition {
  StartAt: string;
  States: Record<string, State>;
}

const definitionOf = (workflow: WorkflowDefinition) =>
  JSON.parse(readFileSync(join(rootDir, workflow.definitionFile), "utf8")) as Definition;

/** Every Task state of a definition, nested ones (Map, Parallel) included. */
function tasksOf(states: Record<string, State>): [string, State][] {
  return Object.entries(states).flatMap(([name, state]): [string, State][] => [
    ...(state.Type === "Task" ? [[name, state] as [string, State]] : []),
    ...tasksOf((state.ItemProcessor ?? state.Iterator)?.States ?? {}),
    ...(state.Branches ?? []).flatMap((branch) => tasksOf(branch.States)),
  ]);
}

const substitutionOf = (resource: string | undefined) => /^\$\{(\w+)\}$/.exec(resource ?? "")?.[1];

describe("the production workflows' Task states", () => {
  it("are the three workflows, each with Task states", () => {
    expect(workflows.map((workflow) => workflow.name).sort()).toEqual([
      "member-removal",
      "organization-deletion",
      "product-termination",
    ]);
    for (const workflow of workflows)
      expect(tasksOf(definitionOf(workflow).States).length).toBeGreaterThan(0);
  });

  it("name each task function once across the workflows, as the local runtime names its functions", () => {
    // In AWS each workflow's tasks are functions of their own; the local runtime runs one function
    // per name (local/functions.ts), so two workflows' `RecordFailureFunctionArn` would be one.
    const names = workflows.flatMap((workflow) => Object.keys(workflow.tasks));
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  });

  for (const workflow of workflows) {
    const states = definitionOf(workflow).States;
    const tasks = tasksOf(states);
    describe(workflow.name, () => {
      it.each(tasks)(
        "%s: a Lambda task of the workflow, with TimeoutSeconds above its function's timeout",
        (_name, state) => {
          const substitution = substitutionOf(state.Resource);
          expect(substitution && workflow.tasks[substitution]).toBeTruthy();
          // Every task function is built with the task timeout (infra/constructs/workflows.ts, local/stepfunctions/tasks.ts).
          expect(state.TimeoutSeconds).toEqual(expect.any(Number));
          expect(state.TimeoutSeconds).toBeGreaterThan(functionTimeoutSeconds.task);
        },
      );

      it.each(tasks)(
        "%s: retries Lambda's service errors and the SDK's throttling first, with backoff and full jitter",
        (_name, state) => {
          const [first] = state.Retry ?? [];
          expect(first).toBeDefined();
          expect(first?.ErrorEquals).toEqual(
            expect.arrayContaining([...lambdaServiceErrors, ...sdkThrottling]),
          );
          expect(first?.JitterStrategy).toBe("FULL");
          expect(first?.IntervalSeconds).toBeGreaterThanOrEqual(1);
          expect(first?.BackoffRate).toBeGreaterThan(1);
          expect(first?.MaxAttempts).toBeGreaterThanOrEqual(3);
          // A cap on one pause, so that the last retries do not wait for minutes.
          expect(first?.MaxDelaySeconds).toBeGreaterThanOrEqual(first?.IntervalSeconds ?? 0);
        },
      );

      it.each(tasks)(
        "%s: retries its function's timeout, TransientError and States.Timeout too, never everything, each name in one retrier",
        (_name, state) => {
          const retriers = state.Retry ?? [];
          const names = retriers.flatMap((retrier) => retrier.ErrorEquals);
          expect(names).toEqual(expect.arrayContaining(["TransientError", "States.Timeout"]));
          expect(new Set(names).size).toBe(names.length);
          // A failure of the domain (a refused call, a lost condition) goes to the Catch at once.
          expect(names).not.toContain("States.ALL");
          expect(names).not.toContain("States.TaskFailed");
          // The function's own timeout or crash: retried, but twice at most.
          const overran = retriers.find((retrier) => retrier.ErrorEquals.includes("Sandbox.Timedout"));
          expect(overran?.ErrorEquals).toEqual(
            expect.arrayContaining(["Sandbox.Timedout", "Lambda.Unknown"]),
          );
          expect(overran?.MaxAttempts).toBeLessThanOrEqual(2);
          for (const retrier of retriers) {
            expect(retrier.JitterStrategy).toBe("FULL");
            expect(retrier.MaxAttempts).toBeGreaterThanOrEqual(1);
          }
        },
      );

      it.each(tasks.filter(([name]) => name !== "RecordFailure"))(
        "%s: catches every error into the state that records the failure",
        (_name, state) => {
          const last = state.Catch?.at(-1);
          expect(last?.ErrorEquals).toEqual(["States.ALL"]);
          // Through the Pass states that name the failed step, to the task that records it.
          let target = last?.Next;
          while (target && states[target]?.Type === "Pass") target = states[target]?.Next;
          expect(target).toBe("RecordFailure");
        },
      );
    });
  }
});

describe("failure reasons (shared/workflow-failure.ts)", () => {
  const lambdaCause = (errorType: string, errorMessage: string) =>
    JSON.stringify({
      errorType,
      errorMessage,
      trace: [`${errorType}: ${errorMessage}`, "    at step (file:///var/task/index.mjs:1:2)"],
    });

  it("keeps only the message of a Lambda task's JSON cause: `Error: message`, no trace", () => {
    expect(
      failureReason({
        Error: "TransientError",
        Cause: lambdaCause("TransientError", "The payment provider is unavailable."),
      }),
    ).toBe("TransientError: The payment provider is unavailable.");
  });

  it("says what a States.Timeout means when its cause says nothing more", () => {
    const expected = "States.Timeout: The step did not finish within its time limit.";
    expect(failureReason({ Error: "States.Timeout", Cause: "States.Timeout" })).toBe(expected);
    expect(failureReason({ Error: "States.Timeout" })).toBe(expected);
    expect(failureReason({ Error: "States.Timeout", Cause: "" })).toBe(expected);
  });

  it("never stores a stack, a JSON document, control characters or more than 500 characters", () => {
    const withStack = new Error("Cannot find module 'x'\nRequire stack:\n- /var/task/index.mjs");
    const reasons = [
      failureReason({
        Error: "Runtime.ImportModuleError",
        Cause: lambdaCause("Runtime.ImportModuleError", withStack.message),
      }),
      failureReason({ Error: "Error", Cause: `${new Error("boom").stack}` }),
      // Step Functions cuts causes past 32,768 characters: the JSON no longer parses.
      failureReason({
        Error: "TransientError",
        Cause: lambdaCause("TransientError", "cut off").slice(0, 60),
      }),
      failureReason({ Error: "TransientError", Cause: `{"errorType":"TransientError","trace":["at x"` }),
      failureReason({
        Error: "Sandbox.Timedout",
        Cause: lambdaCause("Sandbox.Timedout", "x".repeat(40_000)),
      }),
      failureReason({ Error: "Bad\u0000Name", Cause: "line one\r\n\tline two\u202e" }),
      failureReason(undefined),
    ];
    expect(reasons.slice(0, 4)).toEqual([
      "Runtime.ImportModuleError: Cannot find module 'x'",
      "Error: Error: boom",
      "TransientError: cut off",
      "TransientError",
    ]);
    for (const reason of reasons) {
      expect(reason.length).toBeLessThanOrEqual(500);
      expect(reason).not.toMatch(/\s{2,}|\s+at\s|"trace"|errorType|errorMessage|\{"/);
      expect([...reason].every((character) => (character.codePointAt(0) ?? 0) >= 0x20)).toBe(true);
    }
    expect(reasons[5]).toBe("Bad Name: line one line two");
  });
});

describe("the local Step Functions service runs these Retry blocks as AWS does", () => {
  let dataDir: string;
  let service: LocalStepFunctions;
  let sfn: SFNClient;
  let machineArn: string;

  /**
   * A machine of one Task with the Retry, Catch and TimeoutSeconds of the first production task
   * (TerminateProducts), on a handler that fails with the names it is given, or sleeps.
   */
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "asl-production-"));
    const [deletion] = workflows.filter((workflow) => workflow.name === "organization-deletion");
    if (!deletion) throw new Error("no organization-deletion workflow");
    const production = definitionOf(deletion).States.TerminateProducts as State;
    const definition = {
      StartAt: "Step",
      States: {
        Step: {
          Type: "Task",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: an ASL substitution, as in the project's files
          Resource: "${FlakyFunctionArn}",
          TimeoutSeconds: 1,
          ResultPath: "$.result",
          Retry: production.Retry,
          Catch: (production.Catch ?? []).map((catcher) => ({ ...catcher, Next: "Caught" })),
          Next: "Done",
        },
        Caught: { Type: "Pass", End: true },
        Done: { Type: "Succeed" },
      },
    };
    const handler = `flaky-${randomUUID()}.mjs`;
    await writeFile(join(dataDir, "flaky.asl.json"), JSON.stringify(definition));
    await writeFile(
      join(dataDir, handler),
      `const seen = new Map();
export const handler = async (input) => {
  const attempt = (seen.get(input.id) ?? 0) + 1;
  seen.set(input.id, attempt);
  // Past the Task's TimeoutSeconds of 1, the subject: the engine's timer starts first and fires first.
  if (attempt <= (input.slowAttempts ?? 0)) await new Promise((done) => setTimeout(done, 1050));
  const name = input.errors?.[attempt - 1];
  if (name) throw Object.assign(new Error(name + " on attempt " + attempt), { name });
  return { attempts: attempt };
};
`,
    );
    service = await startLocalStepFunctions({
      port: 0,
      rootDir: dataDir,
      workflows: [
        {
          name: "asl-production-retry",
          definitionFile: "flaky.asl.json",
          tasks: { FlakyFunctionArn: { handler, access: {} } },
        },
      ],
      retryIntervalMs: 5,
    });
    sfn = new SFNClient({
      endpoint: service.endpoint,
      region: "eu-central-2",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    machineArn = service.stateMachineArn("asl-production-retry");
  });

  afterAll(async () => {
    sfn?.destroy();
    await service?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function run(input: { errors?: string[]; slowAttempts?: number }) {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: machineArn,
        input: JSON.stringify({ id: randomUUID(), ...input }),
      }),
    );
    const execution = await eventually(
      async () => {
        const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        return described.status === "RUNNING" ? undefined : described;
      },
      10_000,
      `${executionArn} to leave RUNNING`,
    );
    const { events = [] } = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }),
    );
    return {
      status: execution.status,
      output: JSON.parse(execution.output ?? "{}") as {
        result?: { attempts: number };
        error?: { Error: string; Cause: string };
      },
      attempts: events.filter((event) => event.type === "LambdaFunctionScheduled").length,
    };
  }

  it("retries each Lambda service error and each SDK throttling error, then goes on", async () => {
    const errors = [...lambdaServiceErrors, ...sdkThrottling].slice(0, 6);
    const outcome = await run({ errors });
    expect([outcome.status, outcome.attempts, outcome.output.result?.attempts]).toEqual([
      "SUCCEEDED",
      errors.length + 1,
      errors.length + 1,
    ]);
  });

  it("retries TransientError, and a States.Timeout after the Task's own TimeoutSeconds", async () => {
    const outcome = await run({ errors: ["TransientError"], slowAttempts: 0 });
    expect([outcome.status, outcome.attempts]).toEqual(["SUCCEEDED", 2]);
    const slow = await run({ slowAttempts: 1 });
    expect([slow.status, slow.attempts, slow.output.result?.attempts]).toEqual(["SUCCEEDED", 2, 2]);
  });

  it("catches the other errors at once, with AWS's JSON cause, which the recorded reason reduces to a line", async () => {
    const outcome = await run({ errors: ["ProvisioningRejected"] });
    expect([outcome.status, outcome.attempts, outcome.output.error?.Error]).toEqual([
      "SUCCEEDED",
      1,
      "ProvisioningRejected",
    ]);
    expect(JSON.parse(outcome.output.error?.Cause ?? "{}")).toMatchObject({
      errorType: "ProvisioningRejected",
      trace: expect.any(Array),
    });
    expect(failureReason(outcome.output.error)).toBe(
      "ProvisioningRejected: ProvisioningRejected on attempt 1",
    );
  });

  it("gives up after the retrier's MaxAttempts and catches the error", async () => {
    const deletion = workflows.find(
      (workflow) => workflow.name === "organization-deletion",
    ) as WorkflowDefinition;
    const maxAttempts = definitionOf(deletion).States.TerminateProducts?.Retry?.[0]?.MaxAttempts ?? 0;
    const outcome = await run({ errors: Array(maxAttempts + 1).fill("ThrottlingException") });
    expect([outcome.status, outcome.attempts, outcome.output.error?.Error]).toEqual([
      "SUCCEEDED",
      maxAttempts + 1,
      "ThrottlingException",
    ]);
  });
});
