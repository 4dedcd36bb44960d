import { archiveOrganization, findArchive } from "#shared/archive/archive";
import { archiveRetentionYears } from "#shared/archive/retention";
import { auditAction, orgScope } from "#shared/audit";
import { Invoice, invoicesOf, PrepaidAccount } from "#shared/billing/entities";
import { chargeInvoiceByCard, emailPaidInvoices, payInvoiceFromBalance } from "#shared/billing/invoices";
import { refundRemainingBalance } from "#shared/billing/withdrawals";
import { nowSeconds } from "#shared/db";
import { type DeletionOptions, loadDeletion, markStep } from "#shared/deletion/deletion";
import type { DeletionStepName, OrganizationDeletion } from "#shared/deletion/entities";
import type { RemovalOutcome } from "#shared/email-templates/members";
import { Membership, membersOfOrganization, Organization, User } from "#shared/entities";
import type { Entity } from "#shared/entity";
import { getItem, type ItemRange, queryAll, queryItems } from "#shared/entity/reads";
import { transact } from "#shared/entity/transactions";
import { deleteItem, putItem, updateItem, write } from "#shared/entity/writes";
import { memberRemovedMail } from "#shared/members/members";
import { type MemberDataKind, memberDataKinds } from "#shared/organizations/entities";
import { provisioning } from "#shared/ports/provisioning";
import { Product, productsOf } from "#shared/products/entities";
import { deletionRequestPrefix, Termination } from "#shared/termination/entities";
import { deprovision, markTerminated, scheduleBackupPurge } from "#shared/termination/workflow";

/**
 * Products and members are handled in pages: the workflow's history grows with pages, not
 * with products. A page of 50 products takes a few seconds, far within a task's timeout.
 */
export const pageSize = 50;
const concurrency = 10;

const transient = (message: string) => Object.assign(new Error(message), { name: "TransientError" });

/** The first `count` items of a range that `keep` accepts, read page after page until found. */
async function firstItems<Item extends object, Key extends object>(
  entity: Entity<Item, Key>,
  range: ItemRange,
  keep: (item: Item) => boolean,
  count: number,
): Promise<Item[]> {
  const found: Item[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryItems(entity, range, { limit: count, cursor });
    found.push(...page.items.filter(keep));
    cursor = page.cursor;
  } while (cursor && found.length < count);
  return found.slice(0, count);
}

async function inBatches<T>(items: T[], work: (item: T) => Promise<unknown>) {
  for (let start = 0; start < items.length; start += concurrency) {
    await Promise.all(items.slice(start, start + concurrency).map(work));
  }
}

/**
 * A resumed deletion may find its organization gone already (an earlier attempt deleted it and
 * stopped before the end): every step then has nothing left to do. A step that finished in an
 * earlier attempt keeps its outcome; any other is marked skipped with `detail`.
 */
async function skippedAsGone(record: OrganizationDeletion, step: DeletionStepName, detail: string) {
  if (await getItem(Organization, { orgId: record.orgId }, { consistent: true })) return false;
  const earlier = record.steps[step]?.status;
  if (earlier !== "succeeded" && earlier !== "skipped") await markStep(record.orgId, step, "skipped", detail);
  return true;
}

const gone = "The organization is already gone";

/**
 * Terminates one product for the organization's deletion with the product-termination tasks
 * (deprovision, backups scheduled for purge, marked terminated). The legal representative's
 * confirmed deletion stands for the mailed link: a termination record is taken over under the
 * deletion's own request id, stable across attempts, so every task stays idempotent.
 */
