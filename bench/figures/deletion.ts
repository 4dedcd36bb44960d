import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  SFNClient,
} from "@aws-sdk/client-sfn";
import { routes } from "#functions/routes";
import { workflows } from "#functions/workflows";
import { routeKey } from "#shared/route-types";
import { type SignedUp, strongPassword } from "#test/support/accounts";
import { line, placeOrder, topUp } from "#test/support/billing";
import { giveData, joinAs } from "#test/support/organizations";
import { call, eventually } from "#test/support/runtime";
import type { Figure } from "../lib/figure.ts";
import { ms, table, usd } from "../lib/format.ts";
import type { LocalBench } from "../lib/local.ts";
import { expectStatus, type ScriptContext } from "../lib/requests.ts";
import { prices } from "../prices.ts";

const workflowName = "organization-deletion";
const refundIban = "CH9300762011623852957";

interface DeletionContext {
  local(): Promise<LocalBench>;
}

interface Case {
  name: string;
  /** Products to terminate, for the growth goal. */
  products?: number;
  /** The organization to delete and the options its deletion needs. */
  make(context: ScriptContext): Promise<{ owner: SignedUp; options: Record<string, unknown> }>;
}

const nothingToDo = {
  terminateProducts: false,
  settleInvoices: false,
  removeMembers: false,
  emailPaidInvoices: false,
};

/** An organization with `products` active products, written to the table in batches as set-up. */
async function withProducts(context: ScriptContext, products: number) {
  const owner = await context.freshUser();
  const { maxTransactionActions, transact } = await import("#shared/entity/transactions");
  const { putItem, updateItem, write } = await import("#shared/entity/writes");
  const { Product } = await import("#shared/products/entities");
  const { Organization } = await import("#shared/entities");
  const now = new Date().toISOString();
  for (let start = 0; start < products; start += maxTransactionActions) {
    const batch = Array.from({ length: Math.min(maxTransactionActions, products - start) }, (_, offset) => ({
      orgId: owner.orgId,
      productId: `p${String(start + offset).padStart(5, "0")}`,
      kind: "domain",
      category: "web_domains",
      name: `site-${start + offset}.example`,
      status: "active" as const,
      createdAt: now,
      updatedAt: now,
    }));
    await transact(batch.map((product) => putItem(Product, product)));
  }
  await write(updateItem(Organization, { orgId: owner.orgId }, { add: { productCount: products } }));
  return { owner, options: { ...nothingToDo, terminateProducts: true } };
}

/** The product counts of the issue: history must grow with pages of products, not products. */
const productCounts = [10, 100, 1_000];

const cases: Case[] = [
  ...productCounts.map((products) => ({
    name: `${products.toLocaleString("en")} products`,
    products,
    make: (context: ScriptContext) => withProducts(context, products),
  })),
  {
    name: "empty organization (nothing to settle)",
    make: async (context) => ({ owner: await context.freshUser(), options: nothingToDo }),
  },
  {
    name: "busy organization (3 products, 2 members, invoices, balance)",
    make: async (context) => {
      const owner = await context.freshUser();
      await topUp(context.local, owner, 100_000);
      const orders = [
        { paymentMethod: "invoice", lines: [line("web_hosting"), line("domain")] },
        { paymentMethod: "prepaid", lines: [line("drive")] },
      ];
      for (const order of orders)
        expectStatus(await placeOrder(context.local, owner, order), 201, "an order");
      await joinAs(context.local, owner, owner.orgId, { role: "administrator" });
      const user = await joinAs(context.local, owner, owner.orgId, { role: "user" });
      await giveData(owner.orgId, user.userId, "drive");
      return {
        owner,
        options: {
          terminateProducts: true,
          settleInvoices: true,
          removeMembers: true,
          refundIban,
          emailPaidInvoices: true,
        },
      };
    },
  },
];

interface DeletionStatus {
  status: "running" | "succeeded" | "failed";
  steps: { name: string; status: string }[];
}

