import { deletionsIn, OrganizationDeletion } from "#shared/deletion/entities";
import { queryItems } from "#shared/entity/reads";
import { errors } from "#shared/errors";
import * as texts from "#shared/i18n/error-texts";
import { OutboxMail, outboxByStatus } from "#shared/mail/outbox";
import { maxStuckWorkPage, type StuckWorkKind } from "#shared/operations/stuck-work-kinds";
import { MemberRemoval, removalsIn } from "#shared/organizations/entities";
import { Termination, terminationsIn } from "#shared/termination/entities";
import { terminationExecutionArn } from "#shared/termination/execution";

/**
 * What operators look at when work is stuck (issue 15, item 8), read from the workflow records'
 * gsi2 queues (`<STATE>#<workflow>` / `updatedAt`), never a scan:
 * - `deletions`: organization deletions that failed (`FAILED#organization-deletion`), whatever
 *   asked for them; an operator may resume one (`resumeDeletion`, shared/operations/resume-deletion.ts);
 * - `terminations`: product terminations that failed (`FAILED#product-termination`);
 * - `removals`: member removals still `running` with no progress for longer than a threshold
 *   (`RUNNING#member-removal`), the ones a workflow retrying for ever, or a provider that never
 *   answers, keeps from their end;
 * - `mails`: outbox items that failed (SES refused them for good, or their attempts ran out;
 *   the outbox's status index, shared/mail/outbox.ts); an operator may send one again.
 * Each page is oldest first; its cursor is the entity layer's (checked: a cursor of another list,
 * or one it never issued, is refused with 400). Each item names its execution and what Step
 * Functions says of it now (DescribeExecution), so that `npm run executions <arn>` shows why.
 */

export { maxStuckWorkPage, type StuckWorkKind, stuckWorkKinds } from "#shared/operations/stuck-work-kinds";

/**
 * Minutes without progress before a record is listed, by default: every failed deletion or
 * termination; a removal once it has run as long as the reconciler waits before it looks at a
 * workflow (`stalledAfterSeconds` in shared/reconciler.ts, 15 minutes).
 */
export const defaultOlderThanMinutes: Readonly<Record<StuckWorkKind, number>> = {
  deletions: 0,
  terminations: 0,
  removals: 15,
  mails: 0,
};

const defaultPage = 25;
/** DescribeExecution calls in flight at once (Step Functions throttles it per account). */
const describeConcurrency = 8;

/** A mail that could not be sent (shared/mail/outbox.ts): an operator may send it again. */
export interface StuckMail {
  kind: "mail";
  mailId: string;
  template: string;
  /** Every recipient of its messages. */
  recipients: string[];
  status: string;
  attempts: number;
  failure?: { code: string; message: string; at: string; retryable: boolean };
  updatedAt: string;
}

export interface StuckWorkItem {
  kind: "deletion" | "termination" | "removal";
  orgId: string;
  productId?: string;
  removalId?: string;
  /** The member being removed (removals). */
  userId?: string;
  status: string;
  attempt?: number;
  /** The step a running record is at (removals). */
  step?: string;
  failure?: { step: string; reason: string; at?: string };
  updatedAt: string;
  executionArn?: string;
  /** What Step Functions says of the execution now: RUNNING, FAILED, ABORTED..., or NOT_STARTED when it does not exist. */
  executionStatus: string;
  /** Deletions: who asked (the owner a resume acts for) and how. */
  requestedBy?: string;
  requestedThrough?: string;
  organizationName?: string;
}

export interface StuckWorkPage {
  kind: StuckWorkKind;
  olderThanMinutes: number;
  /** The newest `updatedAt` listed: now less the threshold. */
  updatedBy: string;
  items: (StuckWorkItem | StuckMail)[];
  /** Absent on the last page. */
  nextCursor?: string;
}

const invalidCursor = () =>
  errors.validationFailed([{ path: "query.cursor", message: texts.cursorNotValid }]);

/**
 * A page of a queue, read. The entity layer checks a cursor's shape and partition; DynamoDB refuses
 * a cursor outside the range asked (a key newer than the threshold): a forged cursor too, 400.
 */
async function checked<T>(query: Promise<T>, cursor: string | undefined): Promise<T> {
  try {
    return await query;
  } catch (error) {
    if (cursor && (error as Error).name === "ValidationException") throw invalidCursor();
    throw error;
  }
}