async function prepareTermination(orgId: string, productId: string, requestedBy: string) {
  const input = terminationInput(orgId, productId, requestedBy);
  const termination = await getItem(Termination, { orgId, productId }, { consistent: true });
  if (termination?.requestId !== input.requestId) {
    const now = new Date().toISOString();
    await transact([
      putItem(Termination, {
        orgId,
        productId,
        status: "running",
        requestId: input.requestId,
        tokenHash: "none: confirmed by the organization's deletion",
        requestedBy,
        requestedAt: now,
        linkExpiresAt: nowSeconds(),
        confirmedAt: now,
        executionName: "organization-deletion",
        // What an earlier termination attempt already did stays done.
        ...(termination?.deprovisionedAt ? { deprovisionedAt: termination.deprovisionedAt } : {}),
        ...(termination?.backupsScheduledAt ? { backupsScheduledAt: termination.backupsScheduledAt } : {}),
        ...(termination?.backupPurgeAt ? { backupPurgeAt: termination.backupPurgeAt } : {}),
        updatedAt: now,
      }),
      updateItem(
        Product,
        { orgId, productId },
        { set: { status: "terminating", updatedAt: now } },
        {
          condition: { status: { in: ["active", "termination_failed", "terminating"] } },
          fails: () => transient(`product ${productId} changed meanwhile`),
        },
      ),
    ]);
  }
  await deprovision(input);
  await scheduleBackupPurge(input);
}

const terminationInput = (orgId: string, productId: string, requestedBy: string) => ({
  orgId,
  productId,
  // Not a product-termination execution's: kept out of that workflow's queue (see Termination).
  requestId: `${deletionRequestPrefix}${orgId}`,
  requestedBy,
});

/** The last step of one product's termination: its transaction also counts it off the organization. */
async function completeTermination(orgId: string, productId: string, requestedBy: string) {
  const input = terminationInput(orgId, productId, requestedBy);
  await markTerminated(input);
  await write(
    updateItem(
      Termination,
      { orgId, productId },
      { set: { status: "succeeded", updatedAt: new Date().toISOString() } },
    ),
  );
}

/** One page of R-D2's "terminate all products". */
export async function terminateProductsPage(orgId: string) {
  const record = await loadDeletion(orgId);
  const options: DeletionOptions = record.options;
  const products = await firstItems(
    Product,
    productsOf(orgId),
    (product) => product.status !== "terminated",
    pageSize,
  );
  if (!products.length) {
    if (await skippedAsGone(record, "terminate_products", `${gone}: no product left to terminate.`))
      return { processed: 0, hasMore: false };
    await markStep(orgId, "terminate_products", "succeeded");
    return { processed: 0, hasMore: false };
  }
  if (!options.terminateProducts)
    throw Object.assign(new Error("products remain"), { name: "PrerequisiteNotMet" });
  await markStep(orgId, "terminate_products", "running");
  // The outside calls run side by side; the last steps one after the other, since each one's
  // transaction changes the organization's product count (concurrent ones would only conflict).
  await inBatches(products, (product) => prepareTermination(orgId, product.productId, record.requestedBy));
  for (const product of products) await completeTermination(orgId, product.productId, record.requestedBy);
  const hasMore = products.length === pageSize;
  if (!hasMore) await markStep(orgId, "terminate_products", "succeeded");
  return { processed: products.length, hasMore };
}

/**
 * One page of R-D2's "remove other users": each member's data is deleted through the
 * provisioning port (R-M4, decision "delete" for every kind), then the membership goes and
 * the member is told. The requester stays until the organization itself goes.
 */
