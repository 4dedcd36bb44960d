// The console's data: what is shown (the address, #machine=...&status=...&execution=..., and the
// page's own state) and reading it from the console's JSON (local/console/server.ts).

export const refreshMs = 2000;

export const view = {
  paused: false,
  loading: false,
  again: false,
  limit: 50,
  /** The execution shown, to fetch it again only while it runs. */
  execution: undefined,
  /** Where the keyboard focus goes once the next answer is drawn (after a navigation). */
  focusAfter: undefined,
};

// ---- the address ---------------------------------------------------------------------------

export function route() {
  const params = new URLSearchParams(location.hash.slice(1));
  return {
    machine: params.get("machine") ?? "",
    status: params.get("status") ?? "",
    execution: params.get("execution") ?? "",
  };
}

/** A link to the view with `changes` applied (an empty value drops that part). */
export function hrefFor(changes) {
  const next = { ...route(), ...changes };
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(next)) if (value) params.set(name, value);
  const text = params.toString();
  return text ? `#${text}` : "#";
}

// ---- reading -------------------------------------------------------------------------------

async function getJson(path) {
  const response = await fetch(path, { headers: { accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message ?? `${response.status} ${response.statusText}`);
  return body;
}

async function readExecution(arn) {
  // An execution that has ended does not change: it is read once.
  if (view.execution?.executionArn === arn && view.execution.status !== "RUNNING")
    return { execution: view.execution };
  try {
    const answer = await getJson(`/api/execution?arn=${encodeURIComponent(arn)}`);
    view.execution = answer.execution;
    return answer;
  } catch (error) {
    view.execution = undefined;
    return { error };
  }
}

/** Everything the view `current` shows: the state machines, a page of executions, the execution opened. */
export function readView(current) {
  const query = new URLSearchParams({ limit: String(view.limit) });
  if (current.machine) query.set("stateMachine", current.machine);
  if (current.status) query.set("status", current.status);
  return Promise.all([
    getJson("/api/state-machines"),
    getJson(`/api/executions?${query}`),
    current.execution ? readExecution(current.execution) : undefined,
  ]);
}
