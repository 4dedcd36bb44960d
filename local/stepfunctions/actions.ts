import { randomUUID } from "node:crypto";
import type { ExecutionStatus, HistoryEventType } from "@aws-sdk/client-sfn";
import { isValidName, type LoadedWorkflow, topLevelStates } from "#local/stepfunctions/definition";
import { maxInputBytes } from "#local/stepfunctions/limits";
import {
  type Action,
  decodeToken,
  defined,
  encodeToken,
  ServiceError,
  seconds,
} from "#local/stepfunctions/protocol";
import { resumePoint } from "#local/stepfunctions/resume";
import type { ExecutionRunner } from "#local/stepfunctions/runner";
import type { Execution, ServiceState } from "#local/stepfunctions/service";
import type { JsonValue } from "#local/stepfunctions/tasks";

const STATUSES: ExecutionStatus[] = [
  "RUNNING",
  "SUCCEEDED",
  "FAILED",
  "TIMED_OUT",
  "ABORTED",
  "PENDING_REDRIVE",
];
const STATE_MACHINE_ARN = /^arn:aws:states:[^:]+:\d{12}:stateMachine:[^:]+$/;
const EXECUTION_ARN = /^arn:aws:states:[^:]+:\d{12}:execution:[^:]+:[^:]+$/;
/** The state types whose abort AWS records (`TaskStateAborted`...). */
const ABORTABLE = ["Task", "Wait", "Map", "Parallel"];

/**
 * The API actions: ListStateMachines, DescribeStateMachine, DescribeStateMachineForExecution,
 * StartExecution, DescribeExecution, ListExecutions, GetExecutionHistory, StopExecution.
 */
