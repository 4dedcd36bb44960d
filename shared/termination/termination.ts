import { readEmailToken } from "#shared/accounts/accounts";
import { auditAction, orgScope, type RequestOrigin, writeAudit } from "#shared/audit";
import { assertOrganizationActive, authorize, authorizeAndRead, needs } from "#shared/authorization";
import { nowSeconds } from "#shared/db";
import { EmailToken, User } from "#shared/entities";
import { getItem, read } from "#shared/entity/reads";
import { transact } from "#shared/entity/transactions";
import { createItem, deleteItem, putItem } from "#shared/entity/writes";
import { errors } from "#shared/errors";
import * as texts from "#shared/i18n/error-texts";
import { mailAction } from "#shared/mail/outbox";
import { Product } from "#shared/products/entities";
import { deletionRequestPrefix, Termination, terminationSteps } from "#shared/termination/entities";
import {
  executionStatus,
  isLive,
  type TerminationInput,
  terminationExecution,
  terminationMachineArn,
} from "#shared/termination/execution";
import { recordEndedExecution } from "#shared/termination/failure";
import { hashToken, newId, newToken } from "#shared/tokens";

/** How long a mailed termination link works. */
export const terminationLinkMinutes = 60;

/** Product states from which a termination may be asked: a failed one may be tried again. */
const terminableStatuses = ["active", "termination_failed"] as const;
const isTerminable = (status: string) => (terminableStatuses as readonly string[]).includes(status);

export const productNotActive = (status: string) =>
  errors.of(
    409,
    "PRODUCT_NOT_ACTIVE",
    status === "terminated" ? texts.productTerminated : texts.productTerminating,
    {
      extensions: { productStatus: status },
    },
  );

const linkExpiredOrUsed = () => errors.of(410, "TOKEN_EXPIRED_OR_USED", texts.terminationLinkExpiredOrUsed);

export const terminationStatusPath = (orgId: string, productId: string) =>
  `/v1/organizations/${encodeURIComponent(orgId)}/products/${encodeURIComponent(productId)}/termination`;

export { type TerminationInput, terminationExecution };

async function loadProduct(orgId: string, productId: string) {
  const product = await getItem(Product, { orgId, productId });
  if (!product) throw errors.notFound(texts.productNotFound);
  return product;
}

/**
 * R-T2: asks for a termination. Mails a single-use, expiring link to the requester and changes
 * nothing else: the product, its backups and its invoices stay as they are. A new request
 * replaces the pending one; the previous link stops working in the same transaction.
 * A termination whose workflow ended without recording how (stopped, crashed: the product left
 * `terminating`) is recorded as failed first, as the workflow's Catch would have, so that it can
 * be asked again; the confirmed new request runs as a new execution, its tasks skipping the steps
 * done before.
 */
export async function requestTermination(
  userId: string,
  orgId: string,
  productId: string,
  origin: RequestOrigin,
) {
  await authorize(userId, orgId, needs.product(productId));
  const organization = await assertOrganizationActive(orgId);
  let product = await loadProduct(orgId, productId);
  let previous = await getItem(Termination, { orgId, productId }, { consistent: true });
  if (previous?.status === "running" && !previous.requestId.startsWith(deletionRequestPrefix)) {
    // Running on record: is its execution? One that ended without its Catch (stopped, crashed)
    // is recorded as failed as the Catch would have, and this request takes the product up again.
    const status = await executionStatus(previous.executionName);
    if (!isLive(status)) {
      await recordEndedExecution(previous, status);
      [product, previous] = await Promise.all([
        loadProduct(orgId, productId),
        getItem(Termination, { orgId, productId }, { consistent: true }),
      ]);
    }
  }
  if (!isTerminable(product.status)) throw productNotActive(product.status);
  const user = await getItem(User, { userId });
  if (!user) throw errors.unauthenticated(texts.accountGone);
  if (previous && (previous.status === "running" || previous.status === "succeeded")) {
    throw productNotActive(previous.status === "running" ? "terminating" : "terminated");
  }

  const token = newToken();
  const tokenHash = hashToken(token);
  const now = new Date().toISOString();
  const linkExpiresAt = nowSeconds() + terminationLinkMinutes * 60;
  // What an earlier, failed run already did stays done: its tasks skip it when tried again.
  const carried = previous
    ? {
        ...(previous.deprovisionedAt ? { deprovisionedAt: previous.deprovisionedAt } : {}),
        ...(previous.backupsScheduledAt ? { backupsScheduledAt: previous.backupsScheduledAt } : {}),
        ...(previous.backupPurgeAt ? { backupPurgeAt: previous.backupPurgeAt } : {}),
      }
    : {};
  await transact([
    putItem(
      Termination,
      {
        orgId,
        productId,
        status: "awaiting_confirmation",
        requestId: newId(),
        tokenHash,
        requestedBy: userId,
        requestedAt: now,
        linkExpiresAt,
        updatedAt: now,
        ...carried,
      },
      {
        // Two requests at once: the second one to commit sees the first's token and retries.
        condition: previous ? { tokenHash: previous.tokenHash } : { tokenHash: { exists: false } },
        fails: () => errors.conflict(texts.terminationRequestedMeanwhile),
      },
    ),
    createItem(EmailToken, {
      tokenHash,
      purpose: "termination",
      userId,
      orgId,
      subjectId: productId,
      email: user.loginEmail,
      createdAt: now,
      expiresAt: linkExpiresAt,
    }),
    previous && deleteItem(EmailToken, { tokenHash: previous.tokenHash }),
    auditAction(orgScope(orgId), "product.termination_requested", userId, origin, {
      productId,
      replacesEarlierRequest: Boolean(previous && previous.status === "awaiting_confirmation"),
    }),
    mailAction(
      "termination-confirm",
      user.loginEmail,
      {
        firstName: user.firstName,
        productName: product.name,
        organizationName: organization.name,
        token,
        expiresInMinutes: terminationLinkMinutes,
      },
      { language: user.language },
    ),
  ]);
  return {
    status: "confirmation_sent" as const,
    sentTo: user.loginEmail,
    linkExpiresAt: new Date(linkExpiresAt * 1000).toISOString(),
  };
}

