import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  InvalidArn,
  InvalidExecutionInput,
  InvalidName,
  InvalidToken,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStepFunctions, startLocalStepFunctions } from "#local/stepfunctions";
import { eventually } from "#test/support/runtime";
import { limitsWorkflow, sampleWorkflow } from "#test/workflows/fixtures/sample-workflow";

/** A Lambda error's cause as AWS gives it to Step Functions: `{"errorType","errorMessage","trace"}`. */
const lambdaCause = (errorType: string, errorMessage: string) =>
  expect.stringMatching(
    new RegExp(
      `^${JSON.stringify({ errorType, errorMessage })
        .slice(0, -1)
        .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")},"trace":\\[`,
    ),
  );
const messageOf = (cause: string | undefined) =>
  cause ? (JSON.parse(cause) as { errorMessage?: string }).errorMessage : undefined;

const rootDir = resolve(import.meta.dirname, "../..");
const region = "eu-central-2";

let dataDir: string;
let service: LocalStepFunctions;
let sfn: SFNClient;
let machineArn: string;

const connect = (endpoint: string) =>
  new SFNClient({ endpoint, region, credentials: { accessKeyId: "local", secretAccessKey: "local" } });

const startService = () =>
  startLocalStepFunctions({ port: 0, dataDir, workflows: [sampleWorkflow], rootDir, retryIntervalMs: 5 });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "local-sfn-"));
  service = await startService();
  sfn = connect(service.endpoint);
  machineArn = service.stateMachineArn(sampleWorkflow.name);
});

afterAll(async () => {
  await service?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Polls DescribeExecution until the execution leaves RUNNING (bounded). */
function settled(executionArn: string, client = sfn): Promise<DescribeExecutionCommandOutput> {
  return eventually(
    async () => {
      const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
      return execution.status === "RUNNING" ? undefined : execution;
    },
    10_000,
    `${executionArn} to leave RUNNING`,
  );
}

async function history(executionArn: string, client = sfn): Promise<HistoryEvent[]> {
  const { events = [] } = await client.send(
    new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }),
  );
  return events;
}

/** Polls the history until an event of the type appears (bounded). */
function historyUntil(executionArn: string, type: string, client = sfn): Promise<HistoryEvent[]> {
  return eventually(
    async () => {
      const events = await history(executionArn, client);
      return events.some((event) => event.type === type) ? events : undefined;
    },
    10_000,
    `a ${type} event of ${executionArn}`,
  );
}

async function run(input: Record<string, unknown>, name?: string) {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: machineArn, input: JSON.stringify(input), name }),
  );
  if (!executionArn) throw new Error("no executionArn");
  return { executionArn, execution: await settled(executionArn) };
}

const ofType = (events: HistoryEvent[], type: string) => events.filter((event) => event.type === type);
const types = (events: HistoryEvent[]) => events.map((event) => event.type);
const enteredStates = (events: HistoryEvent[]) =>
  events
    .filter((event) => event.type?.endsWith("StateEntered"))
    .map((event) => event.stateEnteredEventDetails?.name);

