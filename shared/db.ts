import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** Read once at cold start: a missing variable fails here, with its name. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

// Endpoint from AWS_ENDPOINT_URL_DYNAMODB locally; the SDK reads it itself.
export const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

/**
 * In a Lambda function a missing TABLE_NAME fails the cold start, with its name. Elsewhere
 * (the CDK app and tools that only read route declarations and schemas) nothing is read or
 * written, so the name may be absent.
 */
export const tableName = process.env.AWS_LAMBDA_FUNCTION_NAME
  ? requiredEnv("TABLE_NAME")
  : (process.env.TABLE_NAME ?? "");

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** DynamoDB deletes expired items lazily (and dynalite never): an item past `expiresAt` is treated as absent. */
export const isExpired = (item: { expiresAt?: number | undefined }) =>
  item.expiresAt !== undefined && item.expiresAt <= nowSeconds();
