import { createServer } from "node:http";
import { join } from "node:path";
import { close, listen } from "#local/listen";
import { serviceActions } from "#local/stepfunctions/actions";
import { type LoadedWorkflow, loadWorkflow } from "#local/stepfunctions/definition";
import { serveActions } from "#local/stepfunctions/protocol";
import { createExecutionRunner } from "#local/stepfunctions/runner";
import type {
  LocalStepFunctions,
  LocalStepFunctionsOptions,
  ServiceState,
} from "#local/stepfunctions/service";

export { maxHistoryEvents, maxPayloadBytes } from "#local/stepfunctions/limits";
export type { LocalStepFunctions, LocalStepFunctionsOptions } from "#local/stepfunctions/service";

/**
 * The local Step Functions service: an HTTP endpoint speaking the AWS Step Functions JSON
 * protocol (POST, `X-Amz-Target: AWSStepFunctions.<Action>`, `application/x-amz-json-1.0`),
 * so that `@aws-sdk/client-sfn` works against it unchanged. It runs the project's ASL files
 * with aws-local-stepfunctions, each `${Name}` task substitution resolved to the task's own
 * handler module, imported in-process (the process runs under tsx or vitest, which load .ts).
 *
 * Actions: ListStateMachines, DescribeStateMachine, StartExecution, DescribeExecution,
 * DescribeStateMachineForExecution, ListExecutions, GetExecutionHistory, StopExecution.
 * State machines are STANDARD; every execution runs in the background after StartExecution
 * answers, several at once.
 *
 * Errors a task handler throws surface as AWS shows a Lambda's errors: error = the thrown
 * error's `name`, cause = the JSON document Lambda produces (`errorType`, `errorMessage`,
 * `trace`), so Retry/Catch on that name, `States.TaskFailed` and `States.ALL` match. Limits as
 * in AWS: a Task without `TimeoutSeconds` has none (the engine's 60 s default is lifted); a task
 * result over 256 KiB or a history past 25,000 events fails the execution with
 * `States.DataLimitExceeded`, which no Catch takes. A handler module that cannot be
 * imported fails the task with `Runtime.ImportModuleError`, a result that is not JSON with
 * `Runtime.ResponseSerializationError`. The history event mapping is described in
 * `local/stepfunctions/history.ts`, the file format in `local/stepfunctions/store.ts`.
 *
 * Persistence (`dataDir` set): each execution is kept in
 * `<dataDir>/stepfunctions/<stateMachine>/<execution>.json`, rewritten atomically as it
 * progresses, and read back on start. As in AWS, an execution runs on whatever happens to a
 * client or to the process: one that was RUNNING when the process ended (crash, Ctrl-C or
 * `stop()`) resumes at the next start (`local/stepfunctions/resume.ts`). Its history tells
 * the top-level state it was in (the last `*StateEntered` without its `*StateExited`, a
 * state nested in a Map or Parallel state counting as its enclosing top-level state) and the
 * input it entered with; the engine, which cannot start a run elsewhere than at `StartAt`,
 * runs a copy of the definition whose `StartAt` is that state, and that state runs again
 * from its beginning (tasks are idempotent in this project): a Task calls its function again
 * with a fresh Retry count, a Map or Parallel state runs all its iterations or branches
 * again, a Wait waits what is left of it. The execution keeps its ARN, start date and
 * history; the new events follow the old ones, ids continuing. The resumed state's entry is
 * not logged twice: its work starts again as a retried attempt shows it (a Task's new
 * LambdaFunctionScheduled/Started or TaskScheduled/Started, a new MapStateStarted or
 * ParallelStateStarted, a Wait's exit). AWS has no history event for a resume (and
 * ExecutionRedriven would claim a redrive), so the history shows no other trace of it; the
 * execution's file lists its resumes (`resumes`). An execution whose state machine or state
 * is no longer defined fails with `Local.ResumeFailed`. `stop()` pauses: it halts the engine's
 * runs without recording anything, so the executions stay RUNNING on disk; StopExecution still
 * aborts. A handler already running when its run is halted still runs to its end (its
 * result is dropped): in-process code cannot be cancelled. The runtime (local/runtime.ts),
 * whose functions are built after this service starts, can pass `deferResume` and call
 * `resumeExecutions()` once they are.
 *
 * Its parts, in `local/stepfunctions/`: `protocol.ts` (requests, answers and errors of the JSON
 * protocol), `actions.ts` (the API actions), `runner.ts` (running, recording and resuming
 * executions), `tasks.ts` (invoking a task's function), `limits.ts` (payload and history), and
 * `definition.ts`, `history.ts`, `resume.ts` and `store.ts` named above.
 *
 * Limitations: in a resumed run, `$$.Execution.Input` and `$$.Execution.StartTime` are the
 * resumed state's input and the resume time (the engine sets both itself); no versions,
 * aliases, redrive, activities, Express machines, task tokens, distributed maps or service
 * integrations other than Lambda.
 */

export async function startLocalStepFunctions(
  options: LocalStepFunctionsOptions,
): Promise<LocalStepFunctions> {
  const host = options.host ?? "127.0.0.1";
  const region = options.region ?? "eu-central-2";
  const accountId = options.accountId ?? "000000000000";

  const stateMachineArn = (name: string) => `arn:aws:states:${region}:${accountId}:stateMachine:${name}`;
  const machines = new Map<string, LoadedWorkflow>();
  for (const workflow of options.workflows) {
    const machine = loadWorkflow(workflow, options.rootDir, region, accountId);
    if (machines.has(machine.arn)) throw new Error(`workflow "${workflow.name}" is declared twice`);
    machines.set(machine.arn, machine);
  }
  const state: ServiceState = {
    options,
    region,
    accountId,
    directory: options.dataDir ? join(options.dataDir, "stepfunctions") : undefined,
    machines,
    executions: new Map(),
    stopped: false,
  };
  const runner = await createExecutionRunner(state);
  const server = createServer(serveActions(serviceActions(state, runner)));

  const port = await listen(server, options.port, host, "STEPFUNCTIONS_PORT");
  const endpointHost = host.includes(":") ? `[${host}]` : host;
  if (!options.deferResume) runner.resumeExecutions();

  return {
    endpoint: `http://${endpointHost}:${port}`,
    stateMachineArn,
    resumeExecutions: runner.resumeExecutions,
    async stop() {
      if (state.stopped) return;
      state.stopped = true;
      const all = [...state.executions.values()];
      // A pause, not an abort: the engine's runs are halted, which the history does not record,
      // so the executions stay RUNNING in their files and the next start resumes them.
      for (const execution of all) execution.abort?.();
      await Promise.all(all.map((execution) => execution.finished));
      await Promise.all(all.map((execution) => execution.writer?.flush()));
      await close(server);
    },
  };
}
