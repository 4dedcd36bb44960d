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
 * The table, for the functions whose declared access names it (shared/function-access.ts sets
 * TABLE_NAME for them and only them). A function without it never reaches the table: the
 * entity layer refuses to build a request without a name (`TABLE_NAME is not set`), and IAM
 * (locally, the access guard) refuses the call anyway.
 */
export const tableName = process.env.TABLE_NAME ?? "";

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** DynamoDB deletes expired items lazily (and dynalite never): an item past `expiresAt` is treated as absent. */
export const isExpired = (item: { expiresAt?: number | undefined }) =>
  item.expiresAt !== undefined && item.expiresAt <= nowSeconds();