async function historyOf(client: SFNClient, executionArn: string) {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

const count = (events: HistoryEvent[], test: (type: string) => boolean) =>
  events.filter((event) => test(String(event.type))).length;

/**
 * Figure 5: what one organization deletion costs in Step Functions terms. Standard workflows
 * are billed per state transition, and an execution's history holds at most 25,000 events:
 * both are read from the execution's own history (GetExecutionHistory on the local Step
 * Functions service, as operators read it in AWS).
 */
export const deletionFigure: Figure<DeletionContext> = {
  id: "deletion",
  title: "5. Organization deletion: state transitions and history events per deletion",
  async run(context) {
    const machine = workflows.find((workflow) => workflow.name === workflowName);
    const route = routes.find(
      (candidate) => routeKey(candidate) === "POST /v1/organizations/{orgId}/deletion",
    );
    if (!machine || !route) {
      return {
        text: `Not measured: the ${workflowName} workflow or its route is not declared.`,
        data: { measured: false },
        goals: [],
      };
    }
    const local = await context.local();
    const sfn = new SFNClient({});
    const stateMachineArn = local.runtime.stateMachineArn(workflowName);
    const results = [];
    for (const entry of cases) {
      const { owner, options } = await entry.make(local.scripts);
      const path = `/v1/organizations/${owner.orgId}/deletion`;
      const started = await call(local.scripts.api, "POST", path, {
        token: owner.token,
        body: { confirmName: owner.organizationName, password: strongPassword, ...options },
      });
      expectStatus(started, 202, `the deletion of an ${entry.name}`);
      // The execution is the authority on when the flow is over (the organization, and with it
      // the status route, may be gone by then).
      const described = await eventually(
        async () => {
          const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1000 }));
          const executionArn = listed.executions?.find((candidate) =>
            candidate.name?.startsWith(`${owner.orgId}-`),
          )?.executionArn;
          if (!executionArn) return undefined;
          const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
          return execution.status === "RUNNING" ? undefined : execution;
        },
        300_000,
        `the deletion of an ${entry.name}`,
      );
      const status = await call<DeletionStatus>(local.scripts.api, "GET", path, { token: owner.token });
      const events = await historyOf(sfn, described.executionArn ?? "");
      const transitions = count(events, (type) => type.endsWith("StateEntered"));
      results.push({
        case: entry.name,
        products: entry.products,
        outcome: String(described.status).toLowerCase(),
        steps:
          status.status === 200 && status.body.steps
            ? status.body.steps.map((step) => `${step.name}:${step.status}`)
            : [`the status route answers ${status.status} once the organization is gone`],
        historyEvents: events.length,
        stateTransitions: transitions,
        taskInvocations: count(
          events,
          (type) => type === "TaskScheduled" || type === "LambdaFunctionScheduled",
        ),
        retries: count(events, (type) => type === "TaskFailed" || type === "LambdaFunctionFailed"),
        durationMs:
          described.startDate && described.stopDate
            ? described.stopDate.getTime() - described.startDate.getTime()
            : undefined,
        // 1,000 deletions make 1,000 × transitions transitions, priced per 1,000.
        costPerThousandDeletions: transitions * prices.stepFunctionsPerThousandTransitions,
      });
    }
    return {
      text: [
        "Each case: an organization set up over HTTP, its deletion requested, waited for, then the execution's",
        `history read back. Standard workflows: $${prices.stepFunctionsPerThousandTransitions} per 1,000 state ` +
          `transitions (${prices.region}); an execution's history holds at most 25,000 events.`,
        "",
        table(
          [
            "case",
            "outcome",
            "state transitions",
            "history events",
            "task calls",
            "failed calls",
            "duration ms",
            "per 1,000 deletions",
          ],
          results.map((row) => [
            row.case,
            row.outcome,
            row.stateTransitions,
            row.historyEvents,
            row.taskInvocations,
            row.retries,
            ms(row.durationMs),
            usd(row.costPerThousandDeletions),
          ]),
        ),
        "",
        ...results.map((row) => `${row.case}: ${row.steps.join(", ")}`),
      ].join("\n"),
      data: { workflow: workflowName, cases: results },
      goals: [growthGoal(results)],
    };
  },
};

/** History events must grow with pages of products (50 a page), far slower than products. */
function growthGoal(results: { products?: number | undefined; historyEvents: number }[]) {
  const measured = results.filter((row) => row.products !== undefined) as {
    products: number;
    historyEvents: number;
  }[];
  const smallest = measured[0];
  const largest = measured.at(-1);
  const goal = "history events grow with pages of products, not with products";
  if (!smallest || !largest || smallest === largest) {
    return { figure: "5", goal, met: undefined, detail: "fewer than two product counts measured" };
  }
  const productGrowth = largest.products / smallest.products;
  const eventGrowth = largest.historyEvents / smallest.historyEvents;
  return {
    figure: "5",
    goal,
    // Products grew by productGrowth; events may grow by at most a tenth of that.
    met: eventGrowth < productGrowth / 10,
    detail:
      `${smallest.products} -> ${largest.products} products (x${productGrowth}): history events ` +
      `${smallest.historyEvents} -> ${largest.historyEvents} (x${eventGrowth.toFixed(1)}), ` +
      `${(largest.historyEvents / largest.products).toFixed(2)} events per product`,
  };
}
