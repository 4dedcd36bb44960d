import { randomUUID } from "node:crypto";
import type { RunOptions } from "aws-local-stepfunctions";
import { LambdaServiceError } from "#local/functions";
import { lambdaContext, loadHandler } from "#local/lambda";
import { type LoadedWorkflow, type ResolvedTask, unqualifiedFunction } from "#local/stepfunctions/definition";
import type { InvocationLog } from "#local/stepfunctions/history";
import { DataLimitExceeded, maxPayloadBytes } from "#local/stepfunctions/limits";
import type { LocalStepFunctionsOptions } from "#local/stepfunctions/service";
import { functionTimeoutSeconds } from "#shared/function-access";

/**
 * Task states: a task's function invoked as Lambda invokes it (or its handler imported in this
 * process), its errors reported as Lambda reports them, and the engine's overrides that run
 * them and record each call.
 */

export type Overrides = NonNullable<RunOptions["overrides"]>;
type TaskOverrides = NonNullable<Overrides["taskResourceLocalHandlers"]>;
export type JsonValue = Awaited<ReturnType<TaskOverrides[string]>>;

type TaskOptions = Pick<LocalStepFunctionsOptions, "invoke" | "rootDir" | "retryIntervalMs" | "waitMs">;

/** An error a task fails with; the engine reports `name` as the error and `message` as the cause. */
function taskError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * A handler's error as the Lambda service reports it to Step Functions: the error is the
 * thrown error's type, the cause the JSON document Lambda produces (`errorType`,
 * `errorMessage`, `trace`: the stack lines), so Catch sees what it sees in AWS.
 */
function asTaskError(thrown: unknown): Error {
  // The Lambda service refused the invocation (a throttle): Step Functions names it Lambda.<error>.
  if (thrown instanceof LambdaServiceError)
    return taskError(`Lambda.${thrown.name}`, `${thrown.message} (Service: Lambda, Status Code: 429)`);
  const errorType = thrown instanceof Error ? thrown.name || "Error" : "Error";
  const errorMessage =
    thrown instanceof Error ? thrown.message : typeof thrown === "string" ? thrown : JSON.stringify(thrown);
  const trace = thrown instanceof Error ? (thrown.stack ?? "").split("\n") : [];
  return taskError(errorType, JSON.stringify({ errorType, errorMessage, trace }));
}

const invokeTask = async (
  options: TaskOptions,
  task: ResolvedTask,
  payload: unknown,
  timeoutSeconds: number,
): Promise<JsonValue> => {
  let result: unknown;
  // Serialized like a Lambda payload: the handler cannot change the engine's copy.
  const event = JSON.parse(JSON.stringify(payload ?? null));
  if (options.invoke) {
    try {
      result = await options.invoke(
        {
          name: task.substitution,
          handler: task.handler,
          access: task.access,
          timeoutSeconds: functionTimeoutSeconds.task,
        },
        event,
        { invokedFunctionArn: task.arn },
      );
    } catch (error) {
      throw asTaskError(error);
    }
  } else {
    let handler: Awaited<ReturnType<typeof loadHandler>>;
    try {
      handler = await loadHandler(options.rootDir, task.handler);
    } catch (error) {
      throw taskError("Runtime.ImportModuleError", error instanceof Error ? error.message : String(error));
    }
    const context = {
      ...lambdaContext(task.substitution, timeoutSeconds * 1000),
      invokedFunctionArn: task.arn,
    };
    try {
      result = await handler(event, context);
    } catch (error) {
      throw asTaskError(error);
    }
  }
  let text: string;
  try {
    text = JSON.stringify(result ?? null);
  } catch (error) {
    throw taskError("Runtime.ResponseSerializationError", String(error));
  }
  if (Buffer.byteLength(text) > maxPayloadBytes) throw new DataLimitExceeded("task result");
  return JSON.parse(text) as JsonValue;
};

/** The engine's task overrides (keyed by state name) for one execution, recording each call. */
const taskOverrides = (
  options: TaskOptions,
  machine: LoadedWorkflow,
  invocations: InvocationLog,
  failExecution: (error: DataLimitExceeded) => void,
): TaskOverrides => {
  const overrides: TaskOverrides = {};
  for (const [name, state] of machine.states) {
    const task = state.task;
    if (!task) continue;
    const timeout = state.definition.TimeoutSeconds;
    const timeoutSeconds =
      typeof timeout === "number"
        ? Math.min(timeout, functionTimeoutSeconds.task)
        : functionTimeoutSeconds.task;
    const run = async (input: JsonValue): Promise<JsonValue> => {
      if (task.kind === "lambda") {
        if (!task.task) {
          throw taskError(
            "Local.UnsupportedResource",
            `No local handler for the Lambda function ${task.resource}.`,
          );
        }
        return invokeTask(options, task.task, input, timeoutSeconds);
      }
      if (task.kind === "lambdaInvoke") {
        const parameters = (input ?? {}) as { FunctionName?: unknown; Payload?: unknown };
        const functionName = typeof parameters.FunctionName === "string" ? parameters.FunctionName : "";
        const target = machine.functions.get(unqualifiedFunction(functionName));
        if (!target) {
          throw taskError("Lambda.ResourceNotFoundException", `Function not found: ${functionName}`);
        }
        const payload = await invokeTask(options, target, parameters.Payload ?? {}, timeoutSeconds);
        // The shape of AWS's optimized Lambda integration result.
        return {
          ExecutedVersion: "$LATEST",
          Payload: payload,
          SdkHttpMetadata: { HttpStatusCode: 200 },
          SdkResponseMetadata: { RequestId: randomUUID() },
          StatusCode: 200,
        };
      }
      throw taskError(
        "Local.UnsupportedResource",
        `The local Step Functions service runs Lambda tasks only; ${task.arn} is not supported.`,
      );
    };
    overrides[name] = async (input) => {
      const invocation = invocations.begin(name, input);
      try {
        const output = await run(input);
        invocation.status = "succeeded";
        invocation.output = output;
        return output;
      } catch (error) {
        invocation.status = "failed";
        if (error instanceof DataLimitExceeded) failExecution(error);
        throw error;
      }
    };
  }
  return overrides;
};

/** The engine overrides of one run: its tasks, and the test settings that shorten Retry and Wait pauses. */
export const runOverrides = (
  options: TaskOptions,
  machine: LoadedWorkflow,
  invocations: InvocationLog,
  failExecution: (error: DataLimitExceeded) => void,
): Overrides => {
  const overrides: Overrides = {
    taskResourceLocalHandlers: taskOverrides(options, machine, invocations, failExecution),
  };
  const { retryIntervalMs, waitMs } = options;
  if (retryIntervalMs !== undefined) {
    overrides.retryIntervalOverrides = Object.fromEntries(
      [...machine.states.values()]
        .filter((state) => Array.isArray(state.definition.Retry))
        .map((state) => [state.name, retryIntervalMs]),
    );
  }
  if (waitMs !== undefined) {
    overrides.waitTimeOverrides = Object.fromEntries(
      [...machine.states.values()]
        .filter((state) => state.definition.Type === "Wait")
        .map((state) => [state.name, waitMs]),
    );
  }
  return overrides;
};
