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

/** Publishes counts at once (a job's run, a task's outcome). */
export function publishCounts(
  serviceName: string,
  counts: Record<string, number>,
  dimensions: Record<string, string> = {},
): void {
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
