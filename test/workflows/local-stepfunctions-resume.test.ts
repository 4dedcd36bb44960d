/** The local Step Functions service across restarts: executions survive them and continue where their history says, as in AWS. */
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type LocalStepFunctions,
  type LocalStepFunctionsOptions,
  startLocalStepFunctions,
} from "#local/stepfunctions";
import { loadWorkflow, topLevelStates } from "#local/stepfunctions/definition";
import type { StoredEvent } from "#local/stepfunctions/history";
import { resumePoint } from "#local/stepfunctions/resume";
import type { ExecutionFile } from "#local/stepfunctions/store";
import { eventually } from "#test/support/runtime";
import { resumeWorkflow } from "#test/workflows/fixtures/resume-workflow";
import { sampleWorkflow } from "#test/workflows/fixtures/sample-workflow";

const rootDir = resolve(import.meta.dirname, "../..");
const region = "eu-central-2";

let dataDir: string;
let service: LocalStepFunctions;
let sfn: SFNClient;

const connect = (endpoint: string) =>
  new SFNClient({ endpoint, region, credentials: { accessKeyId: "local", secretAccessKey: "local" } });

const startService = () =>
  startLocalStepFunctions({ port: 0, dataDir, workflows: [sampleWorkflow], rootDir, retryIntervalMs: 5 });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "local-sfn-"));
  service = await startService();
  sfn = connect(service.endpoint);
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

const ofType = (events: HistoryEvent[], type: string) => events.filter((event) => event.type === type);
const types = (events: HistoryEvent[]) => events.map((event) => event.type);

