// The local SES's mail page (local/mail-page/server.ts): every mail newest first, each as its
// recipient sees it, filtered by recipient (`?to=`), with new mails added on top as they arrive.

const pageSize = 20;
const refreshMs = 2000;

const elements = {
  filter: document.getElementById("filter"),
  recipient: document.getElementById("recipient"),
  recipients: document.getElementById("recipients"),
  clear: document.getElementById("clear"),
  count: document.getElementById("count"),
  problem: document.getElementById("problem"),
  mails: document.getElementById("mails"),
  more: document.getElementById("more"),
};

const state = {
  /** Every mail, newest first, as /api/mails answers. */
  mails: [],
  /** The recipient filter: part of an address, any case. */
  to: new URLSearchParams(location.search).get("to") ?? "",
  /** The ids of the mails drawn, in order: new ones go on top without drawing the others again. */
  shown: [],
  limit: pageSize,
};

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** An element with its attributes and children; text is never parsed as HTML. */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) element.setAttribute(name, "");
    else if (value !== false && value !== undefined) element.setAttribute(name, value);
  }
  for (const child of children) if (child !== undefined && child !== false) element.append(child);
  return element;
}

const size = (bytes) => (bytes < 1024 ? `${bytes} B` : `${Math.round(bytes / 1024)} KB`);
const kind = (contentType) => (contentType === "application/pdf" ? "PDF" : contentType);

const matches = (mail) => {
  const wanted = state.to.trim().toLowerCase();
  return !wanted || [...mail.to, ...mail.cc].some((address) => address.toLowerCase().includes(wanted));
};

/** The frame as tall as the mail: the page reads its document (same origin; the mail runs no script). */
function fitFrame(frame) {
  const document = frame.contentDocument;
  if (!document?.documentElement) return;
  frame.style.height = "0px";
  frame.style.height = `${document.documentElement.scrollHeight}px`;
}

function mailElement(mail) {
  const id = `mail-${mail.messageId}`;
  const sent = new Date(mail.sentAt);
  const field = (name, ...value) => [h("dt", {}, name), h("dd", {}, ...value)];
  let body;
  if (mail.hasHtml) {
    body = h("iframe", {
      class: "mail-body",
      title: `Mail: ${mail.subject}`,
      src: `/mails/${encodeURIComponent(mail.messageId)}/html`,
      // No script, no form; its links open in a tab of their own, out of the sandbox.
      sandbox: "allow-same-origin allow-popups allow-popups-to-escape-sandbox",
      loading: "lazy",
    });
    body.addEventListener("load", () => fitFrame(body));
  } else {
    body = h("pre", { class: "mail-text" }, mail.text ?? "");
  }
  return h(
    "article",
    { class: "mail", id, "aria-labelledby": `${id}-subject`, "data-message-id": mail.messageId },
    h(
      "header",
      {},
      h("h3", { id: `${id}-subject` }, mail.subject),
      h(
        "dl",
        {},
        ...field("From", mail.from),
        ...field("To", mail.to.join(", ")),
        ...(mail.cc.length ? field("Cc", mail.cc.join(", ")) : []),
        ...field("Date", h("time", { datetime: mail.sentAt }, dateFormat.format(sent))),
        ...(mail.attachments.length
          ? field(
              "Attached",
              h(
                "ul",
                { class: "attachments" },
                ...mail.attachments.map((attachment) =>
                  h(
                    "li",
                    {},
                    h(
                      "a",
                      {
                        href: `/mails/${encodeURIComponent(mail.messageId)}/attachments/${attachment.index}`,
                        target: "_blank",
                        rel: "noopener",
                      },
                      attachment.filename,
                    ),
                    ` (${kind(attachment.contentType)}, ${size(attachment.size)})`,
                  ),
                ),
              ),
            )
          : []),
      ),
    ),
    body,
  );
}

function drawCount(filtered) {
  const all = state.mails.length;
  const noun = (count) => (count === 1 ? "mail" : "mails");
  elements.count.textContent = state.to.trim()
    ? `${filtered.length} of ${all} ${noun(all)} to “${state.to.trim()}”`
    : `${all} ${noun(all)}`;
  elements.more.hidden = filtered.length <= state.shown.length;
  elements.clear.hidden = !state.to.trim();
}

function drawRecipients() {
  const addresses = [...new Set(state.mails.flatMap((mail) => [...mail.to, ...mail.cc]))].sort();
  if (elements.recipients.childElementCount === addresses.length) return;
  elements.recipients.replaceChildren(...addresses.map((address) => h("option", { value: address })));
}

/** Draws the mails: from scratch, or (`refresh`) only the new ones on top, the frames drawn kept as they are. */
function draw({ refresh = false } = {}) {
  const filtered = state.mails.filter(matches);
  const newest = state.shown.length ? filtered.findIndex((mail) => mail.messageId === state.shown[0]) : -1;
  if (refresh && newest >= 0) {
    const added = filtered.slice(0, newest);
    if (added.length) elements.mails.prepend(...added.map(mailElement));
    state.shown = [...added.map((mail) => mail.messageId), ...state.shown];
  } else {
    const shown = filtered.slice(0, state.limit);
    elements.mails.replaceChildren(
      ...(shown.length ? shown.map(mailElement) : [h("p", { class: "empty" }, "No mail here yet.")]),
    );
    state.shown = shown.map((mail) => mail.messageId);
  }
  drawCount(filtered);
  drawRecipients();
}

async function load({ refresh = false } = {}) {
  try {
    const answer = await fetch("/api/mails", { cache: "no-store" });
    if (!answer.ok) throw new Error(`the mail store answered ${answer.status}`);
    state.mails = (await answer.json()).mails;
    elements.problem.hidden = true;
    draw({ refresh });
  } catch (error) {
    elements.problem.hidden = false;
    elements.problem.textContent = `Could not read the mails: ${error.message}. Is npm start running?`;
  }
}

elements.recipient.value = state.to;
elements.filter.addEventListener("submit", (event) => {
  event.preventDefault();
  state.to = elements.recipient.value;
  state.limit = pageSize;
  state.shown = [];
  const query = state.to.trim() ? `?to=${encodeURIComponent(state.to.trim())}` : location.pathname;
  history.replaceState(null, "", query);
  draw();
});
elements.more.addEventListener("click", () => {
  state.limit = state.shown.length + pageSize;
  const filtered = state.mails.filter(matches);
  const older = filtered.slice(state.shown.length, state.limit);
  elements.mails.append(...older.map(mailElement));
  state.shown = [...state.shown, ...older.map((mail) => mail.messageId)];
  drawCount(filtered);
});

// Text reflows at another width: each drawn mail's frame takes its new height.
let resizing = 0;
window.addEventListener("resize", () => {
  cancelAnimationFrame(resizing);
  resizing = requestAnimationFrame(() => {
    for (const frame of elements.mails.querySelectorAll("iframe")) fitFrame(frame);
  });
});

load();
// New mails arrive a moment after the request that caused them (through the outbox).
setInterval(() => {
  if (document.visibilityState === "visible") load({ refresh: true });
}, refreshMs);
