/**
 * The single DynamoDB table, described once. The CDK data construct and the local
 * runtime both build the table from this definition, so keys, indexes and the TTL
 * attribute cannot drift apart.
 */
export const tableDefinition = {
  partitionKey: "pk",
  sortKey: "sk",
  /** Epoch seconds. DynamoDB deletes expired items lazily; code treats them as absent itself. */
  timeToLiveAttribute: "expiresAt",
  globalSecondaryIndexes: [
    /** Reverse lookups: a user's memberships, items by secondary identity. */
    { indexName: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    /** Time-ordered work queues: backups due for purge, pending jobs. */
    { indexName: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
  ],
} as const;

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]["indexName"];

/** The CreateTable input that the local runtime sends; CDK builds the same shape in infra/data.ts. */
export function createTableInput(tableName: string) {
  const keyAttributes = [
    tableDefinition.partitionKey,
    tableDefinition.sortKey,
    ...tableDefinition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST" as const,
    AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: "S" as const })),
    KeySchema: [
      { AttributeName: tableDefinition.partitionKey, KeyType: "HASH" as const },
      { AttributeName: tableDefinition.sortKey, KeyType: "RANGE" as const },
    ],
    GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: "HASH" as const },
        { AttributeName: index.sortKey, KeyType: "RANGE" as const },
      ],
      Projection: { ProjectionType: "ALL" as const },
    })),
  };
}
