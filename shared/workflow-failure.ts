/** What a state machine's Catch hands to the task that records a failure. */
export interface CaughtError {
  Error?: string;
  Cause?: string;
}

const maxReasonLength = 500;

/**
 * What the errors Step Functions raises itself mean, for when their cause says nothing more (the
 * local engine repeats the error's name as its cause; AWS may give none).
 */
const statesMessages: Readonly<Record<string, string>> = {
  "States.Timeout": "The step did not finish within its time limit.",
  "States.HeartbeatTimeout": "The step stopped reporting progress.",
  "States.TaskFailed": "The step failed.",
  "States.Permissions": "The workflow was not allowed to run the step.",
  "States.ResultPathMatchFailure": "The step's result could not be stored.",
};

/** A stack frame (`    at f (file.js:1:2)`) or an entry of Node's "Require stack" (`- /var/task/index.js`). */
const stackLine = /^(\s+at\s|\s*-\s+\/|\s*Require stack:)/;

/** One line of text: no stack frames, no control characters, whitespace collapsed. */
function readableText(text: string): string {
  return (
    text
      .split(/\r\n|\r|\n/)
      .filter((line) => !stackLine.test(line))
      .join(" ")
      // Control and direction-override characters (as shared/text.ts refuses them), line separators.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
      .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/gu, " ")
      .replace(/\s+/g, " ")
      .trim()
  );
}

/**
 * The message of a cause. A Lambda task's cause is a JSON document (`errorType`, `errorMessage`,
 * `trace`) of which only the message is kept; Step Functions cuts causes past 32,768 characters,
 * so a document that does not parse any more gives its message if it can be found, else nothing:
 * never the document itself. Any other cause is text, kept without what looks like a stack.
 */
function messageOf(cause: string): string {
  const text = cause.trim();
  if (!text.startsWith("{")) return readableText(text);
  try {
    const parsed = JSON.parse(text) as unknown;
    const message =
      parsed && typeof parsed === "object" ? (parsed as { errorMessage?: unknown }).errorMessage : "";
    return typeof message === "string" ? readableText(message) : "";
  } catch {
    const found = /"errorMessage"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(text)?.[1];
    if (!found) return "";
    try {
      return readableText(JSON.parse(found) as string);
    } catch {
      return "";
    }
  }
}

/**
 * The readable reason of a caught error, as stored on a workflow record (deletion, termination,
 * removal) and shown to its owner and to operators: `Error: message`, one line of at most 500
 * characters. For a Lambda task's failure only the message of AWS's JSON cause is kept; never a
 * stack trace or the JSON document, whatever shape the cause has. A `States.*` error without a
 * message of its own says what it means (`States.Timeout: The step did not finish within its time
 * limit.`).
 */
export function failureReason(error: CaughtError | undefined): string {
  if (!error) return "Unknown error.";
  const name = readableText(error.Error ?? "") || "Error";
  let message = messageOf(error.Cause ?? "");
  if (!message || message === name) message = statesMessages[name] ?? "";
  const reason = message ? `${name}: ${message}` : name;
  return reason.length > maxReasonLength ? `${reason.slice(0, maxReasonLength - 1)}…` : reason;
}
