import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ArchivedOrganization } from "#shared/archive/entities";
import { Organization, User } from "#shared/entities";
import { MemberRemoval } from "#shared/organizations/entities";
import { Product } from "#shared/products/entities";

/**
 * What an execution is about, for the console's labels: the organization, and the product a
 * termination ends or the member a removal removes. The workflows' inputs carry ids only
 * (`{orgId, productId, ...}`, `{orgId, attempt}`, `{orgId, removalId}`): names are personal data
 * and stay out of the execution history, which keeps them as long as Step Functions keeps it.
 * The names are read here, in the local console's server, from the local table next to it; in
 * AWS operators read executions in the Step Functions console, which shows the ids.
 */
export interface ExecutionSubject {
  organization?: { id: string; name?: string };
  product?: { id: string; name?: string };
  member?: { id: string; name?: string };
}

export interface SubjectReader {
  /** Each execution's subject from its input (JSON text, as DescribeExecution gives it), in order. */
  subjectsOf(inputs: (string | undefined)[]): Promise<(ExecutionSubject | undefined)[]>;
  destroy(): void;
}

/** The table the names are read from: the local DynamoDB of `npm start`. */
export interface LocalTable {
  endpoint: string;
  name: string;
  region: string;
}

interface InputIds {
  orgId: string;
  productId?: string;
  removalId?: string;
}

const idsOf = (input: string | undefined): InputIds | undefined => {
  try {
    const parsed = JSON.parse(input ?? "") as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === "string" && value ? value : undefined);
    const orgId = text(parsed.orgId);
    if (!orgId) return undefined;
    const productId = text(parsed.productId);
    const removalId = text(parsed.removalId);
    return { orgId, ...(productId ? { productId } : {}), ...(removalId ? { removalId } : {}) };
  } catch {
    return undefined;
  }
};

type Key = { pk: string; sk: string };
const keyText = (key: Key) => `${key.pk}\u0000${key.sk}`;

/** A reader of the names; without a table, the subjects carry their ids only. */
export function subjectReader(table: LocalTable | undefined): SubjectReader {
  const client = table
    ? DynamoDBDocumentClient.from(
        new DynamoDBClient({
          endpoint: table.endpoint,
          region: table.region,
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
          maxAttempts: 2,
        }),
      )
    : undefined;

  /** The items of `keys` (the name attributes only), by key; a missing item is absent. */
  const read = async (keys: Key[]) => {
    const found = new Map<string, Record<string, unknown>>();
    if (!client || !table) return found;
    try {
      await readInto(found, keys);
    } catch (error) {
      // The executions matter more than their names: without the table they show their ids.
      console.error(
        `console: the names of the executions' subjects could not be read: ${(error as Error).message}`,
      );
    }
    return found;
  };
  const readInto = async (found: Map<string, Record<string, unknown>>, keys: Key[]) => {
    if (!client || !table) return;
    const unique = [...new Map(keys.map((key) => [keyText(key), key])).values()];
    for (let start = 0; start < unique.length; start += 100) {
      let pending: Key[] = unique.slice(start, start + 100);
      // Unprocessed keys (the service's throughput) are asked again, a few times at most.
      for (let round = 0; pending.length > 0 && round < 5; round++) {
        const answer = await client.send(
          new BatchGetCommand({
            RequestItems: {
              [table.name]: {
                Keys: pending,
                ProjectionExpression: "pk, sk, #name, userId, firstName, lastName",
                ExpressionAttributeNames: { "#name": "name" },
              },
            },
          }),
        );
        for (const item of answer.Responses?.[table.name] ?? [])
          found.set(keyText({ pk: String(item.pk), sk: String(item.sk) }), item);
        pending = (answer.UnprocessedKeys?.[table.name]?.Keys ?? []) as Key[];
      }
    }
  };

  return {
    async subjectsOf(inputs) {
      const all = inputs.map(idsOf);
      const ids = all.filter((entry): entry is InputIds => entry !== undefined);
      const items = await read(
        ids.flatMap(({ orgId, productId, removalId }) => [
          Organization.key({ orgId }),
          // A deleted organization's name is in its archive.
          ArchivedOrganization.key({ orgId }),
          ...(productId ? [Product.key({ orgId, productId })] : []),
          ...(removalId ? [MemberRemoval.key({ orgId, removalId })] : []),
        ]),
      );
      const item = (key: Key) => items.get(keyText(key));
      const removed = (entry: InputIds) =>
        entry.removalId
          ? (item(MemberRemoval.key({ orgId: entry.orgId, removalId: entry.removalId }))?.userId as
              | string
              | undefined)
          : undefined;
      const users = await read(
        ids.flatMap((entry) => {
          const userId = removed(entry);
          return userId ? [User.key({ userId })] : [];
        }),
      );
      const name = (found: Record<string, unknown> | undefined) =>
        typeof found?.name === "string" ? found.name : undefined;
      return all.map((entry) => {
        if (!entry) return undefined;
        const { orgId, productId, removalId } = entry;
        const organizationName =
          name(item(Organization.key({ orgId }))) ?? name(item(ArchivedOrganization.key({ orgId })));
        const subject: ExecutionSubject = { organization: { id: orgId, name: organizationName } };
        if (productId) {
          subject.product = { id: productId, name: name(item(Product.key({ orgId, productId }))) };
        }
        if (removalId) {
          const userId = removed(entry);
          const user = userId ? users.get(keyText(User.key({ userId }))) : undefined;
          const fullName = [user?.firstName, user?.lastName]
            .filter((part) => typeof part === "string")
            .join(" ");
          // Without its record the removal's member is unknown: the removal's id says which it was.
          subject.member = { id: userId ?? removalId, name: fullName || undefined };
        }
        return subject;
      });
    },
    destroy: () => client?.destroy(),
  };
}
