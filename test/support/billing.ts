import { randomBytes } from "node:crypto";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import type { Role } from "#shared/authorization";
import type { SignedUp } from "#test/support/accounts";
import { addMembership } from "#test/support/organizations";
import { call, type TestRuntime } from "#test/support/runtime";

export type Problem = {
  code: string;
  status: number;
  detail?: string;
  line?: number;
  reason?: string;
  refusals?: { line: number; code: string; reason: string }[];
  errors?: { path: string; message: string }[];
};

export interface PlacedOrder {
  order: {
    orderId: string;
    currency: string;
    total: number;
    lines: { productId: string; productKind: string; price: number; reduction: number; total: number }[];
  };
  invoice: { invoiceId: string; status: string; amount: number; currency: string };
  payment?: { status: string };
}

/** A code name no other test uses. */
export const uniqueCode = (label = "CODE") => `${label}-${randomBytes(4).toString("hex").toUpperCase()}`;

export const line = (productKind: string, extra: Record<string, string> = {}) => ({
  productKind,
  name: `${productKind}-${randomBytes(3).toString("hex")}.example`,
  ...extra,
});

/** Calls an operator route with the local operator key. */
export const asOperator = (local: TestRuntime, method: string, path: string, body?: unknown) =>
  call<Record<string, unknown> & Problem>(local.api, method, path, {
    body,
    headers: { "x-operator-key": local.runtime.operatorKey },
  });

export async function createPromoCode(local: TestRuntime, body: Record<string, unknown>) {
  const response = await asOperator(local, "POST", "/v1/operator/promo-codes", body);
  if (response.status !== 201)
    throw new Error(`promo code: ${response.status} ${JSON.stringify(response.body)}`);
  return body.code as string;
}

export async function grantFreeOffer(local: TestRuntime, orgId: string, productKind: string) {
  const response = await asOperator(local, "POST", `/v1/operator/organizations/${orgId}/free-offers`, {
    productKind,
  });
  if (response.status !== 201)
    throw new Error(`free offer: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.freeOfferId as string;
}

export const placeOrder = (
  local: TestRuntime,
  account: Pick<SignedUp, "orgId" | "token">,
  body: unknown,
  headers: Record<string, string> = {},
) =>
  call<PlacedOrder & Problem>(local.api, "POST", `/v1/organizations/${account.orgId}/orders`, {
    body,
    token: account.token,
    headers,
  });

export async function topUp(local: TestRuntime, account: Pick<SignedUp, "orgId" | "token">, amount: number) {
  const response = await call(
    local.api,
    "POST",
    `/v1/organizations/${account.orgId}/prepaid-account/top-ups`,
    {
      body: { amount },
      token: account.token,
    },
  );
  if (response.status !== 201) throw new Error(`top-up: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export interface PrepaidAccountBody {
  balance: number;
  currency: string;
  ledger: { entryId: string; kind: string; amount: number; reference: string }[];
  withdrawals: { withdrawalId: string; status: string; amount: number }[];
}

export const prepaidAccount = async (local: TestRuntime, account: Pick<SignedUp, "orgId" | "token">) =>
  (
    await call<PrepaidAccountBody>(
      local.api,
      "GET",
      `/v1/organizations/${account.orgId}/prepaid-account?limit=500`,
      { token: account.token },
    )
  ).body;

/**
 * A second member of `owner`'s organization with a given role and billing rights, made as
 * set-up (`addMembership`); answered with the owner's organization as its `orgId`.
 */
export async function addMember(
  local: TestRuntime,
  owner: Pick<SignedUp, "orgId">,
  role: Role,
  billingRights: boolean,
): Promise<SignedUp> {
  const person = await addMembership(local, owner.orgId, { role, billingRights });
  return { ...person, orgId: owner.orgId };
}

/** Every item of the table, raw: to prove that a request wrote nothing. */
export async function tableItemCount(local: TestRuntime) {
  const client = new DynamoDBClient({ endpoint: local.runtime.urls.dynamodb });
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: local.runtime.tableName,
        Select: "COUNT",
        ExclusiveStartKey: start as never,
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  client.destroy();
  return count;
}

/**
 * The payment provider's calls of one operation, grouped by idempotency key, each key with its
 * outcomes in order: what the exactly-once tests count besides the payouts themselves (a second
 * call with a key already executed shows as "deduplicated").
 */
export function outcomesPerKey(
  calls: readonly { operation: string; idempotencyKey: string; outcome: string }[],
  operation: "charge" | "payout",
): Record<string, string[]> {
  const perKey: Record<string, string[]> = {};
  for (const call of calls) {
    if (call.operation !== operation) continue;
    perKey[call.idempotencyKey] = [...(perKey[call.idempotencyKey] ?? []), call.outcome];
  }
  return perKey;
}
