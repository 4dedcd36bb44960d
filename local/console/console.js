// The operator console's page (local/console/server.ts serves it): reads the console's JSON
// every 2 seconds and shows the state machines, their executions and one execution's steps.
// What is shown is in the address (#machine=...&status=...&execution=...): links and the back
// button work, and a reload keeps the view.

const refreshMs = 2000;

const statusLabels = {
  RUNNING: "Running",
  SUCCEEDED: "Succeeded",
  FAILED: "Failed",
  TIMED_OUT: "Timed out",
  ABORTED: "Aborted",
  PENDING_REDRIVE: "Pending redrive",
};
const countedStatuses = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"];
const stepLabels = {
  running: "Running",
  succeeded: "Succeeded",
  caught: "Failed, caught",
  failed: "Failed",
  aborted: "Aborted",
  "timed-out": "Timed out",
  interrupted: "Interrupted",
};

const view = {
  paused: false,
  loading: false,
  again: false,
  limit: 50,
  /** What each section was last drawn from, so that an unchanged section is left as it is. */
  drawn: new Map(),
  /** The execution shown, to fetch it again only while it runs. */
  execution: undefined,
  /** Where the keyboard focus goes once the next answer is drawn (after a navigation). */
  focusAfter: undefined,
};

// ---- small helpers -------------------------------------------------------------------------

/** An element: h("a", { href: "#" }, "text", child...). Text is always set as text, never as HTML. */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false || value === null) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

const pad = (number) => String(number).padStart(2, "0");

function dateTime(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

const timeElement = (iso) => (iso ? h("time", { datetime: iso }, dateTime(iso)) : "—");

function duration(ms) {
  if (ms === undefined || ms === null) return "";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

/** How long an execution ran, or has been running. */
const elapsed = (execution) =>
  execution.durationMs !== undefined
    ? duration(execution.durationMs)
    : `${duration(Date.now() - Date.parse(execution.startDate))} so far`;

const badge = (status, label) => h("span", { class: `badge status-${status}` }, label);

/** JSON shown indented; anything else as it is. */
function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** A folded block of JSON, kept open across redraws by its key. */
const jsonBlock = (key, label, text) =>
  text === undefined
    ? undefined
    : h("details", { "data-key": key }, h("summary", {}, label), h("pre", {}, pretty(text)));

// ---- the address ---------------------------------------------------------------------------

function route() {
  const params = new URLSearchParams(location.hash.slice(1));
  return {
    machine: params.get("machine") ?? "",
    status: params.get("status") ?? "",
    execution: params.get("execution") ?? "",
  };
}

/** A link to the view with `changes` applied (an empty value drops that part). */
function hrefFor(changes) {
  const next = { ...route(), ...changes };
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(next)) if (value) params.set(name, value);
  const text = params.toString();
  return text ? `#${text}` : "#";
}

// ---- drawing -------------------------------------------------------------------------------

/**
 * Replaces a section's content when what it shows changed, keeping the keyboard focus and the
 * open <details> (both found again by their data-key).
 */
function draw(container, fingerprint, build) {
  if (view.drawn.get(container.id) === fingerprint) return;
  view.drawn.set(container.id, fingerprint);
  const active = document.activeElement;
  const focusKey = active && container.contains(active) ? active.getAttribute("data-key") : undefined;
  const open = new Set(
    [...container.querySelectorAll("details[open][data-key]")].map((details) =>
      details.getAttribute("data-key"),
    ),
  );
  // A table wider than the screen scrolls on its own, not the page.
  const nodes = [build()]
    .flat()
    .filter(Boolean)
    .map((node) =>
      node.tagName === "TABLE"
        ? h(
            "div",
            {
              class: "table-scroll",
              role: "region",
              "aria-label": node.querySelector("caption")?.textContent,
            },
            node,
          )
        : node,
    );
  container.replaceChildren(...nodes);
  reachScrolling();
  for (const details of container.querySelectorAll("details[data-key]")) {
    if (open.has(details.getAttribute("data-key"))) details.open = true;
  }
  if (focusKey) container.querySelector(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
}

/** A table that scrolls sideways takes the keyboard focus, so that the arrow keys scroll it. */
function reachScrolling() {
  for (const scroll of document.querySelectorAll(".table-scroll")) {
    if (scroll.scrollWidth > scroll.clientWidth) scroll.setAttribute("tabindex", "0");
    else scroll.removeAttribute("tabindex");
  }
}
window.addEventListener("resize", reachScrolling);

function drawMachines(machines) {
  const current = route();
  const select = document.getElementById("machine-filter");
  const names = machines.map((machine) => machine.name);
  if (
    [...select.options]
      .slice(1)
      .map((option) => option.value)
      .join() !== names.join()
  ) {
    select.replaceChildren(
      h("option", { value: "" }, "All workflows"),
      ...names.map((name) => h("option", { value: name }, name)),
    );
  }
  select.value = current.machine;

  draw(
    document.getElementById("machines"),
    JSON.stringify([machines, current.machine, current.status]),
    () => {
      if (machines.length === 0) return h("p", { class: "empty" }, "No state machines.");
      return h(
        "table",
        {},
        h("caption", {}, "Executions of each workflow, by status. Choose a number to list those executions."),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, "Workflow"),
            ...countedStatuses.map((status) =>
              h("th", { scope: "col", class: "number" }, statusLabels[status]),
            ),
            h("th", { scope: "col", class: "number" }, "Total"),
          ),
        ),
        h(
          "tbody",
          {},
          machines.map((machine) =>
            h(
              "tr",
              { "aria-current": machine.name === current.machine ? "true" : undefined },
              h(
                "th",
                { scope: "row", class: "name" },
                h(
                  "a",
                  {
                    href: hrefFor({ machine: machine.name, status: "", execution: "" }),
                    "data-key": `m:${machine.name}`,
                  },
                  machine.name,
                ),
              ),
              ...countedStatuses.map((status) => {
                const count = machine.counts[status] ?? 0;
                if (count === 0) return h("td", { class: "number zero" }, "0");
                return h(
                  "td",
                  { class: "number" },
                  h(
                    "a",
                    {
                      class: `count badge status-${status}`,
                      href: hrefFor({ machine: machine.name, status, execution: "" }),
                      "data-key": `m:${machine.name}:${status}`,
                    },
                    String(count),
                    h("span", { class: "visually-hidden" }, ` ${statusLabels[status].toLowerCase()}`),
                  ),
                );
              }),
              h("td", { class: "number" }, `${machine.total}${machine.complete ? "" : "+"}`),
            ),
          ),
        ),
      );
    },
  );
}