describe("executions survive a restart, as in AWS", () => {
  let resumeDir: string;
  let resumeService: LocalStepFunctions;
  let client: SFNClient;
  let resumeArn: string;

  const startResumeService = (extra: Partial<LocalStepFunctionsOptions> = {}) =>
    startLocalStepFunctions({
      port: 0,
      dataDir: resumeDir,
      workflows: [sampleWorkflow, resumeWorkflow],
      rootDir,
      retryIntervalMs: 5,
      ...extra,
    });
  /** stop() then a new start on the same data, as a restart of the process does. */
  const stopService = async () => {
    await resumeService.stop();
    client.destroy();
  };
  const startAgain = async (extra: Partial<LocalStepFunctionsOptions> = {}) => {
    resumeService = await startResumeService(extra);
    client = connect(resumeService.endpoint);
  };
  const fileOf = async (name: string) =>
    JSON.parse(
      await readFile(join(resumeDir, "stepfunctions", resumeWorkflow.name, `${name}.json`), "utf8"),
    ) as ExecutionFile;
  const startResume = async (name: string, input: Record<string, unknown>) => {
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn: resumeArn, name, input: JSON.stringify(input) }),
    );
    if (!executionArn) throw new Error("no executionArn");
    return executionArn;
  };
  /** A directory the gate task waits on (until `open` is created there) and counts its calls in. */
  const newGate = () => mkdtemp(join(resumeDir, "gate-"));
  const callsOf = async (gate: string) =>
    (await readFile(join(gate, "calls"), "utf8").catch(() => "")).split("\n").filter(Boolean);
  const openGate = (gate: string) => writeFile(join(gate, "open"), "");

  beforeAll(async () => {
    resumeDir = await mkdtemp(join(tmpdir(), "local-sfn-resume-"));
    resumeService = await startResumeService();
    client = connect(resumeService.endpoint);
    resumeArn = resumeService.stateMachineArn(resumeWorkflow.name);
  });
  afterAll(async () => {
    client?.destroy();
    await resumeService?.stop();
    if (resumeDir) await rm(resumeDir, { recursive: true, force: true });
  });

  it("continues an execution that was in a Wait state: RUNNING after the restart, then SUCCEEDED, its history continued", async () => {
    const finishedStart = await client.send(
      new StartExecutionCommand({
        stateMachineArn: resumeService.stateMachineArn(sampleWorkflow.name),
        input: JSON.stringify({ runId: randomUUID(), items: [{ id: "k", value: 5 }] }),
      }),
    );
    const finishedArn = finishedStart.executionArn ?? "";
    const finished = await settled(finishedArn, client);
    const finishedEvents = await history(finishedArn, client);

    const pausedArn = await startResume("paused", { mode: "wait", seconds: 2 });
    const before = await historyUntil(pausedArn, "WaitStateEntered", client);
    const original = await client.send(new DescribeExecutionCommand({ executionArn: pausedArn }));

    // stop() pauses: the execution is RUNNING on disk, nothing aborted or failed.
    await stopService();
    const onDisk = await fileOf("paused");
    expect(onDisk.execution.status).toBe("RUNNING");
    expect(onDisk.execution.stopDate).toBeUndefined();
    expect(onDisk.events.map((event) => event.type)).toEqual(types(before));
    expect(onDisk.events.at(-1)?.type).toBe("WaitStateEntered");

    // No pause before the restart is needed: the bounds below hold only for a Wait that goes on
    // with what is left of it, whatever time the stop and the restart took.
    const resumedAt = Date.now();
    await startAgain();

    const resumed = await client.send(new DescribeExecutionCommand({ executionArn: pausedArn }));
    expect(resumed.status).toBe("RUNNING");
    expect(resumed.startDate).toEqual(original.startDate);
    const execution = await settled(pausedArn, client);
    expect(execution).toMatchObject({ status: "SUCCEEDED", executionArn: pausedArn });
    expect(execution.startDate).toEqual(original.startDate);
    expect(JSON.parse(execution.output ?? "null")).toEqual({ mode: "wait", seconds: 2, outcome: "waited" });

    const events = await history(pausedArn, client);
    expect(events.slice(0, before.length)).toEqual(before);
    events.forEach((event, index) => {
      expect(event.id).toBe(index + 1);
      expect(event.previousEventId).toBe(index);
    });
    expect(types(events.slice(before.length))).toEqual([
      "WaitStateExited",
      "PassStateEntered",
      "PassStateExited",
      "ExecutionSucceeded",
    ]);
    // The Wait lasted its 2 seconds, not more: after the restart it waited what was left.
    const entered = before.at(-1)?.timestamp?.getTime() ?? 0;
    const exited = events[before.length]?.timestamp?.getTime() ?? 0;
    expect(exited - entered).toBeGreaterThanOrEqual(1990);
    expect(exited).toBeLessThan(resumedAt + 2000);

    // The file records the resume; an execution that had ended is as it was.
    const written = await eventually(async () => {
      const file = await fileOf("paused");
      return file.execution.status === "SUCCEEDED" ? file : undefined;
    });
    expect(written.resumes).toEqual([
      { timestamp: expect.any(String), afterEventId: before.length, state: "Pause" },
    ]);
    const again = await client.send(new DescribeExecutionCommand({ executionArn: finishedArn }));
    expect(again).toEqual({ ...finished, $metadata: again.$metadata });
    expect(await history(finishedArn, client)).toEqual(finishedEvents);
  });

  it("runs a task that was entered but not finished again; meanwhile a repeated start answers it, and its name is refused once it ended", async () => {
    const gate = await newGate();
    const arn = await startResume("gated", { mode: "gate", gate });
    await eventually(async () => ((await callsOf(gate)).length === 1 ? true : undefined));
    const before = await historyUntil(arn, "LambdaFunctionStarted", client);
    const original = await client.send(new DescribeExecutionCommand({ executionArn: arn }));

    await stopService();
    expect((await fileOf("gated")).execution.status).toBe("RUNNING");

    // Deferred: nothing runs until resumeExecutions(). A new execution runs meanwhile, to its
    // end: a resume at the start would have called the gate (one task) long before it.
    await startAgain({ deferResume: true });
    expect((await client.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe("RUNNING");
    const control = await client.send(
      new StartExecutionCommand({
        stateMachineArn: resumeService.stateMachineArn(sampleWorkflow.name),
        input: JSON.stringify({ runId: randomUUID(), items: [] }),
      }),
    );
    expect((await settled(control.executionArn ?? "", client)).status).toBe("SUCCEEDED");
    expect(await callsOf(gate)).toHaveLength(1);
    const repeated = await client.send(
      new StartExecutionCommand({
        stateMachineArn: resumeArn,
        name: "gated",
        input: JSON.stringify({ mode: "gate", gate }),
      }),
    );
    expect(repeated).toMatchObject({ executionArn: arn, startDate: original.startDate });

    resumeService.resumeExecutions();
    await eventually(async () => ((await callsOf(gate)).length === 2 ? true : undefined));
    expect((await client.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe("RUNNING");
    await openGate(gate);
    const execution = await settled(arn, client);
    expect(execution.status).toBe("SUCCEEDED");
    expect(JSON.parse(execution.output ?? "null")).toEqual({
      mode: "gate",
      gate,
      result: { passed: true, item: null },
      outcome: "gated",
    });

    const events = await history(arn, client);
    expect(events.slice(0, before.length)).toEqual(before);
    expect(events.map((event) => event.id)).toEqual(events.map((_event, index) => index + 1));
    expect(types(before).slice(-3)).toEqual([
      "TaskStateEntered",
      "LambdaFunctionScheduled",
      "LambdaFunctionStarted",
    ]);
    // The task's work starts again as a new attempt of the same entry.
    expect(types(events.slice(before.length))).toEqual([
      "LambdaFunctionScheduled",
      "LambdaFunctionStarted",
      "LambdaFunctionSucceeded",
      "TaskStateExited",
      "PassStateEntered",
      "PassStateExited",
      "ExecutionSucceeded",
    ]);
    expect(ofType(events, "TaskStateEntered")).toHaveLength(1);
    expect(ofType(events, "ExecutionStarted")).toHaveLength(1);

    await expect(
      client.send(
        new StartExecutionCommand({
          stateMachineArn: resumeArn,
          name: "gated",
          input: JSON.stringify({ mode: "gate", gate }),
        }),
      ),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it("runs again, with its recorded input, the Map state enclosing a task that was cut off", async () => {
    const gate = await newGate();
    const arn = await startResume("gated-map", { mode: "map", gate, items: ["a", "b"] });
    await eventually(async () => ((await callsOf(gate)).length === 2 ? true : undefined));
    const before = await eventually(async () => {
      const events = await history(arn, client);
      return ofType(events, "LambdaFunctionStarted").length === 2 ? events : undefined;
    });

    await stopService();
    await startAgain();
    await eventually(async () => ((await callsOf(gate)).length === 4 ? true : undefined));
    expect((await callsOf(gate)).sort()).toEqual(['"a"', '"a"', '"b"', '"b"']);
    await openGate(gate);
    const execution = await settled(arn, client);
    expect(execution.status).toBe("SUCCEEDED");
    expect(JSON.parse(execution.output ?? "null").results).toEqual([
      { passed: true, item: "a" },
      { passed: true, item: "b" },
    ]);

    const events = await history(arn, client);
    expect(events.slice(0, before.length)).toEqual(before);
    expect(ofType(events, "MapStateEntered")).toHaveLength(1);
    expect(ofType(events, "MapStateStarted").map((event) => event.mapStateStartedEventDetails)).toEqual([
      { length: 2 },
      { length: 2 },
    ]);
    expect(ofType(events, "MapIterationStarted")).toHaveLength(4);
    expect(ofType(events, "MapIterationSucceeded")).toHaveLength(2);
    expect(types(events).slice(-3)).toEqual(["MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"]);
  });

  it("aborts on StopExecution an execution not resumed yet, which then stays ABORTED", async () => {
    const gate = await newGate();
    const arn = await startResume("stopped-paused", { mode: "gate", gate });
    // Cut off at the same point and not stopped: the resume's witness.
    const controlGate = await newGate();
    const controlArn = await startResume("resumed-control", { mode: "gate", gate: controlGate });
    await historyUntil(arn, "LambdaFunctionStarted", client);
    await historyUntil(controlArn, "LambdaFunctionStarted", client);
    await stopService();
    await startAgain({ deferResume: true });

    await client.send(new StopExecutionCommand({ executionArn: arn, error: "Operator.Stopped" }));
    const execution = await client.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(execution).toMatchObject({ status: "ABORTED", error: "Operator.Stopped" });
    expect(types(await history(arn, client)).slice(-2)).toEqual(["TaskStateAborted", "ExecutionAborted"]);
    resumeService.resumeExecutions();
    // The resume has run the other one's task again, and that one to its end: the stopped one
    // would have called its gate by then.
    await eventually(async () => ((await callsOf(controlGate)).length === 2 ? true : undefined));
    await openGate(controlGate);
    expect((await settled(controlArn, client)).status).toBe("SUCCEEDED");
    expect(await callsOf(gate)).toHaveLength(1);
    expect((await client.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe("ABORTED");
    await openGate(gate); // lets the call halted by the stop end
  });
});

describe("where a resumed execution continues (its history read back)", () => {
  const machine = loadWorkflow(sampleWorkflow, rootDir, region, "000000000000");
  const states = topLevelStates(machine);
  const at = (events: StoredEvent[]) => resumePoint(events, states, machine.states);
  let id = 0;
  const event = (type: string, details: Record<string, unknown> = {}): StoredEvent =>
    ({ id: ++id, previousEventId: id - 1, timestamp: 1000 + id, type, ...details }) as StoredEvent;
  const entered = (type: string, name: string, input: unknown) =>
    event(`${type}StateEntered`, { stateEnteredEventDetails: { name, input: JSON.stringify(input) } });
  const exited = (type: string, name: string, output: unknown) =>
    event(`${type}StateExited`, { stateExitedEventDetails: { name, output: JSON.stringify(output) } });
  const started = event("ExecutionStarted", { executionStartedEventDetails: { input: "{}" } });

  it("starts over when no state was entered, and runs again a state entered and not exited", () => {
    expect(at([started])).toEqual({ kind: "start" });
    const wait = entered("Wait", "LongWait", { mode: "wait" });
    expect(at([started, exited("Choice", "Route", { mode: "wait" }), wait])).toEqual({
      kind: "state",
      state: "LongWait",
      input: { mode: "wait" },
      reentered: true,
      enteredAt: wait.timestamp,
      type: "Wait",
    });
  });

  it("runs again the top-level Map enclosing an open nested state, with the Map's input", () => {
    const events = [
      started,
      entered("Map", "ProcessItems", { items: [1] }),
      event("MapStateStarted"),
      entered("Task", "ProcessItem", { item: 1 }),
      exited("Task", "ProcessItem", { doubled: 2 }),
      entered("Task", "ProcessItem", { item: 2 }),
    ];
    expect(at(events)).toMatchObject({
      kind: "state",
      state: "ProcessItems",
      input: { items: [1] },
      reentered: true,
    });
  });

  it("after an exit whose next state was not entered: the Next state, the end, or the same state when the history cannot tell", () => {
    const summarized = [
      started,
      entered("Pass", "Summarize", { a: 1 }),
      exited("Pass", "Summarize", { b: 2 }),
    ];
    expect(at(summarized)).toMatchObject({
      kind: "state",
      state: "Notify",
      input: { b: 2 },
      reentered: false,
      type: "Task",
    });
    const notified = [started, entered("Task", "Notify", { a: 1 }), exited("Task", "Notify", { done: true })];
    expect(at(notified)).toEqual({ kind: "succeed", output: '{"done":true}' });
    // A Choice's next state, and a state with a Catch (caught or not), are not in the history.
    const routed = [
      started,
      entered("Choice", "Route", { mode: "x" }),
      exited("Choice", "Route", { mode: "x" }),
    ];
    expect(at(routed)).toMatchObject({ kind: "state", state: "Route", reentered: false });
    const caught = [started, entered("Task", "Settle", { s: 1 }), exited("Task", "Settle", { failure: {} })];
    expect(at(caught)).toMatchObject({
      kind: "state",
      state: "Settle",
      input: { s: 1 },
      reentered: false,
    });
  });

  it("cannot resume at a state the definition no longer has", () => {
    const events = [
      started,
      entered("Task", "Settle", {}),
      exited("Task", "Settle", {}),
      entered("Task", "Gone", {}),
    ];
    expect(at(events)).toEqual({ kind: "unresumable", reason: 'the state machine has no state "Gone"' });
  });
});
