import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

/**
 * The project's own CloudWatch metrics (EMF through Powertools Metrics): the namespace is the
 * stage's (`POWERTOOLS_METRICS_NAMESPACE`, set by infra as `AccountWorkflows/<stage>`), so
 * stages in one account never mix their counts. Locally EMF lines go to the function's log.
 */
export const metrics = (serviceName: string) =>
  new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? "AccountWorkflows/local",
    serviceName,
  });

/**
 * Every metric of the project's own that the code publishes, with the service that publishes it
 * and its dimensions besides: Powertools adds `service` to each, so an alarm or a dashboard
 * widget matches the series only when it names `service` too (infra reads this table, and a test
 * checks it against the EMF lines the functions print).
 */
export const customMetrics = {
  ExpectedWorkflowFailures: { service: "workflows", dimensions: ["workflow"] },
  UnexpectedWorkflowFailures: { service: "workflows", dimensions: ["workflow"] },
  BackupsPurged: { service: "purge", dimensions: [] },
  BackupsFailed: { service: "purge", dimensions: [] },
  BackupsSkipped: { service: "purge", dimensions: [] },
  ChargesSettled: { service: "reconciler", dimensions: [] },
  ChargesRefunded: { service: "reconciler", dimensions: [] },
  ChargesAbandoned: { service: "reconciler", dimensions: [] },
  WithdrawalsPaidOut: { service: "reconciler", dimensions: [] },
  PaymentsLeftForNextRun: { service: "reconciler", dimensions: [] },
  DeletionsMarkedFailed: { service: "reconciler", dimensions: [] },
  DeletionsResumed: { service: "reconciler", dimensions: [] },
  TerminationsMarkedFailed: { service: "reconciler", dimensions: [] },
  RemovalsMarkedFailed: { service: "reconciler", dimensions: [] },
  MailsRequeued: { service: "reconciler", dimensions: [] },
  MailsSent: { service: "mailer", dimensions: [] },
  MailsFailed: { service: "mailer", dimensions: [] },
  MailsDeferred: { service: "mailer", dimensions: [] },
} as const satisfies Record<string, { service: string; dimensions: readonly string[] }>;
export type CustomMetricName = keyof typeof customMetrics;

/** The exact dimension set a metric is published with: its service and its own dimensions' values. */
export function dimensionsOf(
  name: CustomMetricName,
  values: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const { service, dimensions } = customMetrics[name];
  const missing = dimensions.filter((dimension) => values[dimension] === undefined);
  if (missing.length) throw new Error(`${name} is published with ${missing.join(", ")}`);
  return {
    service,
    ...Object.fromEntries(dimensions.map((dimension) => [dimension, values[dimension] as string])),
  };
}

/** Publishes counts at once (a job's run, a task's outcome). */
export function publishCounts(
  serviceName: string,
  counts: Partial<Record<CustomMetricName, number>>,
  dimensions: Record<string, string> = {},
): void {
  for (const name of Object.keys(counts) as CustomMetricName[]) {
    if (customMetrics[name].service !== serviceName)
      throw new Error(`${name} is published by ${customMetrics[name].service}`);
  }
  const published = metrics(serviceName);
  for (const [name, value] of Object.entries(dimensions)) published.addDimension(name, value);
  for (const [name, value] of Object.entries(counts)) published.addMetric(name, MetricUnit.Count, value);
  published.publishStoredMetrics();
}

/**
 * Failures a workflow records that are outcomes, not faults: the customer reads them in the
 * status (a prerequisite the request did not cover, a refusal by the provisioning system, a
 * confirmation withdrawn). The alarms leave them out; anything else recorded is a fault.
 */
export const expectedFailureNames = new Set([
  "PrerequisiteNotMet",
  "ProvisioningRejected",
  "ConfirmationWithdrawn",
  "RemovalChanged",
]);

/** Counts a workflow failure its Catch recorded, as expected (an outcome) or not (a fault). */
export function countRecordedFailure(workflow: string, errorName: string | undefined): void {
  const expected = expectedFailureNames.has(errorName ?? "");
  publishCounts(
    "workflows",
    { [expected ? "ExpectedWorkflowFailures" : "UnexpectedWorkflowFailures"]: 1 },
    { workflow },
  );
}