function drawExecutions(list) {
  const current = route();
  document.getElementById("status-filter").value = current.status;
  const running = list.executions.some((execution) => execution.status === "RUNNING");
  // Running executions' durations go on: those are drawn again at each refresh.
  const fingerprint = JSON.stringify([list, current, running ? Date.now() : 0]);
  draw(document.getElementById("executions"), fingerprint, () => {
    const which = [
      current.status ? statusLabels[current.status]?.toLowerCase() : "",
      "executions",
      current.machine ? `of ${current.machine}` : "of all workflows",
    ]
      .filter(Boolean)
      .join(" ");
    if (list.executions.length === 0) return h("p", { class: "empty" }, `No ${which} yet.`);
    const showMachine = !current.machine;
    return [
      h(
        "table",
        {},
        h("caption", {}, `${which[0].toUpperCase()}${which.slice(1)}, newest first.`),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, "Execution"),
            h("th", { scope: "col" }, "Status"),
            h("th", { scope: "col" }, "Started"),
            h("th", { scope: "col", class: "number" }, "Duration"),
          ),
        ),
        h(
          "tbody",
          {},
          list.executions.map((execution) =>
            h(
              "tr",
              { "aria-current": execution.executionArn === current.execution ? "true" : undefined },
              h(
                "td",
                { class: "name" },
                h(
                  "a",
                  {
                    href: hrefFor({ execution: execution.executionArn }),
                    "data-key": `e:${execution.executionArn}`,
                  },
                  execution.name,
                ),
                showMachine && h("span", { class: "of-machine" }, execution.stateMachineName),
              ),
              h("td", {}, badge(execution.status, statusLabels[execution.status] ?? execution.status)),
              h("td", { class: "nowrap" }, timeElement(execution.startDate)),
              h("td", { class: "number nowrap" }, elapsed(execution)),
            ),
          ),
        ),
      ),
      list.more &&
        h(
          "p",
          { class: "more" },
          h(
            "button",
            {
              type: "button",
              "data-key": "more",
              onclick: () => {
                view.limit += 50;
                void refresh();
              },
            },
            "Show 50 older executions",
          ),
        ),
    ];
  });
}

