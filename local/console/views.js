// The console's views: the state machines with their counts, a workflow's executions, and one
// execution's steps. Each draws from what the data module read.

import { hrefFor, route } from "./data.js";
import {
  badge,
  countedStatuses,
  dateTime,
  draw,
  duration,
  elapsed,
  forgetDrawn,
  h,
  jsonBlock,
  statusLabels,
  stepLabels,
  subjectLine,
  subjectParts,
  timeElement,
} from "./elements.js";

export function drawMachines(machines) {
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
                // The labels name each number where the rows are laid out as blocks (narrow columns).
                const label = statusLabels[status];
                if (count === 0) return h("td", { class: "number zero", "data-label": label }, "0");
                return h(
                  "td",
                  { class: "number", "data-label": label },
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
              h(
                "td",
                { class: "number total", "data-label": "Total" },
                `${machine.total}${machine.complete ? "" : "+"}`,
              ),
            ),
          ),
        ),
      );
    },
  );
}

/** The executions listed; `onMore` asks for 50 older ones. */
export function drawExecutions(list, onMore) {
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
                subjectLine(execution.subject),
                showMachine && h("span", { class: "of-machine" }, execution.stateMachineName),
              ),
              h("td", {}, badge(execution.status, statusLabels[execution.status] ?? execution.status)),
              h("td", { "data-label": "Started" }, timeElement(execution.startDate)),
              h("td", { class: "number", "data-label": "Duration" }, elapsed(execution)),
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
              onclick: onMore,
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

export function drawExecution(answer) {
  const section = document.getElementById("execution-section");
  const container = document.getElementById("execution");
  const arn = route().execution;
  section.hidden = !arn;
  document.getElementById("main").classList.toggle("with-execution", Boolean(arn));
  if (!arn) {
    forgetDrawn(container);
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
        subjectParts(execution.subject).flatMap((part) => [
          h("dt", {}, part.label),
          h(
            "dd",
            { class: "subject-name" },
            part.name ? [part.name, " "] : "",
            h("code", { class: part.name ? "subject-id" : undefined }, part.id),
          ),
        ]),
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
