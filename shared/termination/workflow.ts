import { auditAction, orgScope } from "#shared/audit";
import { EmailToken, Membership, membersOfOrganization, Organization, User } from "#shared/entities";
import { getItem, getItems, queryAll } from "#shared/entity/reads";
import { transact } from "#shared/entity/transactions";
import { updateItem, write } from "#shared/entity/writes";
import { DomainError } from "#shared/errors";
import { logger } from "#shared/logger";
import { mailsAction } from "#shared/mail/outbox";
import { productProvisioning } from "#shared/ports/product-provisioning";
import { Backup, backupsOfProduct, Product } from "#shared/products/entities";
import { unlessConditionFailed } from "#shared/termination/conditions";
import { Termination, type TerminationStep } from "#shared/termination/entities";
import { type TerminationInput, terminationExecution } from "#shared/termination/execution";
import { recordTerminationFailure } from "#shared/termination/failure";
import { PortError, transientErrorName } from "#shared/termination/recording-adapter";
import { backupRetentionDays } from "#shared/termination/retention";
import { type CaughtError, failureReason } from "#shared/workflow-failure";

/**
 * The tasks of the product-termination state machine (statemachines/product-termination.asl.json).
 * Each one is idempotent: it records what it did on the Termination item and, run again
 * (a Retry, a duplicate delivery), finds it done and changes nothing twice.
 *
 * Error names are what the ASL matches: `TransientError` is retried, `ConfirmationWithdrawn`
 * ends the execution without touching the product (a newer request replaced the confirmed
 * one before it started), anything else is caught and recorded on the product.
 */

const taskError = (name: string, message: string) => new PortError(name, message);
const confirmationWithdrawn = () =>
  taskError(
    "ConfirmationWithdrawn",
    "The confirmed request was replaced or used before the workflow started.",
  );

export { backupRetentionDays };

const throttlingNames =
  /Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded|TransactionConflict|InternalServerError|ServiceUnavailable|TimeoutError|ECONNRESET|ECONNREFUSED|EPIPE/;

/** Errors of the table or of a concurrent writer are worth a retry: they become `TransientError`. */
function classify(error: unknown): unknown {
  if (error instanceof PortError) return error;
  if (error instanceof DomainError) {
    return error.code === "CONFLICT" ? taskError(transientErrorName, error.message) : error;
  }
  // A wrapped SDK error: look along the causes.
  type ServiceError = {
    name?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
    cause?: unknown;
  };
  for (let current = error as ServiceError | undefined; current; current = current.cause as ServiceError) {
    const status = current.$metadata?.httpStatusCode ?? 0;
    if (current.$retryable || status >= 500 || throttlingNames.test(current.name ?? "")) {
      return taskError(transientErrorName, `${current.name ?? "Error"} from a service call`);
    }
  }
  return error;
}

/** A task's Lambda handler: logs the step, classifies errors for the state machine's Retry and Catch. */
export function terminationTask<Input extends TerminationInput, Output>(
  step: TerminationStep | "RecordFailure",
  run: (input: Input) => Promise<Output>,
) {
  return async (input: Input): Promise<Output> => {
    logger.info("termination step", { step, orgId: input.orgId, productId: input.productId });
    try {
      return await run(input);
    } catch (error) {
      const classified = classify(error);
      logger.warn("termination step failed", {
        step,
        productId: input.productId,
        error: (classified as Error)?.name,
      });
      throw classified;
    }
  };
}

const keyOf = (input: TerminationInput) => ({ orgId: input.orgId, productId: input.productId });

/** The Termination of this execution's request; any other means the request was replaced. */
async function currentTermination(input: TerminationInput) {
  const termination = await getItem(Termination, keyOf(input), { consistent: true });
  if (!termination || termination.requestId !== input.requestId) throw confirmationWithdrawn();
  return termination;
}

async function loadProduct(input: TerminationInput) {
  const product = await getItem(Product, keyOf(input), { consistent: true });
  if (!product) throw taskError("ProductNotFound", "The product no longer exists.");
  return product;
}

/**
 * Step 1: in one transaction, the mailed token is used (once), the request becomes `running`
 * and the product `terminating`. Nothing was changed before this step (R-T2).
 */