function drawStep(step, startDate) {
  const key = `s${step.eventId}`;
  const offset = Date.parse(step.enteredAt) - Date.parse(startDate);
  const failedCalls = step.attempts.filter((attempt) => attempt.error !== undefined).length;
  return h(
    "li",
    { class: "step", "data-status": step.status, id: `step-${step.eventId}`, tabindex: "-1" },
    h(
      "div",
      { class: "step-head" },
      h("h4", { class: "step-name" }, step.name),
      h("span", { class: "step-type" }, step.type),
      badge(step.status, stepLabels[step.status] ?? step.status),
      h(
        "span",
        { class: "step-time" },
        h("time", { datetime: step.enteredAt, title: dateTime(step.enteredAt) }, `at +${duration(offset)}`),
        step.durationMs !== undefined ? `, took ${duration(step.durationMs)}` : "",
      ),
      step.retries > 0 &&
        h("span", { class: "retries" }, step.retries === 1 ? "1 retry" : `${step.retries} retries`),
    ),
    step.error !== undefined &&
      h(
        "p",
        { class: "step-error" },
        h("span", { class: "error-name" }, step.error),
        step.causeMessage ? `: ${step.causeMessage}` : "",
      ),
    (step.attempts.length > 1 || failedCalls > 0) &&
      h(
        "details",
        { "data-key": `${key}:calls` },
        h("summary", {}, `Calls: ${step.attempts.length}`, failedCalls ? `, ${failedCalls} failed` : ""),
        h(
          "ol",
          { class: "attempts" },
          step.attempts.map((attempt) =>
            h(
              "li",
              {},
              `${attempt.number === 1 ? "First call" : `Retry ${attempt.number - 1}`}: `,
              badge(attempt.status, stepLabels[attempt.status] ?? attempt.status),
              attempt.durationMs !== undefined ? ` after ${duration(attempt.durationMs)}` : "",
              attempt.error !== undefined ? " — " : "",
              attempt.error !== undefined && h("span", { class: "error-name" }, attempt.error),
              attempt.causeMessage ? `: ${attempt.causeMessage}` : "",
            ),
          ),
        ),
      ),
    step.cause !== undefined &&
      step.cause !== step.causeMessage &&
      jsonBlock(`${key}:cause`, "Cause, in full", step.cause),
    jsonBlock(`${key}:in`, "Input", step.input),
    jsonBlock(`${key}:out`, "Output", step.output),
  );
}

function drawExecution(answer) {
  const section = document.getElementById("execution-section");
  const container = document.getElementById("execution");
  const arn = route().execution;
  section.hidden = !arn;
  document.getElementById("main").classList.toggle("with-execution", Boolean(arn));
  if (!arn) {
    view.drawn.delete(container.id);
    container.replaceChildren();
    return;
  }
  const close = h("a", { href: hrefFor({ execution: "" }), "data-key": "close" }, "Close this execution");
  if (answer.error) {
    draw(container, JSON.stringify(["error", arn, answer.error.message]), () => [
      h("h2", { id: "execution-heading", tabindex: "-1" }, "Execution not found"),
      h("p", {}, answer.error.message),
      h("p", {}, close),
    ]);
    return;
  }
  const execution = answer.execution;
  draw(container, JSON.stringify(execution), () => {
    const failure = execution.failure;
    const ownError =
      execution.error !== undefined &&
      (execution.error !== failure?.error || execution.cause !== failure?.cause);
    return [
      h(
        "div",
        { class: "execution-head" },
        h("h2", { id: "execution-heading", tabindex: "-1" }, "Execution ", h("code", {}, execution.name)),
        close,
      ),
      h(
        "dl",
        { class: "facts" },
        h("dt", {}, "Workflow"),
        h(
          "dd",
          {},
          h("a", { href: hrefFor({ machine: execution.stateMachineName }) }, execution.stateMachineName),
        ),
        h("dt", {}, "Status"),
        h("dd", {}, badge(execution.status, statusLabels[execution.status] ?? execution.status)),
        h("dt", {}, "Started"),
        h("dd", {}, timeElement(execution.startDate)),
        h("dt", {}, "Stopped"),
        h("dd", {}, timeElement(execution.stopDate)),
        h("dt", {}, "Duration"),
        h("dd", {}, elapsed(execution)),
        h("dt", {}, "ARN"),
        h("dd", {}, h("code", {}, execution.executionArn)),
      ),
      failure &&
        h(
          "div",
          { class: "failure", id: "failure" },
          h(
            "h3",
            {},
            failure.step
              ? [
                  "Failed at step ",
                  h(
                    "a",
                    {
                      // The address names the view: the link moves to the step without changing it.
                      href: hrefFor({}),
                      class: "failed-step",
                      onclick: (event) => {
                        event.preventDefault();
                        const step = document.getElementById(`step-${failure.stepEventId}`);
                        step?.scrollIntoView({ block: "start" });
                        step?.focus({ preventScroll: true });
                      },
                    },
                    failure.step,
                  ),
                ]
              : "Failed",
          ),
          failure.error !== undefined &&
            h(
              "p",
              { class: "failure-reason" },
              h("span", { class: "error-name" }, failure.error),
              failure.causeMessage ? `: ${failure.causeMessage}` : "",
            ),
          ownError &&
            h(
              "p",
              {},
              "The execution ended with ",
              h("span", { class: "error-name" }, execution.error),
              execution.causeMessage ? `: ${execution.causeMessage}` : "",
            ),
        ),
      jsonBlock("exec:in", "Execution input", execution.input),
      jsonBlock("exec:out", "Execution output", execution.output),
      h("h3", {}, `Steps (${execution.steps.length}, from ${execution.eventCount} history events)`),
      execution.steps.length === 0
        ? h("p", { class: "empty" }, "No state entered yet.")
        : h(
            "ol",
            { class: "timeline" },
            execution.steps.map((step) => drawStep(step, execution.startDate)),
          ),
    ];
  });
}