describe("local Step Functions service", () => {
  it("lists the state machine by name and describes it with the substituted definition", async () => {
    const { stateMachines = [] } = await sfn.send(new ListStateMachinesCommand({}));
    const listed = stateMachines.find((machine) => machine.name === sampleWorkflow.name);
    expect(listed).toMatchObject({ stateMachineArn: machineArn, type: "STANDARD" });
    expect(listed?.creationDate).toBeInstanceOf(Date);
    expect(machineArn).toBe(`arn:aws:states:${region}:000000000000:stateMachine:${sampleWorkflow.name}`);

    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn }));
    expect(described).toMatchObject({ name: sampleWorkflow.name, status: "ACTIVE", type: "STANDARD" });
    expect(described.definition).not.toContain("${");
    const definition = JSON.parse(described.definition ?? "{}");
    expect(definition.StartAt).toBe("Route");
    expect(definition.States.Settle.Resource).toBe(
      `arn:aws:lambda:${region}:000000000000:function:SettleFunctionArn`,
    );
  });

  it("runs the default branch: a Map whose failing item is retried, then settles and notifies", async () => {
    const runId = randomUUID();
    const input = {
      runId,
      items: [
        { id: "a", value: 1 },
        { id: "b", value: 2, failures: 2 },
      ],
    };
    const { executionArn, execution } = await run(input);
    expect(execution).toMatchObject({
      status: "SUCCEEDED",
      stateMachineArn: machineArn,
      input: JSON.stringify(input),
    });
    expect(execution.startDate).toBeInstanceOf(Date);
    expect(execution.stopDate?.getTime()).toBeGreaterThanOrEqual(execution.startDate?.getTime() ?? 0);
    expect(JSON.parse(execution.output ?? "null")).toEqual({
      outcome: "settled",
      processed: [
        { id: "a", doubled: 2, attempts: 1 },
        { id: "b", doubled: 4, attempts: 3 },
      ],
      settlement: { settled: true, runId },
      notification: { notified: true, statusCode: 200 },
    });

    const events = await history(executionArn);
    expect(events[0]).toMatchObject({
      id: 1,
      previousEventId: 0,
      type: "ExecutionStarted",
      executionStartedEventDetails: { input: JSON.stringify(input) },
    });
    expect(events[0]?.timestamp).toBeInstanceOf(Date);
    expect(events.at(-1)).toMatchObject({ type: "ExecutionSucceeded" });
    expect(JSON.parse(events.at(-1)?.executionSucceededEventDetails?.output ?? "null")).toEqual(
      JSON.parse(execution.output ?? ""),
    );
    events.forEach((event, index) => {
      expect(event.id).toBe(index + 1);
      expect(event.previousEventId).toBe(index);
    });

    // The Choice took its default branch.
    expect(enteredStates(events).slice(0, 2)).toEqual(["Route", "ProcessItems"]);
    expect(types(events).slice(1, 5)).toEqual([
      "ChoiceStateEntered",
      "ChoiceStateExited",
      "MapStateEntered",
      "MapStateStarted",
    ]);
    expect(ofType(events, "MapStateStarted")[0]?.mapStateStartedEventDetails).toEqual({ length: 2 });
    expect(ofType(events, "MapIterationStarted").map((e) => e.mapIterationStartedEventDetails)).toEqual([
      { name: "ProcessItems", index: 0 },
      { name: "ProcessItems", index: 1 },
    ]);
    expect(ofType(events, "MapIterationSucceeded")).toHaveLength(2);
    expect(types(events)).toContain("MapStateSucceeded");

    // Item b failed twice with Flaky, then succeeded: three attempts in its Lambda events.
    const itemB = events.filter((event) => {
      const scheduled = event.lambdaFunctionScheduledEventDetails?.input;
      const succeeded = event.lambdaFunctionSucceededEventDetails?.output;
      const failed = event.lambdaFunctionFailedEventDetails?.cause;
      if (scheduled) return JSON.parse(scheduled).item?.id === "b";
      if (succeeded) return JSON.parse(succeeded).id === "b";
      return messageOf(failed)?.startsWith("item b ") ?? false;
    });
    expect(types(itemB)).toEqual([
      "LambdaFunctionScheduled",
      "LambdaFunctionFailed",
      "LambdaFunctionScheduled",
      "LambdaFunctionFailed",
      "LambdaFunctionScheduled",
      "LambdaFunctionSucceeded",
    ]);
    expect(itemB[1]?.lambdaFunctionFailedEventDetails).toEqual({
      error: "Flaky",
      cause: lambdaCause("Flaky", "item b failed on attempt 1"),
    });
    expect(itemB[0]?.lambdaFunctionScheduledEventDetails?.resource).toBe(
      `arn:aws:lambda:${region}:000000000000:function:ProcessItemFunctionArn`,
    );
    expect(ofType(events, "LambdaFunctionScheduled")).toHaveLength(5); // a: 1, b: 3, Settle: 1
    expect(ofType(events, "LambdaFunctionStarted")).toHaveLength(5);
    expect(ofType(events, "TaskStateEntered")).toHaveLength(4); // a, b (once each), Settle, Notify

    // Notify goes through the optimized integration: Task events with the raw result.
    expect(ofType(events, "TaskScheduled")[0]?.taskScheduledEventDetails).toMatchObject({
      resourceType: "lambda",
      resource: "invoke",
      region,
    });
    const notified = JSON.parse(
      ofType(events, "TaskSucceeded")[0]?.taskSucceededEventDetails?.output ?? "{}",
    );
    expect(notified).toMatchObject({
      StatusCode: 200,
      Payload: { notified: true, outcome: "settled", functionName: "NotifyFunctionArn" },
    });
    expect(enteredStates(events).slice(-3)).toEqual(["Settle", "Summarize", "Notify"]);
  });

  it("catches a declined payment and records the error in the output", async () => {
    const runId = randomUUID();
    const { executionArn, execution } = await run({ runId, items: [], settle: "decline" });
    expect([execution.status, execution.error, execution.cause]).toEqual(["SUCCEEDED", undefined, undefined]);
    expect(JSON.parse(execution.output ?? "null")).toEqual({
      outcome: "declined",
      error: "PaymentDeclined",
      cause: lambdaCause("PaymentDeclined", `card declined for run ${runId}`),
      processed: [],
    });
    const events = await history(executionArn);
    expect(ofType(events, "LambdaFunctionFailed")[0]?.lambdaFunctionFailedEventDetails).toEqual({
      error: "PaymentDeclined",
      cause: lambdaCause("PaymentDeclined", `card declined for run ${runId}`),
    });
    expect(ofType(events, "MapStateStarted")[0]?.mapStateStartedEventDetails).toEqual({ length: 0 });
    expect(enteredStates(events)).toEqual(["Route", "ProcessItems", "Settle", "RecordDecline"]);
  });

  it("fails the execution with an uncaught task error's name and message", async () => {
    const { executionArn, execution } = await run({ runId: randomUUID(), items: [], settle: "crash" });
    expect(execution).toMatchObject({
      status: "FAILED",
      error: "LedgerUnavailable",
      cause: lambdaCause("LedgerUnavailable", "the ledger is unavailable"),
    });
    expect(execution.output).toBeUndefined();
    const events = await history(executionArn);
    expect(events.at(-1)).toMatchObject({
      type: "ExecutionFailed",
      executionFailedEventDetails: {
        error: "LedgerUnavailable",
        cause: lambdaCause("LedgerUnavailable", "the ledger is unavailable"),
      },
    });
  });

  it("fails the execution from a Fail state, and when a Map item exhausts its retries", async () => {
    const abandoned = await run({ mode: "abandon" });
    expect(abandoned.execution).toMatchObject({
      status: "FAILED",
      error: "Abandoned",
      cause: "The input asked to abandon the order.",
    });
    const abandonedEvents = await history(abandoned.executionArn);
    expect(types(abandonedEvents)).toEqual([
      "ExecutionStarted",
      "ChoiceStateEntered",
      "ChoiceStateExited",
      "FailStateEntered",
      "ExecutionFailed",
    ]);

    const exhausted = await run({ runId: randomUUID(), items: [{ id: "x", value: 1, failures: 9 }] });
    expect(exhausted.execution).toMatchObject({
      status: "FAILED",
      error: "Flaky",
      cause: lambdaCause("Flaky", "item x failed on attempt 4"),
    });
    const events = await history(exhausted.executionArn);
    expect(ofType(events, "LambdaFunctionFailed")).toHaveLength(4); // the first attempt and 3 retries
    expect(types(events)).toContain("MapStateFailed");
    expect(types(events)).not.toContain("MapStateSucceeded");
  });

  it("answers a repeated start of a running execution with it; refuses another input, or the name of one that ended", async () => {
    const name = `repeat-${randomUUID()}`;
    const input = JSON.stringify({ mode: "wait", runId: randomUUID() });
    const first = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, name, input }));
    const again = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, name, input }));
    expect(first.executionArn).toBe(
      `arn:aws:states:${region}:000000000000:execution:${sampleWorkflow.name}:${name}`,
    );
    expect(again).toMatchObject({ executionArn: first.executionArn, startDate: first.startDate });
    // One run only: one ExecutionStarted in the history.
    expect(ofType(await history(first.executionArn ?? ""), "ExecutionStarted")).toHaveLength(1);

    const other = sfn.send(
      new StartExecutionCommand({
        stateMachineArn: machineArn,
        name,
        input: JSON.stringify({ other: true }),
      }),
    );
    await expect(other).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    await expect(other).rejects.toMatchObject({
      name: "ExecutionAlreadyExists",
      $metadata: { httpStatusCode: 400 },
    });

    // Once it has ended, its name is refused even with the same input, as AWS does.
    await sfn.send(new StopExecutionCommand({ executionArn: first.executionArn }));
    const later = sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, name, input }));
    await expect(later).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    const response = await fetch(service.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "AWSStepFunctions.StartExecution",
      },
      body: JSON.stringify({ stateMachineArn: machineArn, name, input }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toMatch(/#ExecutionAlreadyExists$/);

    const finished = await run({ runId: randomUUID(), items: [] });
    const finishedName = finished.executionArn.split(":").at(-1);
    await expect(
      sfn.send(
        new StartExecutionCommand({
          stateMachineArn: machineArn,
          name: finishedName,
          input: finished.execution.input,
        }),
      ),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it("lists executions newest first, filtered by status, page by page", async () => {
    const started: string[] = [];
    for (const settle of ["crash", undefined, "crash"]) {
      const { executionArn } = await run({ runId: randomUUID(), items: [], settle });
      started.push(executionArn);
    }
    const pages: string[][] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(
        new ListExecutionsCommand({
          stateMachineArn: machineArn,
          statusFilter: "FAILED",
          maxResults: 2,
          nextToken,
        }),
      );
      expect(page.executions?.length).toBeLessThanOrEqual(2);
      for (const execution of page.executions ?? []) expect(execution.status).toBe("FAILED");
      pages.push((page.executions ?? []).map((execution) => execution.executionArn ?? ""));
      nextToken = page.nextToken;
    } while (nextToken && pages.length < 50);
    const all = pages.flat();
    expect(new Set(all).size).toBe(all.length);
    const failedOnes = all.filter((arn) => started.includes(arn));
    expect(failedOnes).toEqual([started[2], started[0]]);

    const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machineArn }));
    expect(executions[0]?.executionArn).toBe(started[2]);
    expect(executions.map((execution) => execution.executionArn)).toContain(started[1]);
    const dates = executions.map((execution) => execution.startDate?.getTime() ?? 0);
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    const succeeded = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: machineArn, statusFilter: "SUCCEEDED" }),
    );
    expect(succeeded.executions?.map((execution) => execution.executionArn)).toContain(started[1]);
    expect(succeeded.executions?.map((execution) => execution.executionArn)).not.toContain(started[0]);
  });

  it("pages the history forward and in reverse, with or without execution data", async () => {
    const { executionArn } = await run({ runId: randomUUID(), items: [{ id: "p", value: 3 }] });
    const all = await history(executionArn);
    expect(all.length).toBeGreaterThan(10);

    const collect = async (reverseOrder: boolean) => {
      const collected: HistoryEvent[] = [];
      let nextToken: string | undefined;
      do {
        const page = await sfn.send(
          new GetExecutionHistoryCommand({ executionArn, maxResults: 4, reverseOrder, nextToken }),
        );
        expect(page.events?.length).toBeLessThanOrEqual(4);
        collected.push(...(page.events ?? []));
        nextToken = page.nextToken;
      } while (nextToken && collected.length < 1000);
      return collected;
    };
    expect(await collect(false)).toEqual(all);
    const reversed = await collect(true);
    expect(reversed[0]?.type).toBe("ExecutionSucceeded");
    expect(reversed).toEqual([...all].reverse());

    const bare = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }),
    );
    expect(bare.events?.[0]?.executionStartedEventDetails?.input).toBeUndefined();
    expect(bare.events?.[0]?.executionStartedEventDetails?.roleArn).toBeDefined();
    expect(bare.events?.find((event) => event.stateEnteredEventDetails)?.stateEnteredEventDetails).toEqual({
      name: "Route",
      inputDetails: { truncated: false },
    });
  });

  it("stops a waiting execution: ABORTED with the given error and cause, the others run on", async () => {
    const [executionArn = "", otherArn = ""] = await Promise.all(
      [1, 2].map(async () => {
        const started = await sfn.send(
          new StartExecutionCommand({ stateMachineArn: machineArn, input: JSON.stringify({ mode: "wait" }) }),
        );
        return started.executionArn;
      }),
    );
    await historyUntil(executionArn, "WaitStateEntered");
    await historyUntil(otherArn, "WaitStateEntered");
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe("RUNNING");

    const { stopDate } = await sfn.send(
      new StopExecutionCommand({ executionArn, error: "Operator.Stopped", cause: "stopped by the test" }),
    );
    expect(stopDate).toBeInstanceOf(Date);
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(execution).toMatchObject({
      status: "ABORTED",
      error: "Operator.Stopped",
      cause: "stopped by the test",
    });
    expect(execution.stopDate).toEqual(stopDate);
    const events = await history(executionArn);
    expect(types(events).slice(-2)).toEqual(["WaitStateAborted", "ExecutionAborted"]);
    expect(events.at(-1)?.executionAbortedEventDetails).toEqual({
      error: "Operator.Stopped",
      cause: "stopped by the test",
    });

    // The other one still waits; stopping it without error or cause leaves them out.
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: otherArn }))).status).toBe("RUNNING");
    await sfn.send(new StopExecutionCommand({ executionArn: otherArn }));
    const other = await sfn.send(new DescribeExecutionCommand({ executionArn: otherArn }));
    expect(other.status).toBe("ABORTED");
    expect(other.error).toBeUndefined();
    // Stopping an execution that has ended changes nothing.
    const repeated = await sfn.send(new StopExecutionCommand({ executionArn, error: "Other" }));
    expect(repeated.stopDate).toEqual(stopDate);
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).error).toBe("Operator.Stopped");
  });

  it("maps its errors to the SDK's exception classes", async () => {
    const unknownMachine = service.stateMachineArn("no-such-machine");
    await expect(
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn: unknownMachine })),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: unknownMachine, input: "{}" })),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(
      sfn.send(new ListExecutionsCommand({ stateMachineArn: unknownMachine })),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    const unknownExecution = `arn:aws:states:${region}:000000000000:execution:${sampleWorkflow.name}:nope`;
    await expect(
      sfn.send(new DescribeExecutionCommand({ executionArn: unknownExecution })),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    await expect(
      sfn.send(new GetExecutionHistoryCommand({ executionArn: unknownExecution })),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    await expect(
      sfn.send(new StopExecutionCommand({ executionArn: unknownExecution })),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, input: "{not json" })),
    ).rejects.toBeInstanceOf(InvalidExecutionInput);
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, name: "has space", input: "{}" })),
    ).rejects.toBeInstanceOf(InvalidName);
    await expect(
      sfn.send(new DescribeExecutionCommand({ executionArn: "not-an-arn" })),
    ).rejects.toBeInstanceOf(InvalidArn);
    await expect(
      sfn.send(new GetExecutionHistoryCommand({ executionArn: unknownExecution, nextToken: "garbage" })),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    await expect(
      sfn.send(new ListExecutionsCommand({ stateMachineArn: machineArn, nextToken: "garbage" })),
    ).rejects.toBeInstanceOf(InvalidToken);

    // A malformed request, as the wire shows it.
    const response = await fetch(service.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "AWSStepFunctions.DescribeExecution",
      },
      body: "{oops",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      __type: "com.amazonaws.swf.service.v2.model#ValidationException",
      message: "The request body is not valid JSON.",
    });
    const missing = await fetch(service.endpoint, {
      method: "POST",
      headers: { "x-amz-target": "AWSStepFunctions.DescribeExecution" },
      body: "{}",
    });
    expect(((await missing.json()) as { __type: string }).__type).toMatch(/#ValidationException$/);
  });

  it("refuses to start with a substitution that is not a task of the workflow", async () => {
    const { SettleFunctionArn: _settle, ...tasks } = sampleWorkflow.tasks;
    await expect(
      startLocalStepFunctions({ port: 0, rootDir, workflows: [{ ...sampleWorkflow, tasks }] }),
    ).rejects.toThrow(/uses \$\{SettleFunctionArn\}, which is not a task of the workflow/);
  });
});

