import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { StateMachine, type StateMachineDefinition } from "aws-local-stepfunctions";
import type { WorkflowDefinition, WorkflowTask } from "#functions/workflow-types";

/** A state of the definition as written (the library's own state types are not exported). */
export type StateDefinition = { Type: string } & Record<string, unknown>;

/**
 * How a Task state reaches its work:
 * - `lambda`: `Resource` is a Lambda ARN (`${SomethingFunctionArn}`); the history shows
 *   `LambdaFunction*` events.
 * - `lambdaInvoke`: `arn:aws:states:::lambda:invoke` with `Parameters.FunctionName`; the
 *   function is looked up at run time and the result wrapped as AWS does (`Payload`,
 *   `StatusCode`...); the history shows `Task*` events with resourceType `lambda`.
 * - `unsupported`: any other service integration; running it fails the state with
 *   `Local.UnsupportedResource` (nothing local stands in for it, and no real AWS call is made).
 */
export type TaskKind =
  | { kind: "lambda"; resource: string; task?: ResolvedTask }
  | { kind: "lambdaInvoke"; resourceType: string; resource: string }
  | { kind: "unsupported"; resourceType: string; resource: string; arn: string };

export interface ResolvedTask extends WorkflowTask {
  /** The substitution name, also the local function name. */
  substitution: string;
  arn: string;
}

export interface StateInfo {
  name: string;
  definition: StateDefinition;
  /** Set for Task states. */
  task?: TaskKind;
}

export interface LoadedWorkflow {
  name: string;
  arn: string;
  roleArn: string;
  /** The ASL text after substitution, as DescribeStateMachine returns it. */
  definitionText: string;
  stateMachine: StateMachine;
  /** The definition the engine runs (`engineDefinition` applied), from which resumed runs are derived. */
  engine: StateMachineDefinition;
  /** Every state, nested ones (Map processors, Parallel branches) included, by name. */
  states: Map<string, StateInfo>;
  /** Lambda ARN (and bare function name) to task, for `lambda:invoke` look-ups. */
  functions: Map<string, ResolvedTask>;
  creationDate: number;
}

export const lambdaArn = (region: string, accountId: string, name: string) =>
  `arn:aws:lambda:${region}:${accountId}:function:${name}`;

/**
 * AWS naming rule for state machines and executions: 1 to 80 characters, no white space,
 * brackets, wildcards, `"#%\^|~\`$&,;:/` or control characters. It also keeps names safe as
 * file names for the persisted executions.
 */
export function isValidName(name: string): boolean {
  if (name.length < 1 || name.length > 80) return false;
  for (const character of name) {
    const code = character.codePointAt(0) ?? 0;
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return false;
    if (/\s/u.test(character) || '<>{}[]?*"#%\\^|~`$&,;:/'.includes(character)) return false;
  }
  return true;
}

/** `arn:aws:lambda:r:a:function:name[:qualifier]` -> `arn:aws:lambda:r:a:function:name`; a bare name stays. */
export function unqualifiedFunction(nameOrArn: string): string {
  const parts = nameOrArn.split(":");
  if (parts[0] === "arn" && parts[5] === "function" && parts.length > 7) return parts.slice(0, 7).join(":");
  if (parts[0] !== "arn" && parts.length === 2) return parts[0] ?? nameOrArn; // name:qualifier
  return nameOrArn;
}

function classifyTask(resource: string, tasksByArn: Map<string, ResolvedTask>): TaskKind {
  if (resource.startsWith("arn:aws:lambda:")) {
    const task = tasksByArn.get(unqualifiedFunction(resource));
    return task ? { kind: "lambda", resource, task } : { kind: "lambda", resource };
  }
  const integration = /^arn:aws:states:::([^:]+):(.+)$/.exec(resource);
  const resourceType = integration?.[1] ?? resource.split(":")[2] ?? "unknown";
  const action = integration?.[2] ?? resource;
  if (resourceType === "lambda" && action === "invoke")
    return { kind: "lambdaInvoke", resourceType, resource: action };
  return { kind: "unsupported", resourceType, resource: action, arn: resource };
}

