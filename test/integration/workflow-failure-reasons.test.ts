import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signUp } from "#test/support/accounts";
import { asOperator } from "#test/support/billing";
import { useLocalRuntime } from "#test/support/runtime";
import { addProduct, productReaches, readTermination } from "#test/support/termination";

/**
 * Issue 15, item 7: every reason a workflow records when a step fails is a line of text, the
 * same for owners and operators. The failures are real: the workflows run, and the recording
 * adapters of the outside systems fail or hold their calls as their fault plans say.
 */
const local = useLocalRuntime();

interface StuckItem {
  kind: string;
  orgId: string;
  productId?: string;
  removalId?: string;
  userId?: string;
  status: string;
  attempt?: number;
  step?: string;
  failure?: { step: string; reason: string };
  updatedAt: string;
  executionArn?: string;
  executionStatus: string;
  requestedThrough?: string;
}
interface StuckPage {
  kind: string;
  olderThanMinutes: number;
  items: StuckItem[];
  nextCursor?: string;
  code?: string;
}

const stuckWork = async (query: Record<string, string>) =>
  (await asOperator(local, "GET", `/v1/operator/stuck-work?${new URLSearchParams(query)}`)) as unknown as {
    status: number;
    body: StuckPage;
  };

/** Every page of a list, following its cursors. */
async function allStuck(query: Record<string, string>) {
  const items: StuckItem[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const response = await stuckWork({ ...query, ...(cursor ? { cursor } : {}) });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    items.push(...response.body.items);
    cursor = response.body.nextCursor;
    pages++;
  } while (cursor && pages < 200);
  return { items, pages };
}