/**
 * R-T2: the mailed link confirms the termination and starts the product-termination workflow.
 * The token is the proof (the link may be opened on a device that is not signed in); the
 * requester must still be allowed to manage the product. The token is marked used by the
 * workflow's first task, in the same transaction that marks the product `terminating`.
 */
export async function confirmTermination(token: string, origin: RequestOrigin) {
  const record = await readEmailToken(token, "termination");
  const orgId = record.orgId;
  const productId = record.subjectId;
  const requestedBy = record.userId;
  if (!orgId || !productId || !requestedBy) throw linkExpiredOrUsed();
  const termination = await getItem(Termination, { orgId, productId }, { consistent: true });
  if (!termination || termination.tokenHash !== record.tokenHash) throw linkExpiredOrUsed();
  await authorize(requestedBy, orgId, needs.product(productId));
  await assertOrganizationActive(orgId);
  const product = await loadProduct(orgId, productId);
  if (termination.status !== "awaiting_confirmation") throw linkExpiredOrUsed();
  if (!isTerminable(product.status)) throw productNotActive(product.status);

  const execution = terminationExecution({ orgId, productId, requestId: termination.requestId, requestedBy });
  // Only a confirmation starts a workflow: the SDK loads then (see shared/aws/sfn.ts).
  const { sfn, StartExecutionCommand, ExecutionAlreadyExists } = await import("#shared/aws/sfn");
  try {
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: terminationMachineArn(),
        name: execution.name,
        input: execution.input,
      }),
    );
  } catch (error) {
    // Same name, already ended: this request was confirmed before; nothing more to start.
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
  await writeAudit(orgScope(orgId), "product.termination_confirmed", requestedBy, origin, {
    productId,
    execution: execution.name,
  });
  const statusUrl = terminationStatusPath(orgId, productId);
  return { status: "started" as const, orgId, productId, statusUrl };
}

/** The steps of a termination as the status route shows them. */
function stepsOf(termination: Termination) {
  const doneAt: Record<(typeof terminationSteps)[number], string | undefined> = {
    MarkTerminating: termination.confirmedAt,
    Deprovision: termination.deprovisionedAt,
    ScheduleBackupPurge: termination.backupsScheduledAt,
    MarkTerminated: termination.terminatedAt,
    NotifyAdministrators: termination.notifiedAt,
  };
  return terminationSteps.map((name) => {
    const at = doneAt[name];
    if (at) return { name, status: "succeeded" as const, at };
    if (termination.failure?.step === name) {
      return { name, status: "failed" as const, detail: termination.failure.reason };
    }
    return { name, status: "pending" as const };
  });
}

/** The termination of a product, step by step; who may read it: as for the product itself. */
export async function terminationStatus(userId: string, orgId: string, productId: string) {
  // One request: the caller's membership, the product and its termination.
  const [product, termination] = await authorizeAndRead(userId, orgId, needs.product(productId), [
    read(Product, { orgId, productId }),
    read(Termination, { orgId, productId }),
  ]);
  if (!product) throw errors.notFound(texts.productNotFound);
  if (!termination) throw errors.notFound(texts.terminationRequestNotFound);
  const linkExpired =
    termination.status === "awaiting_confirmation" && termination.linkExpiresAt <= nowSeconds();
  return {
    productId,
    productStatus: product.status,
    // An unconfirmed request whose link ran out is over: nothing happened, a new one may be asked.
    status: linkExpired ? ("confirmation_expired" as const) : termination.status,
    requestedAt: termination.requestedAt,
    ...(termination.status === "awaiting_confirmation"
      ? { linkExpiresAt: new Date(termination.linkExpiresAt * 1000).toISOString() }
      : {}),
    ...(termination.confirmedAt ? { confirmedAt: termination.confirmedAt } : {}),
    ...(termination.terminatedAt ? { terminatedAt: termination.terminatedAt } : {}),
    ...(termination.backupPurgeAt ? { backupPurgeAt: termination.backupPurgeAt } : {}),
    steps: termination.status === "awaiting_confirmation" ? [] : stepsOf(termination),
    ...(termination.failure
      ? { failure: { step: termination.failure.step, reason: termination.failure.reason } }
      : {}),
  };
}