export async function removeMembersPage(orgId: string) {
  const record = await loadDeletion(orgId);
  const options: DeletionOptions = record.options;
  const members = await firstItems(
    Membership,
    membersOfOrganization(orgId),
    (member) => member.userId !== record.requestedBy,
    pageSize,
  );
  if (!members.length) {
    if (await skippedAsGone(record, "remove_members", `${gone}: no member left to remove.`))
      return { processed: 0, hasMore: false };
    await markStep(orgId, "remove_members", "succeeded");
    return { processed: 0, hasMore: false };
  }
  if (!options.removeMembers)
    throw Object.assign(new Error("members remain"), { name: "PrerequisiteNotMet" });
  await markStep(orgId, "remove_members", "running");
  const requester = await getItem(User, { userId: record.requestedBy });
  const removedBy = requester ? `${requester.firstName} ${requester.lastName}` : "A legal representative";
  // The member data goes through the outside system side by side; the memberships one after the
  // other, since each transaction changes the organization's member counts.
  const outcomesOf = new Map<string, RemovalOutcome[]>();
  await inBatches(members, async (member) => {
    const held = await provisioning.memberData(orgId, member.userId);
    const outcomes: RemovalOutcome[] = [];
    const heldKinds = memberDataKinds.filter((candidate: MemberDataKind) =>
      held.some((data) => data.kind === candidate),
    );
    for (const kind of heldKinds) {
      const { items } = await provisioning.deleteMemberData({
        operationId: `organization-deletion-${orgId}-${member.userId}-${kind}`,
        orgId,
        userId: member.userId,
        kind,
      });
      // As data: the mail says it in the member's language (R-L2).
      outcomes.push({ kind, action: "delete", items });
    }
    outcomesOf.set(member.userId, outcomes);
  });
  for (const member of members) {
    const outcomes = outcomesOf.get(member.userId) ?? [];
    const notice = await memberRemovedMail(
      member.userId,
      { orgId, name: record.organizationName },
      removedBy,
      outcomes,
    );
    // The member told in the removal's own transaction: a retried page tells nobody twice.
    const removed = await transact([
      notice,
      deleteItem(
        Membership,
        { orgId, userId: member.userId },
        {
          condition: { role: { exists: true } },
          // Gone already (a retried page): nothing to do, nobody to tell twice.
          fails: () => Object.assign(new Error("already removed"), { name: "AlreadyRemoved" }),
        },
      ),
      updateItem(
        Organization,
        { orgId },
        {
          add: {
            memberCount: -1,
            ...(member.role === "legal_representative" ? { legalRepresentativeCount: -1 } : {}),
          },
        },
      ),
      auditAction(
        orgScope(orgId),
        "member.removed",
        record.requestedBy,
        {},
        {
          userId: member.userId,
          reason: "organization deletion",
        },
      ),
    ]).then(
      () => true,
      (error: Error) => {
        if (error.name === "AlreadyRemoved") return false;
        throw error;
      },
    );
    if (!removed) continue;
  }
  const hasMore = members.length === pageSize;
  if (!hasMore) await markStep(orgId, "remove_members", "succeeded");
  return { processed: members.length, hasMore };
}

/**
 * R-D2 "settle outstanding invoices": from the prepaid balance when it covers the invoice,
 * otherwise through the payment port (the invoice id is the charge's idempotency key, so a
 * retried step charges once). A declined card fails the step for a retry.
 */
export async function settleInvoices(orgId: string) {
  const record = await loadDeletion(orgId);
  const options: DeletionOptions = record.options;
  const open = (await queryAll(Invoice, invoicesOf(orgId))).filter((invoice) => invoice.status === "open");
  if (!open.length) {
    if (await skippedAsGone(record, "settle_invoices", `${gone}: no invoice left to settle.`))
      return { settled: 0 };
    await markStep(orgId, "settle_invoices", "skipped", "No open invoice.");
    return { settled: 0 };
  }
  if (!options.settleInvoices)
    throw Object.assign(new Error("open invoices remain"), { name: "PrerequisiteNotMet" });
  await markStep(orgId, "settle_invoices", "running");
  let settled = 0;
  for (const invoice of open) {
    const account = await getItem(PrepaidAccount, { orgId }, { consistent: true });
    if (account && account.currency === invoice.currency && account.balance >= invoice.amount) {
      await payInvoiceFromBalance({
        orgId,
        invoiceId: invoice.invoiceId,
        actorUserId: record.requestedBy,
        origin: {},
      });
    } else {
      const { payment } = await chargeInvoiceByCard(invoice);
      if (payment.status !== "paid")
        throw transient(`invoice ${invoice.invoiceId}: ${payment.detail ?? "not paid"}`);
    }
    settled++;
  }
  await markStep(orgId, "settle_invoices", "succeeded", `${settled} invoice(s) paid.`);
  return { settled };
}

/**
 * R-D2, R-$3: what remains of the balance goes back to the IBAN exactly once. The withdrawal's
 * id is the deletion's, the same in every attempt, so a retried step or a new request after a
 * failure finds the first withdrawal and the provider pays out once.
 */