// ---- reading -------------------------------------------------------------------------------

async function getJson(path) {
  const response = await fetch(path, { headers: { accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message ?? `${response.status} ${response.statusText}`);
  return body;
}

function showProblem(message) {
  const problem = document.getElementById("problem");
  problem.hidden = !message;
  if (problem.textContent !== (message ?? "")) problem.textContent = message ?? "";
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

async function refresh() {
  if (view.loading) {
    // Asked while a read is under way (the view changed): read again once it ends.
    view.again = true;
    return;
  }
  view.loading = true;
  try {
    const current = route();
    const query = new URLSearchParams({ limit: String(view.limit) });
    if (current.machine) query.set("stateMachine", current.machine);
    if (current.status) query.set("status", current.status);
    const [machines, executions, execution] = await Promise.all([
      getJson("/api/state-machines"),
      getJson(`/api/executions?${query}`),
      current.execution ? readExecution(current.execution) : undefined,
    ]);
    // The view changed while reading: what was read is not what is asked now (read again below).
    if (JSON.stringify(route()) !== JSON.stringify(current)) return;
    drawMachines(machines.stateMachines);
    drawExecutions(executions);
    drawExecution(execution ?? {});
    showProblem(undefined);
    document.getElementById("updated").textContent = view.paused
      ? `Paused; last read ${dateTime(new Date().toISOString()).slice(11)}`
      : `Updated ${dateTime(new Date().toISOString()).slice(11)}, every ${refreshMs / 1000} s`;
    const focus = view.focusAfter;
    view.focusAfter = undefined;
    if (focus) document.getElementById(focus)?.focus();
  } catch (error) {
    showProblem(`Cannot read the executions (${error.message}). Trying again every ${refreshMs / 1000} s.`);
  } finally {
    view.loading = false;
    if (view.again) {
      view.again = false;
      void refresh();
    }
  }
}

// ---- wiring --------------------------------------------------------------------------------

let previous = route();
window.addEventListener("hashchange", () => {
  const current = route();
  if (current.execution && current.execution !== previous.execution) view.focusAfter = "execution-heading";
  else if (!current.execution && previous.execution) view.focusAfter = "executions-heading";
  if (current.machine !== previous.machine || current.status !== previous.status) view.limit = 50;
  previous = current;
  void refresh();
});

document.getElementById("filters").addEventListener("submit", (event) => event.preventDefault());
document.getElementById("machine-filter").addEventListener("change", (event) => {
  location.hash = hrefFor({ machine: event.target.value, execution: "" });
});
document.getElementById("status-filter").addEventListener("change", (event) => {
  location.hash = hrefFor({ status: event.target.value, execution: "" });
});

const pause = document.getElementById("pause");
pause.addEventListener("click", () => {
  view.paused = !view.paused;
  pause.setAttribute("aria-pressed", String(view.paused));
  void refresh();
});

setInterval(() => {
  if (!view.paused && !document.hidden) void refresh();
}, refreshMs);
void refresh();
