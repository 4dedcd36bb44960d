import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { captureLambdaHandler } from "@aws-lambda-powertools/tracer/middleware";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";

/**
 * The second yardstick of figures 1 and 2: a typical Powertools handler, in the style of AWS's
 * TypeScript sample (aws-powertools/powertools-lambda-typescript, examples/app/functions/
 * get-by-id.ts): Logger, Metrics and Tracer through middy, a traced DynamoDB client and one
 * lib-dynamodb `GetCommand`. A project function should weigh less and start faster than this.
 */
const logger = new Logger({ serviceName: "yardstick" });
const metrics = new Metrics({ namespace: "yardstick", serviceName: "yardstick" });
const tracer = new Tracer({ serviceName: "yardstick" });
const documentClient = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})));

const getById = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  const id = event.pathParameters?.id ?? "none";
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: `ITEM#${id}`, sk: "ITEM" } }),
  );
  metrics.addMetric("itemRead", MetricUnit.Count, 1);
  logger.info("item read", { id, found: Item !== undefined });
  return { statusCode: Item ? 200 : 404, body: JSON.stringify(Item ?? { message: "not found" }) };
};

export const handler = middy(getById)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { clearState: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
