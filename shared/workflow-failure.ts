/** What a state machine's Catch hands to the task that records a failure. */
export interface CaughtError {
  Error?: string;
  Cause?: string;
}

const maxReasonLength = 500;

/**
 * The readable reason of a caught error, as stored on a record and shown to its owner: for a
 * Lambda task's failure, AWS puts a JSON document in `Cause` (`errorType`, `errorMessage`,
 * `trace`), of which only the message is kept; never a stack trace, whatever shape the cause has.
 */
export function failureReason(error: CaughtError | undefined): string {
  if (!error) return "Unknown error.";
  const name = error.Error ?? "Error";
  let message = error.Cause ?? "";
  try {
    const parsed = JSON.parse(message) as { errorMessage?: unknown };
    message = typeof parsed.errorMessage === "string" ? parsed.errorMessage : "";
  } catch {
    // Not JSON (a States.* error's own cause): its text, without anything that looks like a stack.
    message = message
      .split("\n")
      .filter((line) => !/^\s+at\s/.test(line))
      .join(" ")
      .trim();
  }
  return (message ? `${name}: ${message}` : name).slice(0, maxReasonLength);
}
