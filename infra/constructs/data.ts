import { RemovalPolicy } from "aws-cdk-lib";
import { AttributeType, Billing, StreamViewType, TableEncryptionV2, TableV2 } from "aws-cdk-lib/aws-dynamodb";
import { Construct } from "constructs";
import { tableDefinition } from "#shared/table";

/**
 * The single DynamoDB table, built from `shared/table.ts` (keys, indexes, TTL attribute), so the
 * table in AWS and the local runtime's table cannot drift apart.
 *
 * `TableV2` (CloudFormation `AWS::DynamoDB::GlobalTable` with one replica) rather than `Table`:
 * a replica in a second region can be added later without replacing the table and its data, and
 * it is the construct CDK recommends. cdk-nag's DDB3 check only knows `AWS::DynamoDB::Table`, so
 * the infra tests assert point-in-time recovery on the replica themselves.
 */
export class Data extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const key = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new TableV2(this, "Table", {
      partitionKey: key(tableDefinition.partitionKey),
      sortKey: key(tableDefinition.sortKey),
      globalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
      })),
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryptionV2.awsManagedKey(),
      removalPolicy: RemovalPolicy.RETAIN,
      // The stream feeds the outbox's mailer (functions/streams.ts): every change, both images.
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
    });
  }
}