describe("limits, as AWS applies them", () => {
  let limits: LocalStepFunctions;
  let client: SFNClient;
  const startLimits = async (mode: string) => {
    const { executionArn } = await client.send(
      new StartExecutionCommand({
        stateMachineArn: limits.stateMachineArn(limitsWorkflow.name),
        name: `${mode}-${randomUUID()}`,
        input: JSON.stringify({ mode }),
      }),
    );
    return settled(executionArn as string, client);
  };

  beforeAll(async () => {
    limits = await startLocalStepFunctions({
      port: 0,
      workflows: [limitsWorkflow],
      rootDir,
      historyEventLimit: 60,
    });
    client = connect(limits.endpoint);
  });
  afterAll(async () => {
    client?.destroy();
    await limits?.stop();
  });

  it("fails the execution with States.DataLimitExceeded for a task result over 256 KiB, past a Catch of States.ALL", async () => {
    const execution = await startLimits("big");
    expect([execution.status, execution.error]).toEqual(["FAILED", "States.DataLimitExceeded"]);
  });

  it("times a Task out after its own TimeoutSeconds (States.Timeout, caught)", async () => {
    const execution = await startLimits("slow");
    expect(execution.status).toBe("SUCCEEDED");
    expect(JSON.parse(execution.output ?? "{}").caught).toMatchObject({ Error: "States.Timeout" });
  });

  it("fails an execution whose history reaches the limit (25,000 in AWS; 60 here) with States.DataLimitExceeded", async () => {
    const execution = await startLimits("loop");
    expect([execution.status, execution.error]).toEqual(["FAILED", "States.DataLimitExceeded"]);
  });

  it("gives a Task without TimeoutSeconds no 60 s default: only the ASL's timeouts apply", async () => {
    const { engineDefinition } = await import("#local/stepfunctions/definition");
    const definition = engineDefinition({
      StartAt: "T",
      States: {
        T: { Type: "Task", Resource: "arn:aws:lambda:eu-central-2:000000000000:function:f", End: true },
      },
    } as never) as unknown as { States: { T: { TimeoutSeconds: number } } };
    expect(definition.States.T.TimeoutSeconds).toBeGreaterThanOrEqual(24 * 24 * 60 * 60);
  });
});