export async function markTerminating(input: TerminationInput) {
  const termination = await currentTermination(input);
  if (termination.status === "running" || termination.status === "succeeded") return { done: true };
  if (termination.status !== "awaiting_confirmation") throw confirmationWithdrawn();
  const now = new Date().toISOString();
  await transact([
    updateItem(
      EmailToken,
      { tokenHash: termination.tokenHash },
      { set: { usedAt: now } },
      { condition: { usedAt: { exists: false } }, fails: confirmationWithdrawn },
    ),
    updateItem(
      Termination,
      keyOf(input),
      {
        set: {
          status: "running",
          confirmedAt: now,
          executionName: terminationExecution(input).name,
          updatedAt: now,
        },
        remove: ["failure"],
      },
      {
        condition: { requestId: input.requestId, status: "awaiting_confirmation" },
        fails: confirmationWithdrawn,
      },
    ),
    updateItem(
      Product,
      keyOf(input),
      { set: { status: "terminating", updatedAt: now }, remove: ["failure"] },
      {
        condition: { status: { in: ["active", "termination_failed"] } },
        fails: () => taskError("ProductNotActive", "The product is no longer active."),
      },
    ),
  ]);
  return { done: true };
}

/** Step 2: the provisioning system stops the product (its own idempotency key: the product). */
export async function deprovision(input: TerminationInput) {
  const termination = await currentTermination(input);
  if (termination.deprovisionedAt) return { deprovisionedAt: termination.deprovisionedAt };
  const product = await loadProduct(input);
  await productProvisioning.deprovision({
    orgId: input.orgId,
    productId: input.productId,
    kind: product.kind,
    idempotencyKey: `deprovision-${input.productId}`,
  });
  const deprovisionedAt = new Date().toISOString();
  await write(
    updateItem(
      Termination,
      keyOf(input),
      { set: { deprovisionedAt, updatedAt: deprovisionedAt } },
      { condition: { requestId: input.requestId } },
    ),
  );
  return { deprovisionedAt };
}

/**
 * Step 3 (R-T5): every available backup of the product gets its purge date and joins the
 * purge queue; the scheduled purge job deletes it for good. The date is fixed once, first.
 */
export async function scheduleBackupPurge(input: TerminationInput) {
  const termination = await currentTermination(input);
  if (termination.backupsScheduledAt) return { backupPurgeAt: termination.backupPurgeAt };
  let backupPurgeAt = termination.backupPurgeAt;
  if (!backupPurgeAt) {
    // Read where it is used: only the functions that schedule purges are given it.
    backupPurgeAt = new Date(Date.now() + backupRetentionDays() * 24 * 60 * 60 * 1000).toISOString();
    await write(
      updateItem(
        Termination,
        keyOf(input),
        { set: { backupPurgeAt, updatedAt: new Date().toISOString() } },
        { condition: { requestId: input.requestId } },
      ),
    );
  }
  const backups = await queryAll(Backup, backupsOfProduct(input.orgId, input.productId));
  let scheduled = 0;
  for (const backup of backups.filter((item) => item.status === "available")) {
    const changed = await write(
      updateItem(
        Backup,
        { orgId: backup.orgId, productId: backup.productId, backupId: backup.backupId },
        { set: { status: "purge_scheduled", purgeAt: backupPurgeAt } },
        { condition: { status: "available" } },
      ),
    )
      // Scheduled by an earlier attempt of this step already: nothing to do.
      .then(() => true, unlessConditionFailed);
    if (changed) scheduled++;
  }
  const now = new Date().toISOString();
  await write(
    updateItem(
      Termination,
      keyOf(input),
      { set: { backupsScheduledAt: now, updatedAt: now } },
      { condition: { requestId: input.requestId } },
    ),
  );
  return { backupPurgeAt, scheduled };
}

/**
 * Step 4: the product is `terminated` and the organization's product count goes down, in one
 * transaction. Invoices are not touched: open and out-of-package charges remain due (R-T3).
 */
