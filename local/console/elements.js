// The console's building blocks: elements, dates and durations, badges, folded JSON, and
// drawing a section only when what it shows changed.

export const statusLabels = {
  RUNNING: "Running",
  SUCCEEDED: "Succeeded",
  FAILED: "Failed",
  TIMED_OUT: "Timed out",
  ABORTED: "Aborted",
  PENDING_REDRIVE: "Pending redrive",
};
export const countedStatuses = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"];
export const stepLabels = {
  running: "Running",
  succeeded: "Succeeded",
  caught: "Failed, caught",
  failed: "Failed",
  aborted: "Aborted",
  "timed-out": "Timed out",
  interrupted: "Interrupted",
};

/** What each section was last drawn from, so that an unchanged section is left as it is. */
const drawn = new Map();

/** An element: h("a", { href: "#" }, "text", child...). Text is always set as text, never as HTML. */
export function h(tag, attributes = {}, ...children) {
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

export function dateTime(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export const timeElement = (iso) => (iso ? h("time", { datetime: iso }, dateTime(iso)) : "—");

export function duration(ms) {
  if (ms === undefined || ms === null) return "";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

/** How long an execution ran, or has been running. */
export const elapsed = (execution) =>
  execution.durationMs !== undefined
    ? duration(execution.durationMs)
    : `${duration(Date.now() - Date.parse(execution.startDate))} so far`;

export const badge = (status, label) => h("span", { class: `badge status-${status}` }, label);

/**
 * What an execution is about (the server's `subject`), part by part: its organization, then the
 * product or the member. A part whose name is unknown (gone from the table) shows its id.
 */
export const subjectParts = (subject) =>
  [
    ["Organization", subject?.organization],
    ["Product", subject?.product],
    ["Member", subject?.member],
  ]
    .filter(([, part]) => part)
    .map(([label, part]) => ({ label, name: part.name, id: part.id }));

/** The subject in a line: "Organization Ada Lovelace · Product ada.example". */
export const subjectLine = (subject) => {
  const parts = subjectParts(subject);
  if (parts.length === 0) return undefined;
  return h(
    "span",
    { class: "subject" },
    parts.flatMap((part, index) => [
      // Apart in the flex layout anyway; the space keeps them apart in its text.
      index > 0 ? " " : "",
      h(
        "span",
        { class: "subject-part" },
        h("span", { class: "subject-label" }, part.label),
        " ",
        part.name ? h("span", { class: "subject-name" }, part.name) : h("code", {}, part.id),
      ),
    ]),
  );
};

/** JSON shown indented; anything else as it is. */
function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** A folded block of JSON, kept open across redraws by its key. */
export const jsonBlock = (key, label, text) =>
  text === undefined
    ? undefined
    : h("details", { "data-key": key }, h("summary", {}, label), h("pre", {}, pretty(text)));

/**
 * Replaces a section's content when what it shows changed, keeping the keyboard focus and the
 * open <details> (both found again by their data-key).
 */
export function draw(container, fingerprint, build) {
  if (drawn.get(container.id) === fingerprint) return;
  drawn.set(container.id, fingerprint);
  const active = document.activeElement;
  const focusKey = active && container.contains(active) ? active.getAttribute("data-key") : undefined;
  const open = new Set(
    [...container.querySelectorAll("details[open][data-key]")].map((details) =>
      details.getAttribute("data-key"),
    ),
  );
  // A table wider than its column scrolls on its own, not the page; its caption is shown above
  // it, where it wraps instead of scrolling out of sight with the table.
  const nodes = [build()]
    .flat()
    .filter(Boolean)
    .flatMap((node) => {
      if (node.tagName !== "TABLE") return [node];
      const caption = node.querySelector("caption")?.textContent;
      return [
        h("p", { class: "table-caption", "aria-hidden": "true" }, caption),
        h(
          "div",
          { class: "table-scroll", role: "region", "aria-label": caption },
          h("p", { class: "scroll-hint" }, "Wider than this column: scroll sideways →"),
          node,
        ),
      ];
    });
  container.replaceChildren(...nodes);
  watchScrolling();
  for (const details of container.querySelectorAll("details[data-key]")) {
    if (open.has(details.getAttribute("data-key"))) details.open = true;
  }
  if (focusKey) container.querySelector(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
}

/**
 * A table that scrolls sideways says so (its hint, its shadows: class "scrolls") and takes the
 * keyboard focus, so that the arrow keys scroll it.
 */
function reachScrolling() {
  for (const scroll of document.querySelectorAll(".table-scroll")) {
    const scrolls = scroll.scrollWidth > scroll.clientWidth;
    scroll.classList.toggle("scrolls", scrolls);
    if (scrolls) scroll.setAttribute("tabindex", "0");
    else scroll.removeAttribute("tabindex");
  }
}
/** Whether a table scrolls changes with its column's width (a window resized, an execution opened). */
const sizes = new ResizeObserver(reachScrolling);
function watchScrolling() {
  sizes.disconnect();
  for (const scroll of document.querySelectorAll(".table-scroll")) {
    sizes.observe(scroll);
    sizes.observe(scroll.querySelector("table"));
  }
}

/** Forgets what a section was drawn from, so that its next draw replaces it whatever it shows. */
export const forgetDrawn = (container) => drawn.delete(container.id);
