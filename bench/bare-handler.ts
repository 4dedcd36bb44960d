import { DynamoDBClient } from "@aws-sdk/client-dynamodb";

/**
 * The yardstick of figures 1 and 2: the smallest useful Lambda of this stack, a handler that
 * builds a DynamoDB client at module scope and does nothing else. Bundled the way every
 * project function is, its size and cold start are what any handler costs at least.
 */
const client = new DynamoDBClient({});

export const handler = async () => ({ statusCode: 200, body: client.config.apiVersion });
