/**
 * AWS list prices used by figure 7, in USD, on-demand, first volume tier, no free tier.
 * Region eu-central-1 (Frankfurt): the stack pins no region; Zurich (eu-central-2, the local
 * runtime's region name) is dearer. Prices as published in 2025 (the DynamoDB on-demand
 * prices after the reduction of 1 November 2024), not re-checked on the day of the run: the
 * machine that runs the bench has no access to the price pages. Check before relying on them:
 * https://aws.amazon.com/api-gateway/pricing/, https://aws.amazon.com/lambda/pricing/,
 * https://aws.amazon.com/dynamodb/pricing/on-demand/, https://aws.amazon.com/step-functions/pricing/.
 */
export const prices = {
  region: "eu-central-1",
  asOf: "2025 list prices (not re-checked on the run date)",
  currency: "USD",
  /** HTTP API, per million requests (first 300 million a month). */
  httpApiPerMillionRequests: 1.2,
  /** Lambda, per million invocations. */
  lambdaPerMillionRequests: 0.2,
  /** Lambda arm64, per GB-second (first 7.5 billion GB-seconds a month). */
  lambdaArmPerGbSecond: 0.0000133334,
  /** DynamoDB on-demand, Standard table class, per million read request units. */
  dynamoPerMillionReadUnits: 0.1525,
  /** DynamoDB on-demand, Standard table class, per million write request units. */
  dynamoPerMillionWriteUnits: 0.7625,
  /** Step Functions standard workflows, per 1,000 state transitions. */
  stepFunctionsPerThousandTransitions: 0.025,
} as const;