function collectStates(
  workflowName: string,
  states: Record<string, StateDefinition>,
  into: Map<string, StateInfo>,
  tasksByArn: Map<string, ResolvedTask>,
) {
  for (const [name, definition] of Object.entries(states)) {
    if (into.has(name)) {
      // Task overrides, retry and wait overrides are keyed by state name in the engine.
      throw new Error(
        `workflow "${workflowName}": the state name "${name}" is used twice; state names must be unique in the whole state machine`,
      );
    }
    const info: StateInfo = { name, definition };
    if (definition.Type === "Task" && typeof definition.Resource === "string") {
      info.task = classifyTask(definition.Resource, tasksByArn);
    }
    into.set(name, info);
    const processor = (definition.ItemProcessor ?? definition.Iterator) as
      | { States?: Record<string, StateDefinition> }
      | undefined;
    if (definition.Type === "Map" && processor?.States) {
      collectStates(workflowName, processor.States, into, tasksByArn);
    }
    if (definition.Type === "Parallel" && Array.isArray(definition.Branches)) {
      for (const branch of definition.Branches as { States?: Record<string, StateDefinition> }[]) {
        if (branch.States) collectStates(workflowName, branch.States, into, tasksByArn);
      }
    }
  }
}

/**
 * Reads a workflow's ASL file, replaces every `${Name}` by the Lambda ARN of the task of that
 * name, validates the result with the engine and indexes its states. Fails with a message
 * naming the workflow and the problem (unknown substitution, missing file, invalid ASL).
 */
export function loadWorkflow(
  workflow: WorkflowDefinition,
  rootDir: string,
  region: string,
  accountId: string,
): LoadedWorkflow {
  if (!isValidName(workflow.name)) {
    throw new Error(`workflow "${workflow.name}": not a valid state machine name`);
  }
  const file = resolve(rootDir, workflow.definitionFile);
  if (!existsSync(file)) {
    throw new Error(`workflow "${workflow.name}": definition file ${workflow.definitionFile} not found`);
  }
  const tasks = new Map<string, ResolvedTask>();
  const functions = new Map<string, ResolvedTask>();
  for (const [substitution, task] of Object.entries(workflow.tasks)) {
    if (!existsSync(resolve(rootDir, task.handler))) {
      throw new Error(
        `workflow "${workflow.name}": the handler ${task.handler} of \${${substitution}} does not exist`,
      );
    }
    const resolved: ResolvedTask = { ...task, substitution, arn: lambdaArn(region, accountId, substitution) };
    tasks.set(resolved.arn, resolved);
    functions.set(resolved.arn, resolved);
    functions.set(substitution, resolved);
  }

  const unknown = new Set<string>();
  const definitionText = readFileSync(file, "utf8").replace(/\$\{([^}]*)\}/g, (_match, name: string) => {
    const task = workflow.tasks[name];
    if (!task) {
      unknown.add(name);
      return "";
    }
    return lambdaArn(region, accountId, name);
  });
  if (unknown.size > 0) {
    const names = [...unknown].map((name) => `\${${name}}`).join(", ");
    const known = Object.keys(workflow.tasks).join(", ") || "none";
    throw new Error(
      `workflow "${workflow.name}": ${workflow.definitionFile} uses ${names}, which is not a task of the workflow (tasks: ${known})`,
    );
  }

  let definition: StateMachineDefinition;
  try {
    definition = JSON.parse(definitionText) as StateMachineDefinition;
  } catch (error) {
    throw new Error(`workflow "${workflow.name}": ${workflow.definitionFile} is not valid JSON: ${error}`);
  }
  let stateMachine: StateMachine;
  const engine = engineDefinition(structuredClone(definition));
  try {
    stateMachine = new StateMachine(engine);
  } catch (error) {
    throw new Error(
      `workflow "${workflow.name}": ${workflow.definitionFile}: ${error instanceof Error ? error.message : error}`,
    );
  }
  const states = new Map<string, StateInfo>();
  collectStates(
    workflow.name,
    definition.States as unknown as Record<string, StateDefinition>,
    states,
    tasks,
  );
  return {
    name: workflow.name,
    arn: `arn:aws:states:${region}:${accountId}:stateMachine:${workflow.name}`,
    roleArn: `arn:aws:iam::${accountId}:role/${workflow.name}-local`,
    definitionText,
    stateMachine,
    engine,
    states,
    functions,
    creationDate: Date.now(),
  };
}

/**
 * AWS puts no time limit on a Task without `TimeoutSeconds` (the execution's year is the only
 * bound); the engine would default to 60 s. Such Task states get 24 days, the longest timer
 * Node keeps (a longer one fires at once), so only the ASL's own timeouts apply locally too.
 */