export function serviceActions(state: ServiceState, runner: ExecutionRunner): Record<string, Action> {
  const { region, accountId, machines, executions } = state;

  // ---- actions --------------------------------------------------------------------------

  const machineOf = (arn: string): LoadedWorkflow => {
    if (!STATE_MACHINE_ARN.test(arn)) throw new ServiceError("InvalidArn", `Invalid Arn: '${arn}'`);
    const machine = machines.get(arn);
    if (!machine)
      throw new ServiceError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${arn}'`);
    return machine;
  };

  const executionOf = (arn: string): Execution => {
    if (!EXECUTION_ARN.test(arn)) throw new ServiceError("InvalidArn", `Invalid Arn: '${arn}'`);
    const execution = executions.get(arn);
    if (!execution) throw new ServiceError("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);
    return execution;
  };

  /** What DescribeExecution and ListExecutions both say of an execution. */
  const executionSummary = (record: Execution["record"]) => ({
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: seconds(record.startDate),
    stopDate: seconds(record.stopDate),
  });

  const describeExecution = ({ record }: Execution) =>
    defined({
      ...executionSummary(record),
      input: record.input,
      inputDetails: { included: true },
      output: record.output,
      outputDetails: record.output === undefined ? undefined : { included: true },
      error: record.error,
      cause: record.cause,
      redriveCount: 0,
      redriveStatus: "NOT_REDRIVABLE",
    });

  return {
    ListStateMachines(members) {
      const size = members.pageSize();
      const token = members.string("nextToken");
      const offset = token
        ? decodeToken<{ offset: number }>(token, (value) => Number.isInteger(value.offset)).offset
        : 0;
      const all = [...machines.values()].sort((a, b) => a.name.localeCompare(b.name));
      const page = all.slice(offset, offset + size);
      return defined({
        stateMachines: page.map((machine) => ({
          stateMachineArn: machine.arn,
          name: machine.name,
          type: "STANDARD",
          creationDate: seconds(machine.creationDate),
        })),
        nextToken: offset + size < all.length ? encodeToken({ offset: offset + size }) : undefined,
      });
    },

    DescribeStateMachine(members) {
      const machine = machineOf(members.string("stateMachineArn", true));
      return {
        stateMachineArn: machine.arn,
        name: machine.name,
        status: "ACTIVE",
        definition: machine.definitionText,
        roleArn: machine.roleArn,
        type: "STANDARD",
        creationDate: seconds(machine.creationDate),
        loggingConfiguration: { level: "OFF", includeExecutionData: false },
        tracingConfiguration: { enabled: false },
      };
    },

    DescribeStateMachineForExecution(members) {
      const execution = executionOf(members.string("executionArn", true));
      const machine = machineOf(execution.record.stateMachineArn);
      return {
        stateMachineArn: machine.arn,
        name: machine.name,
        definition: machine.definitionText,
        roleArn: machine.roleArn,
        updateDate: seconds(machine.creationDate),
        loggingConfiguration: { level: "OFF", includeExecutionData: false },
        tracingConfiguration: { enabled: false },
      };
    },

    StartExecution(members) {
      if (state.stopped) throw new ServiceError("ServiceUnavailable", "The service is stopping.", 503);
      const machine = machineOf(members.string("stateMachineArn", true));
      const name = members.string("name") ?? randomUUID();
      if (!isValidName(name)) throw new ServiceError("InvalidName", `Invalid Name: '${name}'`);
      const inputText = members.string("input") ?? "{}";
      if (Buffer.byteLength(inputText) > maxInputBytes) {
        throw new ServiceError("InvalidExecutionInput", "The input is larger than 256 KiB.");
      }
      let input: JsonValue;
      try {
        input = JSON.parse(inputText) as JsonValue;
      } catch (error) {
        throw new ServiceError("InvalidExecutionInput", `Invalid State Machine Execution Input: '${error}'`);
      }
      const arn = `arn:aws:states:${region}:${accountId}:execution:${machine.name}:${name}`;
      const existing = executions.get(arn);
      if (existing) {
        const { record } = existing;
        let sameInput = record.input === inputText;
        if (!sameInput) {
          try {
            sameInput = JSON.stringify(JSON.parse(record.input)) === JSON.stringify(input);
          } catch {}
        }
        // As AWS: a repeated start (same name and input) of a RUNNING execution gets the first
        // start's answer; the name of an execution that has ended, or another input, is refused.
        if (!sameInput || record.status !== "RUNNING")
          throw new ServiceError("ExecutionAlreadyExists", `Execution Already Exists: '${arn}'`);
        return { executionArn: arn, startDate: seconds(record.startDate) };
      }
      const { record } = runner.start(machine, name, inputText, input);
      return { executionArn: record.executionArn, startDate: seconds(record.startDate) };
    },

    DescribeExecution(members) {
      return describeExecution(executionOf(members.string("executionArn", true)));
    },

    ListExecutions(members) {
      if (members.string("mapRunArn") !== undefined) {
        throw new ServiceError(
          "ValidationException",
          "Map runs (distributed maps) are not supported locally.",
        );
      }
      const machine = machineOf(members.string("stateMachineArn", true));
      const statusFilter = members.string("statusFilter");
      if (statusFilter !== undefined && !STATUSES.includes(statusFilter as ExecutionStatus)) {
        throw new ServiceError(
          "ValidationException",
          `1 validation error detected: 'statusFilter' must be one of ${STATUSES.join(", ")}`,
        );
      }
      const size = members.pageSize();
      const token = members.string("nextToken");
      const after = token
        ? decodeToken<{ startDate: number; seq: number }>(
            token,
            (value) => typeof value.startDate === "number" && typeof value.seq === "number",
          )
        : undefined;
      // Newest first, like AWS.
      const matching = [...executions.values()]
        .filter((execution) => execution.record.stateMachineArn === machine.arn)
        .filter((execution) => !statusFilter || execution.record.status === statusFilter)
        .sort((a, b) => b.record.startDate - a.record.startDate || b.seq - a.seq)
        .filter(
          (execution) =>
            !after ||
            execution.record.startDate < after.startDate ||
            (execution.record.startDate === after.startDate && execution.seq < after.seq),
        );
      const page = matching.slice(0, size);
      const last = page.at(-1);
      return defined({
        executions: page.map(({ record }) => defined({ ...executionSummary(record), redriveCount: 0 })),
        nextToken:
          matching.length > size && last
            ? encodeToken({ startDate: last.record.startDate, seq: last.seq })
            : undefined,
      });
    },

    GetExecutionHistory(members) {
      const execution = executionOf(members.string("executionArn", true));
      const reverse = members.boolean("reverseOrder") ?? false;
      const includeData = members.boolean("includeExecutionData") ?? true;
      const size = members.pageSize();
      const token = members.string("nextToken");
      const after = token
        ? decodeToken<{ id: number; reverse: boolean }>(
            token,
            (value) => Number.isInteger(value.id) && value.reverse === reverse,
          ).id
        : undefined;
      const ordered = reverse ? [...execution.events].reverse() : execution.events;
      const remaining = ordered.filter(
        (event) => after === undefined || (reverse ? event.id < after : event.id > after),
      );
      const page = remaining.slice(0, size);
      const last = page.at(-1);
      return defined({
        events: page.map((event) => {
          const shown: Record<string, unknown> = { ...event, timestamp: event.timestamp / 1000 };
          if (!includeData) {
            for (const [key, value] of Object.entries(shown)) {
              if (key.endsWith("EventDetails") && value && typeof value === "object") {
                const {
                  input: _input,
                  output: _output,
                  parameters: _parameters,
                  ...rest
                } = value as Record<string, unknown>;
                shown[key] = rest;
              }
            }
          }
          return shown;
        }),
        nextToken: remaining.length > size && last ? encodeToken({ id: last.id, reverse }) : undefined,
      });
    },

    async StopExecution(members) {
      const execution = executionOf(members.string("executionArn", true));
      const error = members.string("error");
      const cause = members.string("cause");
      const { record } = execution;
      if (record.status === "RUNNING" && execution.abort) {
        execution.stopRequest = defined({ error, cause });
        execution.abort();
        await execution.finished;
      } else if (record.status === "RUNNING" && !execution.finished && !state.stopped) {
        // Not resumed yet (deferResume): nothing runs; close the state it was in, then abort.
        const machine = machines.get(record.stateMachineArn);
        const point = machine
          ? resumePoint(execution.events, topLevelStates(machine), machine.states)
          : undefined;
        const now = Date.now();
        if (point?.kind === "state" && point.reentered && ABORTABLE.includes(point.type)) {
          runner.closeWith(execution, `${point.type}StateAborted` as HistoryEventType, {}, now);
        }
        runner.closeWith(
          execution,
          "ExecutionAborted",
          { executionAbortedEventDetails: defined({ error, cause }) },
          now,
        );
      }
      return { stopDate: seconds(record.stopDate ?? Date.now()) };
    },
  };
}
