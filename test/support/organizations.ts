import { type SignedUp, signUp, tokenFromMail, uniqueEmail } from "#test/support/accounts";
import { type ApiResponse, call, eventually, mailsTo, type TestRuntime } from "#test/support/runtime";

export type Role = "legal_representative" | "administrator" | "user";

export interface Problem {
  code: string;
  status: number;
  detail?: string;
  errors?: { path: string }[];
  [extension: string]: unknown;
}

const invitationMails = async (local: TestRuntime, email: string) =>
  (await mailsTo(local.runtime, email)).filter((mail) =>
    mail.body.text?.includes("/invitations/accept?token="),
  );

/** The number of invitation mails an address has received so far. */
export const invitationCount = async (local: TestRuntime, email: string) =>
  (await invitationMails(local, email)).length;

/** The token of the invitation mailed to an address after the first `seen` ones. */
export async function invitationToken(local: TestRuntime, email: string, seen = 0): Promise<string> {
  const mail = await eventually(
    async () => {
      const mails = await invitationMails(local, email);
      return mails.length > seen ? mails.at(-1) : undefined;
    },
    5000,
    `an invitation mail to ${email}`,
  );
  return tokenFromMail(mail.body.text);
}

export async function invite(
  local: TestRuntime,
  inviter: { token: string },
  orgId: string,
  body: { email: string; role: Role; billingRights?: boolean; productIds?: string[] },
) {
  return call<Record<string, unknown> & { invitationId: string; code?: string }>(
    local.api,
    "POST",
    `/v1/organizations/${orgId}/invitations`,
    { token: inviter.token, body: { billingRights: false, ...body } },
  );
}

/**
 * A new member of the organization, through the real flow: sign-up of the person (with
 * their own organization, R-O1), an invitation by `inviter`, the mailed token, acceptance.
 */
export async function joinAs(
  local: TestRuntime,
  inviter: { token: string },
  orgId: string,
  options: {
    role: Role;
    billingRights?: boolean;
    productIds?: string[];
    person?: SignedUp;
    firstName?: string;
  } = {
    role: "user",
  },
): Promise<SignedUp> {
  const person =
    options.person ??
    (await signUp(local.api, {
      loginEmail: uniqueEmail(options.role),
      ...(options.firstName ? { firstName: options.firstName } : {}),
    }));
  const seen = await invitationCount(local, person.loginEmail);
  const invitation = await invite(local, inviter, orgId, {
    email: person.loginEmail,
    role: options.role,
    billingRights: options.billingRights ?? false,
    ...(options.productIds ? { productIds: options.productIds } : {}),
  });
  if (invitation.status !== 201) {
    throw new Error(`invitation failed: ${invitation.status} ${JSON.stringify(invitation.body)}`);
  }
  const token = await invitationToken(local, person.loginEmail, seen);
  const accepted = await call(local.api, "POST", "/v1/invitations/accept", {
    token: person.token,
    body: { token },
  });
  if (accepted.status !== 200)
    throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return person;
}

/**
 * A person (signed up over HTTP, with an organization of their own) made a member of `orgId`
 * directly in the table, as set-up, with the organization's counters kept right in the same
 * transaction.
 */
export async function addMembership(
  local: TestRuntime,
  orgId: string,
  options: {
    role: Role;
    billingRights?: boolean;
    productIds?: string[];
    person?: Parameters<typeof signUp>[1];
  },
): Promise<SignedUp> {
  const person = await signUp(local.api, options.person ?? {});
  const { transact } = await import("#shared/entity/transactions");
  const { createItem, updateItem } = await import("#shared/entity/writes");
  const { Membership, Organization } = await import("#shared/entities");
  await transact([
    createItem(Membership, {
      orgId,
      userId: person.userId,
      role: options.role,
      billingRights: options.billingRights ?? false,
      productIds: options.productIds ?? [],
      joinedAt: new Date().toISOString(),
    }),
    updateItem(
      Organization,
      { orgId },
      { add: { memberCount: 1, legalRepresentativeCount: options.role === "legal_representative" ? 1 : 0 } },
    ),
  ]);
  return person;
}

/** A product of the organization, created directly as an order would (set-up only). */
export async function createProduct(orgId: string, name = "example.org", kind = "domain") {
  const { Product } = await import("#shared/products/entities");
  const { Organization } = await import("#shared/entities");
  const { createItem, updateItem, write } = await import("#shared/entity/writes");
  const { newId } = await import("#shared/tokens");
  const now = new Date().toISOString();
  const product = {
    orgId,
    productId: newId(),
    kind,
    category: "web & domains",
    name,
    status: "active" as const,
    createdAt: now,
    updatedAt: now,
  };
  await write(createItem(Product, product));
  await write(updateItem(Organization, { orgId }, { add: { productCount: 1 } }));
  return product;
}

/** The organization as the API shows it, with its ETag. */
export async function readOrganization(local: TestRuntime, token: string, orgId: string) {
  const response = await call<Record<string, unknown>>(local.api, "GET", `/v1/organizations/${orgId}`, {
    token,
  });
  return { ...response, etag: response.headers.get("etag") ?? "" };
}

export async function organizationRecord(orgId: string) {
  const { Organization } = await import("#shared/entities");
  const { getItem } = await import("#shared/entity/reads");
  const data = await getItem(Organization, { orgId });
  if (!data) throw new Error(`no organization ${orgId}`);
  return data;
}

export async function membershipOf(orgId: string, userId: string) {
  const { Membership } = await import("#shared/entities");
  const { getItem } = await import("#shared/entity/reads");
  return (await getItem(Membership, { orgId, userId })) ?? null;
}

/** Gives a member something to hold, through the provisioning port's recording adapter. */
export async function giveData(
  orgId: string,
  userId: string,
  kind: "drive" | "mailboxAccess" | "calendars" | "addressBooks",
  description = `${kind} of ${userId}`,
) {
  const { recordingProvisioning } = await import("#shared/ports/provisioning");
  return recordingProvisioning.addMemberData(orgId, userId, kind, description);
}

export type { ApiResponse };

/**
 * Deletes the items of an organization's partition straight from the table, all but those whose
 * sort key is in `keep`: what a deletion that was cut off had already deleted (set-up of the
 * resume scenarios; e.g. `["PROFILE"]` as the former page deletion left it, membership gone).
 */
export async function deletePartitionItems(orgId: string, keep: readonly string[] = []) {
  const { BatchWriteCommand, QueryCommand } = await import("@aws-sdk/lib-dynamodb");
  const { dynamo, tableName } = await import("#shared/db");
  const keys: { pk: string; sk: string }[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `ORG#${orgId}` },
        ProjectionExpression: "pk, sk",
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    keys.push(
      ...((page.Items ?? []) as { pk: string; sk: string }[]).filter((key) => !keep.includes(key.sk)),
    );
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  for (let start = 0; start < keys.length; start += 25) {
    await dynamo.send(
      new BatchWriteCommand({
        RequestItems: {
          [tableName]: keys.slice(start, start + 25).map((Key) => ({ DeleteRequest: { Key } })),
        },
      }),
    );
  }
  return keys.length;
}

/** The sort keys of what is left in an organization's partition. */
export async function partitionKeys(orgId: string) {
  const { QueryCommand } = await import("@aws-sdk/lib-dynamodb");
  const { dynamo, tableName } = await import("#shared/db");
  const { Items = [] } = await dynamo.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": `ORG#${orgId}` },
      ProjectionExpression: "sk",
      ConsistentRead: true,
    }),
  );
  return Items.map((item) => item.sk as string);
}
