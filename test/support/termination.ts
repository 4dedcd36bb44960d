import { randomBytes } from "node:crypto";
import { type SignedUp, tokenFromMail, uniqueEmail } from "#test/support/accounts";
import { addMembership } from "#test/support/organizations";
import {
  type ApiResponse,
  call,
  eventually,
  mailsTo,
  type SentEmail,
  type TestRuntime,
} from "#test/support/runtime";

/**
 * Set-up and probes of the termination and purge tests. Products, backups and memberships
 * are written with the project's own entities (orders and invitations are other areas'
 * routes); everything under test goes through HTTP, the state machine and the purge handler.
 * Import this module's functions only after the local runtime started (they import entities).
 */

export type Role = "legal_representative" | "administrator" | "user";

export interface Problem {
  code: string;
  status: number;
  detail?: string;
  [extension: string]: unknown;
}

const id = (label: string) => `${label}${randomBytes(6).toString("hex")}`;

/** A product of the organization (as an order makes it), with `backups` available backups. */
export async function addProduct(
  orgId: string,
  options: { name?: string; kind?: string; backups?: number } = {},
): Promise<{ productId: string; backupIds: string[] }> {
  const { transact } = await import("#shared/entity/transactions");
  const { createItem, updateItem } = await import("#shared/entity/writes");
  const { Organization } = await import("#shared/entities");
  const { Product, Backup } = await import("#shared/products/entities");
  const productId = id("prd");
  const now = new Date().toISOString();
  const backupIds = Array.from({ length: options.backups ?? 0 }, () => id("bkp"));
  await transact([
    createItem(Product, {
      orgId,
      productId,
      kind: options.kind ?? "web_hosting",
      category: "web_domains",
      name: options.name ?? `${productId}.example.org`,
      status: "active",
      createdAt: now,
      updatedAt: now,
    }),
    updateItem(Organization, { orgId }, { add: { productCount: 1 } }),
    ...backupIds.map((backupId, index) =>
      createItem(Backup, {
        orgId,
        productId,
        backupId,
        createdAt: new Date(Date.now() - index * 86_400_000).toISOString(),
        sizeBytes: 1_000_000 + index,
        status: "available",
      }),
    ),
  ]);
  return { productId, backupIds };
}

/** Someone who signed up (their own organization) and is made a member of `orgId`. */
export const addMember = (local: TestRuntime, orgId: string, role: Role, productIds: string[] = []) =>
  addMembership(local, orgId, {
    role,
    productIds,
    person: { loginEmail: uniqueEmail(role), firstName: role },
  });

export const requestTermination = (
  local: TestRuntime,
  caller: { token: string },
  orgId: string,
  productId: string,
) =>
  call<Record<string, unknown> & Problem>(
    local.api,
    "POST",
    `/v1/organizations/${orgId}/products/${productId}/termination-requests`,
    { token: caller.token },
  );

export const confirmTermination = (local: TestRuntime, token: string) =>
  call<{ status: string; statusUrl: string } & Problem>(local.api, "POST", "/v1/terminations/confirm", {
    body: { token },
  });

export const terminationStatus = (
  local: TestRuntime,
  caller: { token: string },
  orgId: string,
  productId: string,
) =>
  call<TerminationStatusBody & Problem>(
    local.api,
    "GET",
    `/v1/organizations/${orgId}/products/${productId}/termination`,
    {
      token: caller.token,
    },
  );

export interface TerminationStatusBody {
  status: string;
  productStatus: string;
  steps: { name: string; status: string; detail?: string }[];
  failure?: { step: string; reason: string };
  backupPurgeAt?: string;
}

export interface BackupsBody {
  productStatus: string;
  backups: { backupId: string; status: string; purgeAt: string | null }[];
}

export const listBackups = (
  local: TestRuntime,
  caller: { token: string },
  orgId: string,
  productId: string,
) =>
  call<BackupsBody & Problem>(local.api, "GET", `/v1/organizations/${orgId}/products/${productId}/backups`, {
    token: caller.token,
  });

const isConfirmationMail = (mail: SentEmail) =>
  Boolean(mail.body.text?.includes("/confirm-termination?token="));
const isTerminatedNotice = (mail: SentEmail) => mail.subject.endsWith(" was terminated");

/** The termination links mailed to an address so far. */
export const confirmationMails = async (local: TestRuntime, email: string) =>
  (await mailsTo(local.runtime, email)).filter(isConfirmationMail);

/** "Product terminated" notices mailed to an address so far (R-T4). */
export const terminatedNotices = async (local: TestRuntime, email: string, productName?: string) =>
  (await mailsTo(local.runtime, email)).filter(
    (mail) => isTerminatedNotice(mail) && (!productName || mail.subject.startsWith(productName)),
  );

/** The token of the latest termination link mailed to an address, after the first `seen` ones. */
export async function confirmationToken(local: TestRuntime, email: string, seen = 0): Promise<string> {
  const mail = await eventually(
    async () => {
      const mails = await confirmationMails(local, email);
      return mails.length > seen ? mails.at(-1) : undefined;
    },
    5000,
    `a termination link to ${email}`,
  );
  return tokenFromMail(mail.body.text);
}

/** Requests a termination and returns the mailed token. */
export async function requestAndReadLink(
  local: TestRuntime,
  requester: SignedUp,
  orgId: string,
  productId: string,
): Promise<string> {
  const seen = (await confirmationMails(local, requester.loginEmail)).length;
  const response = await requestTermination(local, requester, orgId, productId);
  if (response.status !== 202)
    throw new Error(`request failed: ${response.status} ${JSON.stringify(response.body)}`);
  return confirmationToken(local, requester.loginEmail, seen);
}