/** DescribeExecution's status; `NOT_STARTED` when none is recorded or it does not exist. */
async function executionStatusOf(executionArn: string | undefined): Promise<string> {
  if (!executionArn) return "NOT_STARTED";
  const { sfn, DescribeExecutionCommand } = await import("#shared/aws/sfn");
  try {
    return (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status ?? "UNKNOWN";
  } catch (error) {
    if ((error as Error).name === "ExecutionDoesNotExist") return "NOT_STARTED";
    throw error;
  }
}

/** Each item's execution status, a few calls at a time. */
async function withExecutionStatus(
  items: Omit<StuckWorkItem, "executionStatus">[],
): Promise<StuckWorkItem[]> {
  const statuses: string[] = [];
  for (let start = 0; start < items.length; start += describeConcurrency) {
    const batch = items.slice(start, start + describeConcurrency);
    statuses.push(...(await Promise.all(batch.map((item) => executionStatusOf(item.executionArn)))));
  }
  return items.map((item, index) => ({ ...item, executionStatus: statuses[index] ?? "UNKNOWN" }));
}

const failureOf = (failure: { step: string; reason: string; at?: string } | undefined) =>
  failure
    ? { failure: { step: failure.step, reason: failure.reason, ...(failure.at ? { at: failure.at } : {}) } }
    : {};

const deletionItem = (record: OrganizationDeletion): Omit<StuckWorkItem, "executionStatus"> => ({
  kind: "deletion",
  orgId: record.orgId,
  organizationName: record.organizationName,
  status: record.status,
  attempt: record.attempt,
  ...failureOf(record.failure),
  updatedAt: record.updatedAt,
  ...(record.executionArn ? { executionArn: record.executionArn } : {}),
  requestedBy: record.requestedBy,
  requestedThrough: record.requestedThrough ?? "request",
});

const terminationItem = (termination: Termination): Omit<StuckWorkItem, "executionStatus"> => ({
  kind: "termination",
  orgId: termination.orgId,
  productId: termination.productId,
  status: termination.status,
  ...failureOf(termination.failure),
  updatedAt: termination.updatedAt,
  ...(termination.executionName ? { executionArn: terminationExecutionArn(termination.executionName) } : {}),
  requestedBy: termination.requestedBy,
});

const removalItem = (removal: MemberRemoval): Omit<StuckWorkItem, "executionStatus"> => ({
  kind: "removal",
  orgId: removal.orgId,
  removalId: removal.removalId,
  userId: removal.userId,
  status: removal.status,
  attempt: removal.attempt ?? 1,
  step:
    removal.steps.find((step) => step.status === "running")?.name ??
    removal.steps.find((step) => step.status !== "succeeded")?.name ??
    "unknown",
  ...failureOf(removal.failure),
  updatedAt: removal.updatedAt,
  ...(removal.executionArn ? { executionArn: removal.executionArn } : {}),
});

/**
 * One page of stuck work of a kind: records whose last change (`updatedAt`) is at least
 * `olderThanMinutes` old (the kind's default when absent), oldest first. Needs the table (read)
 * and DescribeExecution on the three workflows.
 */
export async function listStuckWork(input: {
  kind: StuckWorkKind;
  olderThanMinutes?: number | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}): Promise<StuckWorkPage> {
  const olderThanMinutes = input.olderThanMinutes ?? defaultOlderThanMinutes[input.kind];
  const updatedBy = new Date(Date.now() - olderThanMinutes * 60_000).toISOString();
  const options = { cursor: input.cursor, limit: Math.min(input.limit ?? defaultPage, maxStuckWorkPage) };
  if (input.kind === "mails") {
    // Failed mails, by when they were written (the outbox's status index), oldest first.
    const result = await checked(
      queryItems(OutboxMail, outboxByStatus("failed", `${updatedBy}~`), options),
      options.cursor,
    );
    return {
      kind: input.kind,
      olderThanMinutes,
      updatedBy,
      items: result.items.map((item) => ({
        kind: "mail",
        mailId: item.mailId,
        template: item.template,
        recipients: [...new Set(item.messages.flatMap((message) => message.to))],
        status: item.status,
        attempts: item.attempts,
        ...(item.failure ? { failure: item.failure } : {}),
        updatedAt: item.updatedAt,
      })),
      ...(result.cursor ? { nextCursor: result.cursor } : {}),
    };
  }
  let found: { items: Omit<StuckWorkItem, "executionStatus">[]; cursor?: string };
  switch (input.kind) {
    case "deletions": {
      const result = await checked(
        queryItems(OrganizationDeletion, deletionsIn("failed", updatedBy), options),
        options.cursor,
      );
      found = { ...result, items: result.items.map(deletionItem) };
      break;
    }
    case "terminations": {
      const result = await checked(
        queryItems(Termination, terminationsIn("failed", updatedBy), options),
        options.cursor,
      );
      found = { ...result, items: result.items.map(terminationItem) };
      break;
    }
    case "removals": {
      const result = await checked(
        queryItems(MemberRemoval, removalsIn("running", updatedBy), options),
        options.cursor,
      );
      found = { ...result, items: result.items.map(removalItem) };
      break;
    }
  }
  return {
    kind: input.kind,
    olderThanMinutes,
    updatedBy,
    items: await withExecutionStatus(found.items),
    ...(found.cursor ? { nextCursor: found.cursor } : {}),
  };
}