export async function markTerminated(input: TerminationInput) {
  const termination = await currentTermination(input);
  const product = await loadProduct(input);
  if (product.status === "terminated") {
    if (!termination.terminatedAt) {
      await write(
        updateItem(Termination, keyOf(input), {
          set: {
            terminatedAt: product.terminatedAt ?? product.updatedAt,
            updatedAt: new Date().toISOString(),
          },
        }),
      );
    }
    return { terminatedAt: product.terminatedAt };
  }
  if (product.status !== "terminating") {
    throw taskError("ProductNotTerminating", `The product is ${product.status}, not terminating.`);
  }
  const now = new Date().toISOString();
  await transact([
    updateItem(
      Product,
      keyOf(input),
      { set: { status: "terminated", terminatedAt: now, updatedAt: now } },
      { condition: { status: "terminating" } },
    ),
    updateItem(
      Organization,
      { orgId: input.orgId },
      { add: { productCount: -1 } },
      {
        condition: { productCount: { gt: 0 } },
        fails: () =>
          taskError(
            "ProductCountMismatch",
            "The organization counts no product; its product count needs a look.",
          ),
      },
    ),
    updateItem(
      Termination,
      keyOf(input),
      { set: { terminatedAt: now, updatedAt: now } },
      { condition: { requestId: input.requestId }, fails: confirmationWithdrawn },
    ),
    auditAction(
      orgScope(input.orgId),
      "product.terminated",
      input.requestedBy,
      { requestId: terminationExecution(input).name },
      { productId: input.productId, name: product.name, kind: product.kind },
    ),
  ]);
  return { terminatedAt: now };
}

/**
 * Step 5 (R-T4): the other administrators and legal representatives are told, and so is the
 * requester (the link only started the termination): one outbox item of their mails, written
 * with the step's end in one transaction, so a retried step mails nobody twice.
 */
export async function notifyAdministrators(input: TerminationInput) {
  const termination = await currentTermination(input);
  if (termination.notifiedAt) return { notified: termination.notifiedUserIds?.size ?? 0 };
  const [memberships, organization, product] = await Promise.all([
    queryAll(Membership, membersOfOrganization(input.orgId)),
    getItem(Organization, { orgId: input.orgId }),
    loadProduct(input),
  ]);
  const recipientIds = new Set(
    memberships
      .filter(
        (membership) => membership.role === "legal_representative" || membership.role === "administrator",
      )
      .map((membership) => membership.userId),
  );
  recipientIds.add(input.requestedBy);
  const users = await getItems(
    User,
    [...recipientIds].map((userId) => ({ userId })),
  );
  const requester = users.find((user) => user.userId === input.requestedBy);
  // Those an earlier run of this step told one by one (before the outbox) are not told again.
  const alreadyTold = new Set(termination.notifiedUserIds ?? []);
  const toTell = users.filter((user) => !alreadyTold.has(user.userId));
  const now = new Date().toISOString();
  await transact([
    toTell.length > 0 &&
      mailsAction(
        "product-terminated",
        // Each in their own language (R-L2), read with them from the table.
        toTell.map((user) => ({
          to: user.loginEmail,
          language: user.language,
          data: {
            firstName: user.firstName,
            productName: product.name,
            organizationName: organization?.name,
            requestedByName: requester ? `${requester.firstName} ${requester.lastName}` : undefined,
            terminatedAt: termination.terminatedAt ?? now,
            backupPurgeAt: termination.backupPurgeAt,
          },
        })),
        { language: undefined },
      ),
    updateItem(
      Termination,
      keyOf(input),
      {
        set: { notifiedAt: now, status: "succeeded", updatedAt: now },
        ...(toTell.length ? { add: { notifiedUserIds: new Set(toTell.map((user) => user.userId)) } } : {}),
      },
      // Once: a retry after this commit found notifiedAt set above and returned.
      { condition: { requestId: input.requestId, notifiedAt: { exists: false } } },
    ),
  ]);
  return { notified: users.length };
}

/** Errors whose message is ours and safe to show the customer; others show their name only. */
const describedErrors = new Set([
  transientErrorName,
  "ProductNotFound",
  "ProductNotTerminating",
  "ProductCountMismatch",
  "States.Timeout",
]);

export interface FailureInput extends TerminationInput {
  failedStep: TerminationStep;
  error?: CaughtError;
}

/**
 * The Catch of every step: the failure is recorded on the product (`termination_failed` with
 * the step and the reason, when the product was `terminating`) and on the Termination, which
 * a new request can take up again (done steps are skipped).
 */
export async function recordFailure(input: FailureInput) {
  const name = input.error?.Error ?? "Error";
  // Errors the domain describes keep their message; others point to the execution's history.
  const reason = describedErrors.has(name)
    ? failureReason(input.error)
    : `${name} (see the execution history)`;
  const { failure } = await recordTerminationFailure(input, input.failedStep, reason);
  return failure;
}