export async function readProduct(orgId: string, productId: string) {
  const { getItem } = await import("#shared/entity/reads");
  const { Product } = await import("#shared/products/entities");
  const product = await getItem(Product, { orgId, productId }, { consistent: true });
  if (!product) throw new Error(`no product ${productId}`);
  return product;
}

export async function readOrganization(orgId: string) {
  const { getItem } = await import("#shared/entity/reads");
  const { Organization } = await import("#shared/entities");
  const organization = await getItem(Organization, { orgId }, { consistent: true });
  if (!organization) throw new Error(`no organization ${orgId}`);
  return organization;
}

/** Waits until the product reaches one of the statuses (bounded). */
export const productReaches = (orgId: string, productId: string, statuses: string[], timeoutMs = 10_000) =>
  eventually(
    async () => {
      const product = await readProduct(orgId, productId);
      return statuses.includes(product.status) ? product : undefined;
    },
    timeoutMs,
    `product ${productId} to be ${statuses.join(" or ")}`,
  );

/** A backup's record, read straight from the table (undefined once purged). */
export async function readBackup(orgId: string, productId: string, backupId: string) {
  const { getItem } = await import("#shared/entity/reads");
  const { Backup } = await import("#shared/products/entities");
  return getItem(Backup, { orgId, productId, backupId }, { consistent: true });
}

/** Raw items of the organization's partition whose sort key begins with `prefix`. */
export async function partitionItems(orgId: string, prefix: string) {
  const { QueryCommand } = await import("@aws-sdk/lib-dynamodb");
  const { dynamo, tableName } = await import("#shared/db");
  const { Items = [] } = await dynamo.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": `ORG#${orgId}`, ":prefix": prefix },
      ConsistentRead: true,
    }),
  );
  return Items;
}

/**
 * An open invoice with an out-of-package charge, as billing would issue it (R-T3 set-up).
 * Written as a raw item of the organization's partition (`INVOICE#<id>`, the key of the
 * billing area's Invoice entity), so the proof does not depend on that area's code.
 */
export async function addOpenInvoice(orgId: string, productId: string) {
  const { PutCommand } = await import("@aws-sdk/lib-dynamodb");
  const { dynamo, tableName } = await import("#shared/db");
  const invoiceId = id("inv");
  await dynamo.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        pk: `ORG#${orgId}`,
        sk: `INVOICE#${invoiceId}`,
        entity: "invoice",
        orgId,
        invoiceId,
        status: "open",
        amount: 4_250,
        currency: "CHF",
        paymentMethod: "invoice",
        lines: [{ description: `Extra traffic of ${productId}`, price: 4_250, reduction: 0, total: 4_250 }],
        issuedAt: new Date().toISOString(),
      },
    }),
  );
  return invoiceId;
}

/** Gives backups a purge date, as the termination workflow does (an update, like in production). */
export async function schedulePurge(orgId: string, productId: string, backupIds: string[], purgeAt: Date) {
  const { updateItem, write } = await import("#shared/entity/writes");
  const { Backup } = await import("#shared/products/entities");
  for (const backupId of backupIds) {
    await write(
      updateItem(
        Backup,
        { orgId, productId, backupId },
        { set: { status: "purge_scheduled", purgeAt: purgeAt.toISOString() } },
      ),
    );
  }
}

/** Raw items of the purge queue index (gsi2) in one partition. */
export async function purgeQueueItems(partition: string) {
  const { QueryCommand } = await import("@aws-sdk/lib-dynamodb");
  const { dynamo, tableName } = await import("#shared/db");
  const { Items = [] } = await dynamo.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: "gsi2",
      KeyConditionExpression: "gsi2pk = :pk",
      ExpressionAttributeValues: { ":pk": partition },
    }),
  );
  return Items;
}

/** The state machine input a confirmation of this mailed token starts (what the confirm route sends). */
export async function terminationInputFor(token: string) {
  const { getItem } = await import("#shared/entity/reads");
  const { EmailToken } = await import("#shared/entities");
  const { Termination } = await import("#shared/termination/entities");
  const { hashToken } = await import("#shared/tokens");
  const record = await getItem(EmailToken, { tokenHash: hashToken(token) }, { consistent: true });
  if (!record?.orgId || !record.subjectId || !record.userId) throw new Error("no termination token");
  const termination = await getItem(
    Termination,
    { orgId: record.orgId, productId: record.subjectId },
    { consistent: true },
  );
  if (!termination) throw new Error("no termination");
  return {
    orgId: record.orgId,
    productId: record.subjectId,
    requestId: termination.requestId,
    requestedBy: record.userId,
  };
}

/**
 * Holds the deprovisioning calls of a product (the port's recording adapter waits, at most 30 s,
 * until released): a test can stop the workflow while its Deprovision task waits.
 */
export async function holdDeprovision(productId: string) {
  const { recordingPort } = await import("#shared/termination/recording-adapter");
  await recordingPort("product-provisioning").hold("deprovision", productId);
}

export async function releaseDeprovision(productId: string) {
  const { recordingProductProvisioning } = await import("#shared/ports/product-provisioning");
  await recordingProductProvisioning.clearFaults(productId);
}

/** A product's Termination, read straight from the table. */
export async function readTermination(orgId: string, productId: string) {
  const { getItem } = await import("#shared/entity/reads");
  const { Termination } = await import("#shared/termination/entities");
  const termination = await getItem(Termination, { orgId, productId }, { consistent: true });
  if (!termination) throw new Error(`no termination of ${productId}`);
  return termination;
}

export type { ApiResponse };