export async function refundBalance(orgId: string) {
  const record = await loadDeletion(orgId);
  const options: DeletionOptions = record.options;
  // Gone with its organization, the account had been refunded before: the items go last.
  if (await skippedAsGone(record, "refund_balance", `${gone}: no balance left to refund.`))
    return { refunded: 0 };
  await markStep(orgId, "refund_balance", "running");
  if (!options.refundIban) {
    const account = await getItem(PrepaidAccount, { orgId }, { consistent: true });
    if (account && account.balance > 0)
      throw Object.assign(new Error("a balance remains"), { name: "PrerequisiteNotMet" });
    await markStep(orgId, "refund_balance", "skipped", "No balance.");
    return { refunded: 0 };
  }
  const withdrawal = await refundRemainingBalance({
    orgId,
    withdrawalId: `organization-deletion-${orgId}`,
    iban: options.refundIban,
  });
  if (!withdrawal) {
    await markStep(orgId, "refund_balance", "skipped", "No balance.");
    return { refunded: 0 };
  }
  await markStep(
    orgId,
    "refund_balance",
    "succeeded",
    `${withdrawal.amount} ${withdrawal.currency} refunded.`,
  );
  return { refunded: withdrawal.amount, currency: withdrawal.currency };
}

/** R-D2: the paid invoices mailed to the requester before the organization's items go. */
export async function mailPaidInvoices(orgId: string) {
  const record = await loadDeletion(orgId);
  const options: DeletionOptions = record.options;
  const steps = record.steps;
  if (!options.emailPaidInvoices) {
    await markStep(orgId, "email_paid_invoices", "skipped", "Not asked for.");
    return { sent: false };
  }
  // Mailed in an earlier attempt: not twice.
  if (steps.email_paid_invoices?.status === "succeeded") return { sent: false };
  if (
    await skippedAsGone(
      record,
      "email_paid_invoices",
      `${gone}: its paid invoices went with it, none to mail.`,
    )
  )
    return { sent: false };
  await markStep(orgId, "email_paid_invoices", "running");
  const requester = await getItem(User, { userId: record.requestedBy });
  const { invoiceCount } = await emailPaidInvoices({
    orgId,
    to: record.requesterEmail,
    firstName: requester?.firstName ?? "",
    organizationName: record.organizationName,
    // R-L2: the requester's language, read now; kept on the record for an account closed since.
    language: requester?.language ?? record.requesterLanguage,
    // Of this deletion's attempt: a retried step mails once, a new attempt (asked again) anew.
    mailIdPrefix: `paid-invoices-${orgId}-${record.attempt}`,
  });
  await markStep(orgId, "email_paid_invoices", "succeeded", `${invoiceCount} paid invoice(s) mailed.`);
  return { sent: true, invoiceCount };
}

const archiveDetail = (archive: { invoiceCount: number; ledgerEntryCount: number; expiresAt: number }) =>
  `${archive.invoiceCount} invoice(s) and ${archive.ledgerEntryCount} ledger entr${archive.ledgerEntryCount === 1 ? "y" : "ies"} archived until ${new Date(archive.expiresAt * 1000).toISOString().slice(0, 10)}.`;

/**
 * R-D7: before the organization's items go, its invoices (with their lines) and ledger entries
 * are archived outside its partition with its name, currency and address, for the retention
 * period (`ARCHIVE_RETENTION_YEARS`, read here, 10 by default). Idempotent: a complete archive
 * is never written again (a retried step, or a new attempt after the deletion began, finds it
 * and succeeds), and an unfinished one is written again whole.
 */
export async function archiveRecords(orgId: string) {
  const record = await loadDeletion(orgId);
  const retentionYears = archiveRetentionYears();
  const done = await findArchive(orgId);
  if (done) {
    if (record.steps.archive_records?.status !== "succeeded")
      await markStep(orgId, "archive_records", "succeeded", archiveDetail(done));
    return { archived: false, invoiceCount: done.invoiceCount, ledgerEntryCount: done.ledgerEntryCount };
  }
  if (await skippedAsGone(record, "archive_records", `${gone}: nothing of it was left to archive.`))
    return { archived: false, invoiceCount: 0, ledgerEntryCount: 0 };
  await markStep(orgId, "archive_records", "running");
  const organization = await getItem(Organization, { orgId }, { consistent: true });
  if (!organization) throw transient("the organization went while it was being archived");
  const { archive } = await archiveOrganization({
    organization,
    deletedBy: record.requestedBy,
    deletedByEmail: record.requesterEmail,
    retentionYears,
  });
  await markStep(orgId, "archive_records", "succeeded", archiveDetail(archive));
  return { archived: true, invoiceCount: archive.invoiceCount, ledgerEntryCount: archive.ledgerEntryCount };
}
