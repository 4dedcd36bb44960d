import type { StateDefinition } from "#local/stepfunctions/definition";
import type { StoredEvent } from "#local/stepfunctions/history";

/**
 * Where an execution that was RUNNING when the service stopped continues, read from its
 * persisted history. Only top-level states are considered: they run one after the other, so
 * the last top-level `*StateEntered` event is the state the execution was in. A state nested
 * in a Map or a Parallel state is not resumed by itself: the enclosing top-level Map/Parallel
 * state is still open, and it runs again with its recorded input.
 *
 * - `start`: no top-level state was entered yet: run from `StartAt` with the execution's input.
 * - `state`, `reentered: true`: the state was entered and has not exited: run it again with
 *   the input it was entered with (tasks are idempotent in this project). Its `*StateEntered`
 *   event is already in the history; `enteredAt` is that event's time (a Wait waits what is
 *   left of its duration).
 * - `state`, `reentered: false`: the last state exited and the next one was not entered yet
 *   (the history was written between the two): enter the `Next` state with the output. A
 *   Choice state, or a state with a Catch (whose exit may have been a caught error going to the
 *   Catch's `Next`), does not tell its next state in the history: it is entered again with the
 *   input it had.
 * - `succeed`: the last state exited and ended the execution (`End` or a Succeed state):
 *   only the ExecutionSucceeded event is missing.
 * - `unresumable`: the history names a state that the definition no longer has (the ASL
 *   changed under a running execution).
 */
export type ResumePoint =
  | { kind: "start" }
  | {
      kind: "state";
      state: string;
      input: unknown;
      reentered: boolean;
      enteredAt: number;
      /** The state's type as the history shows it (`Task`, `Wait`...). */
      type: string;
    }
  | { kind: "succeed"; output: string }
  | { kind: "unresumable"; reason: string };

const ENTERED = "StateEntered";
const EXITED = "StateExited";

export function resumePoint(
  events: readonly StoredEvent[],
  topLevel: Record<string, StateDefinition>,
  /** Every state's name, nested ones included; a name neither nested nor known counts as top-level. */
  allStates: { has(name: string): boolean },
): ResumePoint {
  const isTopLevel = (name: string) => Object.hasOwn(topLevel, name) || !allStates.has(name);
  let last:
    | { name: string; type: string; input: string; at: number; exitedWith?: string | undefined }
    | undefined;
  for (const event of events) {
    if (event.type.endsWith(ENTERED)) {
      const name = event.stateEnteredEventDetails?.name;
      if (name !== undefined && isTopLevel(name)) {
        last = {
          name,
          type: event.type.slice(0, -ENTERED.length),
          input: event.stateEnteredEventDetails?.input ?? "null",
          at: event.timestamp,
        };
      }
    } else if (event.type.endsWith(EXITED)) {
      const name = event.stateExitedEventDetails?.name;
      if (last && name === last.name) last.exitedWith = event.stateExitedEventDetails?.output ?? "null";
    }
  }
  if (!last) return { kind: "start" };
  const definition = topLevel[last.name];
  if (!definition) return { kind: "unresumable", reason: `the state machine has no state "${last.name}"` };
  const again = (reentered: boolean) =>
    ({
      kind: "state",
      state: last.name,
      input: JSON.parse(last.input) as unknown,
      reentered,
      enteredAt: last.at,
      type: last.type,
    }) as const;
  if (last.exitedWith === undefined) return again(true);
  const hasCatch = Array.isArray(definition.Catch) && definition.Catch.length > 0;
  if (definition.Type === "Choice" || hasCatch) return again(false);
  if (definition.Type === "Succeed" || definition.End === true)
    return { kind: "succeed", output: last.exitedWith };
  const next = definition.Next;
  if (typeof next !== "string" || !Object.hasOwn(topLevel, next)) {
    return { kind: "unresumable", reason: `the state "${last.name}" has no Next state "${String(next)}"` };
  }
  const nextType = topLevel[next]?.Type ?? "";
  return {
    kind: "state",
    state: next,
    input: JSON.parse(last.exitedWith) as unknown,
    reentered: false,
    enteredAt: last.at,
    type: nextType,
  };
}