describe("the reasons workflows record (issue 15, item 7)", () => {
  const lambdaCause = (errorType: string, errorMessage: string) =>
    JSON.stringify({
      errorType,
      errorMessage,
      trace: [`${errorType}: ${errorMessage}`, "    at run (file:///var/task/index.mjs:12:7)"],
    });
  const timeout = { Error: "States.Timeout", Cause: "States.Timeout" };
  const timeoutReason = "States.Timeout: The step did not finish within its time limit.";
  const unique = (label: string) => `${label}${randomBytes(6).toString("hex")}`;

  it("a deletion's: the message of Lambda's JSON cause, or what a timeout means; operators read the same", async () => {
    const { getItem } = await import("#shared/entity/reads");
    const { putItem, write } = await import("#shared/entity/writes");
    const { OrganizationDeletion } = await import("#shared/deletion/entities");
    const { recordFailure } = await import("#shared/deletion/deletion");
    const now = new Date().toISOString();
    const running = (orgId: string) =>
      write(
        putItem(OrganizationDeletion, {
          orgId,
          organizationName: "Gone SA",
          requestedBy: unique("user"),
          requesterEmail: "gone@example.org",
          options: {
            terminateProducts: false,
            settleInvoices: false,
            removeMembers: false,
            emailPaidInvoices: false,
          },
          status: "running",
          attempt: 1,
          steps: { terminate_products: { status: "succeeded" }, refund_balance: { status: "running" } },
          startedAt: now,
          updatedAt: now,
        }),
      );
    const lambdaFailed = unique("org");
    const timedOut = unique("org");
    await running(lambdaFailed);
    await running(timedOut);
    await recordFailure(lambdaFailed, {
      Error: "TransientError",
      Cause: lambdaCause("TransientError", "The payment provider is unavailable."),
    });
    await recordFailure(timedOut, timeout);
    const reasonOf = async (orgId: string) =>
      (await getItem(OrganizationDeletion, { orgId }, { consistent: true }))?.failure;
    expect(await reasonOf(lambdaFailed)).toMatchObject({
      step: "refund_balance",
      reason: "TransientError: The payment provider is unavailable.",
    });
    expect(await reasonOf(timedOut)).toMatchObject({ step: "refund_balance", reason: timeoutReason });
    const listed = (await allStuck({ kind: "deletions" })).items.filter((item) =>
      [lambdaFailed, timedOut].includes(item.orgId),
    );
    expect(listed.map((item) => [item.orgId, item.failure?.reason, item.executionStatus]).sort()).toEqual(
      [
        [lambdaFailed, "TransientError: The payment provider is unavailable.", "NOT_STARTED"],
        [timedOut, timeoutReason, "NOT_STARTED"],
      ].sort(),
    );
  });

  it("a termination's: the message of Lambda's JSON cause, or what a timeout means, on the termination and the product", async () => {
    const owner = await signUp(local.api);
    const { putItem, updateItem, write } = await import("#shared/entity/writes");
    const { Termination } = await import("#shared/termination/entities");
    const { Product } = await import("#shared/products/entities");
    const { recordFailure } = await import("#shared/termination/workflow");
    const now = new Date().toISOString();
    const runningTermination = async () => {
      const { productId } = await addProduct(owner.orgId);
      const requestId = unique("request");
      await write(updateItem(Product, { orgId: owner.orgId, productId }, { set: { status: "terminating" } }));
      await write(
        putItem(Termination, {
          orgId: owner.orgId,
          productId,
          status: "running",
          requestId,
          tokenHash: unique("hash"),
          requestedBy: owner.userId,
          requestedAt: now,
          linkExpiresAt: 0,
          confirmedAt: now,
          executionName: `product-${productId}-${requestId}`,
          updatedAt: now,
        }),
      );
      return { orgId: owner.orgId, productId, requestId, requestedBy: owner.userId };
    };
    const lambdaFailed = await runningTermination();
    const timedOut = await runningTermination();
    await recordFailure({
      ...lambdaFailed,
      failedStep: "Deprovision",
      error: {
        Error: "TransientError",
        Cause: lambdaCause("TransientError", "The provisioning system is down."),
      },
    });
    await recordFailure({ ...timedOut, failedStep: "ScheduleBackupPurge", error: timeout });
    const first = await readTermination(owner.orgId, lambdaFailed.productId);
    expect(first.failure).toMatchObject({
      step: "Deprovision",
      reason: "TransientError: The provisioning system is down.",
    });
    expect(
      (await productReaches(owner.orgId, lambdaFailed.productId, ["termination_failed"])).failure?.reason,
    ).toBe("TransientError: The provisioning system is down.");
    expect((await readTermination(owner.orgId, timedOut.productId)).failure).toMatchObject({
      step: "ScheduleBackupPurge",
      reason: timeoutReason,
    });
  });

  it("a removal's: the message of Lambda's JSON cause, or what a timeout means", async () => {
    const owner = await signUp(local.api);
    const { getItem } = await import("#shared/entity/reads");
    const { putItem, write } = await import("#shared/entity/writes");
    const { MemberRemoval } = await import("#shared/organizations/entities");
    const { recordRemovalFailure } = await import("#shared/members/removal-steps");
    // What the RecordFailure task gives it (functions/members/tasks/record-removal-failure.ts).
    const { reasonOf } = await import("#shared/members/workflow-task");
    const now = new Date().toISOString();
    const running = async () => {
      const removalId = unique("removal");
      await write(
        putItem(MemberRemoval, {
          orgId: owner.orgId,
          removalId,
          userId: unique("user"),
          requestedBy: owner.userId,
          role: "user",
          decisions: [],
          status: "running",
          steps: [
            { name: "carry-out-decisions", status: "succeeded" },
            { name: "remove-membership", status: "running" },
            { name: "notify-member", status: "pending" },
          ],
          holdsLegalRepresentative: false,
          attempt: 1,
          createdAt: now,
          updatedAt: now,
        }),
      );
      return { orgId: owner.orgId, removalId };
    };
    const lambdaFailed = await running();
    const timedOut = await running();
    await recordRemovalFailure(
      lambdaFailed,
      undefined,
      reasonOf({
        Error: "TransferTargetGone",
        Cause: lambdaCause("TransferTargetGone", "The member u1 left."),
      }),
    );
    await recordRemovalFailure(timedOut, undefined, reasonOf(timeout));
    const failureOf = async (ref: { orgId: string; removalId: string }) =>
      (await getItem(MemberRemoval, ref, { consistent: true }))?.failure;
    expect(await failureOf(lambdaFailed)).toMatchObject({
      step: "remove-membership",
      reason: "TransferTargetGone: The member u1 left.",
    });
    expect(await failureOf(timedOut)).toMatchObject({ step: "remove-membership", reason: timeoutReason });
  });
});
