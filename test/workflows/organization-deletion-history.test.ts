import { GetExecutionHistoryCommand, type HistoryEvent, SFNClient } from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import { signUp, strongPassword } from "#test/support/accounts";
import { call, eventually, useLocalRuntime } from "#test/support/runtime";

const local = useLocalRuntime();

/** An organization with `count` active products, written as set-up in batches. */
async function organizationWithProducts(count: number) {
  const owner = await signUp(local.api);
  const { maxTransactionActions, transact } = await import("#shared/entity/transactions");
  const { putItem, updateItem, write } = await import("#shared/entity/writes");
  const { Product } = await import("#shared/products/entities");
  const { Organization } = await import("#shared/entities");
  const now = new Date().toISOString();
  const products = Array.from({ length: count }, (_, index) => ({
    orgId: owner.orgId,
    productId: `p${String(index).padStart(4, "0")}`,
    kind: "domain",
    category: "web_domains",
    name: `site-${index}.example`,
    status: "active" as const,
    createdAt: now,
    updatedAt: now,
  }));
  for (let start = 0; start < products.length; start += maxTransactionActions) {
    await transact(
      products.slice(start, start + maxTransactionActions).map((product) => putItem(Product, product)),
    );
  }
  await write(updateItem(Organization, { orgId: owner.orgId }, { add: { productCount: count } }));
  return owner;
}

async function deleteAndCount(count: number) {
  const owner = await organizationWithProducts(count);
  const started = await call(local.api, "POST", `/v1/organizations/${owner.orgId}/deletion`, {
    token: owner.token,
    body: {
      confirmName: owner.organizationName,
      password: strongPassword,
      terminateProducts: true,
      settleInvoices: true,
      removeMembers: true,
      emailPaidInvoices: false,
    },
  });
  expect(started.status).toBe(202);
  await eventually(
    async () => {
      const status = await call<{ status: string }>(
        local.api,
        "GET",
        `/v1/organizations/${owner.orgId}/deletion`,
        {
          token: owner.token,
        },
      );
      if (status.body.status === "failed") throw new Error(`deletion failed: ${JSON.stringify(status.body)}`);
      return status.body.status === "succeeded" ? true : undefined;
    },
    120_000,
    `deletion of ${count} products`,
  );
  const { OrganizationDeletion } = await import("#shared/deletion/entities");
  const { getItem, queryAll } = await import("#shared/entity/reads");
  const record = await getItem(OrganizationDeletion, { orgId: owner.orgId });
  const sfn = new SFNClient({});
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn: record?.executionArn as string,
        nextToken,
        maxResults: 1000,
      }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const { Product, productsOf } = await import("#shared/products/entities");
  const left = await queryAll(Product, productsOf(owner.orgId));
  expect(left).toHaveLength(0);
  return {
    historyEvents: events.length,
    stateTransitions: events.filter((event) => event.type?.endsWith("StateEntered")).length,
  };
}

describe("organization deletion's history", () => {
  it("R-D6 grows with pages of products, not with products (10 and 160 products)", async () => {
    const small = await deleteAndCount(10);
    const large = await deleteAndCount(160);
    console.info(
      `history: 10 products -> ${JSON.stringify(small)}; 160 products -> ${JSON.stringify(large)}`,
    );
    // 16 times the products: 4 pages of products (50 each) and a page or two of items to
    // delete, about 12 events a page. A history that grew with products would add at least a
    // Task's 5 events for each of the 150 more (10 products gave 48 events and 11 transitions,
    // 300 gave 118 and 31, 500 gave 167 and 45).
    expect(large.historyEvents).toBeGreaterThan(small.historyEvents);
    expect(large.historyEvents / small.historyEvents).toBeLessThan(3);
    expect((large.historyEvents - small.historyEvents) / 150).toBeLessThan(0.5);
    expect(large.stateTransitions).toBeLessThan(30);
  }, 180_000);
});
