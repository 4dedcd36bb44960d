/** Step Functions' limits: a state's input or output, and an execution's history. */
export const maxPayloadBytes = 256 * 1024;
export const maxHistoryEvents = 25_000;
/** StartExecution's input. */
export const maxInputBytes = 256 * 1024;

/**
 * Step Functions' payload and history limits: the execution fails with States.DataLimitExceeded,
 * which no Catch (not even States.ALL) takes.
 */
export class DataLimitExceeded extends Error {
  constructor(readonly what: string) {
    super(
      what === "history"
        ? `The execution reached the limit of ${maxHistoryEvents} history events.`
        : `The state/task returned a result with a size exceeding the maximum number of bytes service limit (${what}).`,
    );
    this.name = "States.DataLimitExceeded";
  }
}
