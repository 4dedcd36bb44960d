// The operator console's page (local/console/server.ts serves it): reads the console's JSON
// every 2 seconds and shows the state machines, their executions and one execution's steps.
// What is shown is in the address (#machine=...&status=...&execution=...): links and the back
// button work, and a reload keeps the view. Its modules: data.js (the address, the page's state,
// reading), views.js (what is drawn from it), elements.js (what the views are built with).

import { hrefFor, readView, refreshMs, route, view } from "./data.js";
import { dateTime } from "./elements.js";
import { drawExecution, drawExecutions, drawMachines } from "./views.js";

function showProblem(message) {
  const problem = document.getElementById("problem");
  problem.hidden = !message;
  if (problem.textContent !== (message ?? "")) problem.textContent = message ?? "";
}

const showOlder = () => {
  view.limit += 50;
  void refresh();
};

async function refresh() {
  if (view.loading) {
    // Asked while a read is under way (the view changed): read again once it ends.
    view.again = true;
    return;
  }
  view.loading = true;
  try {
    const current = route();
    const [machines, executions, execution] = await readView(current);
    // The view changed while reading: what was read is not what is asked now (read again below).
    if (JSON.stringify(route()) !== JSON.stringify(current)) return;
    drawMachines(machines.stateMachines);
    drawExecutions(executions, showOlder);
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