export const noTaskTimeoutSeconds = 24 * 24 * 60 * 60;

export function engineDefinition(definition: StateMachineDefinition): StateMachineDefinition {
  const visit = (states: Record<string, StateDefinition> | undefined) => {
    for (const state of Object.values(states ?? {})) {
      if (
        state.Type === "Task" &&
        state.TimeoutSeconds === undefined &&
        state.TimeoutSecondsPath === undefined
      )
        state.TimeoutSeconds = noTaskTimeoutSeconds;
      const processor = (state.ItemProcessor ?? state.Iterator) as {
        States?: Record<string, StateDefinition>;
      };
      visit(processor?.States);
      for (const branch of (state.Branches ?? []) as { States?: Record<string, StateDefinition> }[])
        visit(branch.States);
    }
  };
  visit(definition.States as unknown as Record<string, StateDefinition>);
  return definition;
}

/** The top-level states of a workflow (those an execution goes through one after the other). */
export const topLevelStates = (machine: Pick<LoadedWorkflow, "engine">) =>
  machine.engine.States as unknown as Record<string, StateDefinition>;

/**
 * The engine has no option to start a run elsewhere than at `StartAt`: a resumed execution runs
 * a copy of the definition whose `StartAt` is the top-level state to continue from, and whose
 * `TimeoutSeconds` (when the workflow sets one) is what remains of the execution's own. The
 * definition was validated when the workflow was loaded; the copy is not validated again
 * (its earlier states may now be unreachable, and the remaining time is not a whole number).
 */
export function machineStartingAt(
  machine: Pick<LoadedWorkflow, "engine">,
  startAt: string,
  timeoutSeconds?: number,
): StateMachine {
  const definition = structuredClone(machine.engine);
  definition.StartAt = startAt;
  if (timeoutSeconds !== undefined) definition.TimeoutSeconds = timeoutSeconds;
  return new StateMachine(definition, { validationOptions: { noValidate: true } });
}

/**
 * How long a Wait state waits, in seconds, for a given raw state input, when it is a duration
 * (`Seconds`, or `SecondsPath` of a simple path); undefined for `Timestamp`/`TimestampPath`,
 * whose end does not depend on when the state was entered.
 */
export function waitSeconds(definition: StateDefinition, rawInput: unknown): number | undefined {
  if (typeof definition.Seconds === "number") return definition.Seconds;
  if (typeof definition.SecondsPath !== "string") return undefined;
  let input = rawInput;
  if ("InputPath" in definition) {
    if (definition.InputPath === null) input = {};
    else if (typeof definition.InputPath === "string") input = simpleJsonPath(input, definition.InputPath);
  }
  const seconds = simpleJsonPath(input, definition.SecondsPath);
  return typeof seconds === "number" && seconds >= 0 ? seconds : undefined;
}

/**
 * The value a simple JSONPath (`$`, `$.a.b`, `$.a[0]`, `$['a']`) selects, or undefined when
 * the path is of another kind or selects nothing. Used only to report a Map state's
 * iteration count (`MapStateStarted.length`).
 */
export function simpleJsonPath(value: unknown, path: string): unknown {
  if (!path.startsWith("$") || path.startsWith("$$")) return undefined;
  const tokens = /\.([A-Za-z_][\w-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/gy;
  let current = value;
  tokens.lastIndex = 1;
  while (tokens.lastIndex < path.length) {
    const match = tokens.exec(path);
    if (!match) return undefined;
    const key = match[1] ?? match[3] ?? match[4];
    if (key !== undefined) {
      if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
      current = (current as Record<string, unknown>)[key];
    } else {
      if (!Array.isArray(current)) return undefined;
      current = current[Number(match[2])];
    }
  }
  return current;
}

/** How many items a Map state iterates over for a given raw state input, when it can be told. */
export function mapItemCount(definition: StateDefinition, rawInput: unknown): number | undefined {
  let input = rawInput;
  if ("InputPath" in definition) {
    if (definition.InputPath === null) input = {};
    else if (typeof definition.InputPath === "string") input = simpleJsonPath(input, definition.InputPath);
  }
  const items =
    typeof definition.ItemsPath === "string" ? simpleJsonPath(input, definition.ItemsPath) : input;
  return Array.isArray(items) ? items.length : undefined;
}
