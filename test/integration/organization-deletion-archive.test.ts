/** What an organization deletion archives before deleting, and how operators read it (R-D7). */
import { describe, expect, it } from "vitest";
import { type SignedUp, signUp, strongPassword } from "#test/support/accounts";
import { asOperator, line, placeOrder, prepaidAccount, topUp } from "#test/support/billing";
import { giveData, joinAs, partitionKeys } from "#test/support/organizations";
import { call, eventually, useLocalRuntime } from "#test/support/runtime";

const local = useLocalRuntime();

const iban = "CH9300762011623852957";
type Problem = { code: string; unmet?: { prerequisite: string }[] };
type DeletionStatus = {
  orgId: string;
  status: "running" | "succeeded" | "failed";
  attempt: number;
  steps: { name: string; status: string; detail?: string }[];
  failure?: { step: string; reason: string };
};

const everything = (name: string) => ({
  confirmName: name,
  password: strongPassword,
  terminateProducts: true,
  settleInvoices: true,
  removeMembers: true,
  refundIban: iban,
  emailPaidInvoices: true,
});

const requestDeletion = (owner: SignedUp, body: unknown) =>
  call<DeletionStatus & Problem>(local.api, "POST", `/v1/organizations/${owner.orgId}/deletion`, {
    token: owner.token,
    body,
  });

const deletionStatus = (owner: SignedUp) =>
  call<DeletionStatus>(local.api, "GET", `/v1/organizations/${owner.orgId}/deletion`, { token: owner.token });

async function settled(owner: SignedUp, status: "succeeded" | "failed") {
  let last: unknown;
  try {
    return await eventually(
      async () => {
        const response = await deletionStatus(owner);
        last = response.body;
        return response.body.status === status ? response.body : undefined;
      },
      20_000,
      `deletion ${status}`,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last status: ${JSON.stringify(last)}`);
  }
}

/** An organization with products, two other members (one holding data), open invoices and a balance. */
async function busyOrganization() {
  const owner = await signUp(local.api);
  await topUp(local, owner, 100_000);
  const invoiced = await placeOrder(local, owner, {
    paymentMethod: "invoice",
    lines: [line("web_hosting", { name: "example.org" }), line("domain", { name: "example.org" })],
  });
  expect(invoiced.status).toBe(201);
  const prepaid = await placeOrder(local, owner, {
    paymentMethod: "prepaid",
    lines: [line("drive", { name: "Team drive" })],
  });
  expect(prepaid.status).toBe(201);
  const administrator = await joinAs(local, owner, owner.orgId, { role: "administrator" });
  const user = await joinAs(local, owner, owner.orgId, { role: "user" });
  await giveData(owner.orgId, user.userId, "drive");
  const { getItem } = await import("#shared/entity/reads");
  const { Organization } = await import("#shared/entities");
  const organization = await getItem(Organization, { orgId: owner.orgId });
  return { owner, administrator, user, organization: organization as NonNullable<typeof organization> };
}

describe("archived records (R-D7)", () => {
  interface ArchivedInvoiceView {
    invoiceId: string;
    status: string;
    amount: number;
    currency: string;
    lines: { description: string; total: number }[];
    billingAddress?: { name: string; line1: string; city: string; country: string };
  }
  interface ArchiveView {
    orgId: string;
    organization: {
      name: string;
      type: string;
      currency: string;
      postalAddress: { line1: string; postalCode: string; city: string; country: string };
    };
    deletedBy: { userId: string; loginEmail: string };
    archivedAt: string;
    retentionYears: number;
    expiresAt: string;
    invoiceCount: number;
    ledgerEntryCount: number;
    invoices: ArchivedInvoiceView[];
    ledger: { entryId: string; kind: string; amount: number; currency: string; reference: string }[];
  }

  const readArchive = (orgId: string) =>
    asOperator(local, "GET", `/v1/operator/archive/organizations/${orgId}`) as unknown as Promise<{
      status: number;
      body: { archive: ArchiveView; code?: string };
    }>;

  /** Every item of the archive's partition, raw (keys, entity, TTL). */
  async function archiveItems(orgId: string) {
    const { dynamo, tableName } = await import("#shared/db");
    const { QueryCommand } = await import("@aws-sdk/lib-dynamodb");
    const answer = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `ARCHIVE#${orgId}` },
        ConsistentRead: true,
      }),
    );
    return (answer.Items ?? []) as ({ sk: string; entity: string; expiresAt: number } & Record<
      string,
      unknown
    >)[];
  }

  const tenYearsFromNow = () => {
    const end = new Date();
    end.setUTCFullYear(end.getUTCFullYear() + 10);
    return end.getTime() / 1000;
  };

  it("R-D7 archives every invoice (with its lines) and ledger entry before deleting, with the organization's name, currency and address, expiring about 10 years ahead; operators read it", async () => {
    const { owner, organization } = await busyOrganization();
    const { queryAll } = await import("#shared/entity/reads");
    const { Invoice, invoicesOf } = await import("#shared/billing/entities");
    const invoicesBefore = await queryAll(Invoice, invoicesOf(owner.orgId));
    const open = invoicesBefore.filter((invoice) => invoice.status === "open");
    const ledgerBefore = (await prepaidAccount(local, owner)).ledger;
    expect(invoicesBefore.length).toBeGreaterThanOrEqual(2);
    expect(ledgerBefore.length).toBeGreaterThanOrEqual(2);
    // Nothing is archived while the organization lives.
    const early = await readArchive(owner.orgId);
    expect([early.status, early.body.code]).toEqual([404, "ARCHIVE_NOT_FOUND"]);

    expect((await requestDeletion(owner, everything(organization.name))).status).toBe(202);
    const done = await settled(owner, "succeeded");
    const step = done.steps.find((candidate) => candidate.name === "archive_records");
    expect(step?.status).toBe("succeeded");
    expect(step?.detail).toMatch(
      new RegExp(
        `^${invoicesBefore.length} invoice\\(s\\) and \\d+ ledger entries archived until \\d{4}-\\d\\d-\\d\\d\\.$`,
      ),
    );

    const response = await readArchive(owner.orgId);
    expect(response.status).toBe(200);
    const { archive } = response.body;
    expect(archive.organization).toMatchObject({
      name: organization.name,
      type: organization.type,
      currency: organization.currency,
      postalAddress: organization.postalAddress,
    });
    expect(archive.deletedBy).toEqual({ userId: owner.userId, loginEmail: owner.loginEmail });
    expect(archive.retentionYears).toBe(10);
    // Every invoice, as it stood at the deletion: the open ones settled by the flow, lines and address kept.
    expect(archive.invoices.map((invoice) => invoice.invoiceId).sort()).toEqual(
      invoicesBefore.map((invoice) => invoice.invoiceId).sort(),
    );
    expect(archive.invoiceCount).toBe(invoicesBefore.length);
    for (const invoice of archive.invoices) {
      const original = invoicesBefore.find((candidate) => candidate.invoiceId === invoice.invoiceId);
      expect(invoice).toMatchObject({
        status: "paid",
        amount: original?.amount,
        currency: original?.currency,
      });
      expect(invoice.lines).toEqual(original?.lines);
      expect(invoice.billingAddress).toMatchObject({
        name: organization.name,
        city: "Genève",
        country: "CH",
      });
    }
    // Every ledger entry: those before, each open invoice paid from the balance, the refund.
    expect(archive.ledger).toHaveLength(ledgerBefore.length + open.length + 1);
    expect(archive.ledgerEntryCount).toBe(archive.ledger.length);
    expect(archive.ledger.map((entry) => entry.entryId)).toEqual(
      expect.arrayContaining(ledgerBefore.map((entry) => entry.entryId)),
    );
    expect(archive.ledger.filter((entry) => entry.kind === "withdrawal")).toHaveLength(1);
    // The balance was refunded whole: the archived ledger sums to zero.
    expect(archive.ledger.reduce((sum, entry) => sum + entry.amount, 0)).toBe(0);
    // The retention: the table's TTL on every item of the archive, about 10 years ahead.
    const items = await archiveItems(owner.orgId);
    expect(items.map((item) => item.entity).sort()).toEqual(
      ["archivedLedgerPage", "archivedOrganization", ...invoicesBefore.map(() => "archivedInvoice")].sort(),
    );
    for (const item of items) {
      expect(Number.isInteger(item.expiresAt)).toBe(true);
      expect(Math.abs(item.expiresAt - tenYearsFromNow())).toBeLessThan(24 * 3600);
    }
    expect(Math.abs(Date.parse(archive.expiresAt) / 1000 - tenYearsFromNow())).toBeLessThan(24 * 3600);
    // The organization's own partition is gone; the archive is elsewhere.
    expect(await partitionKeys(owner.orgId)).toEqual([]);
    const unknown = await readArchive("no-such-organization");
    expect([unknown.status, unknown.body.code]).toEqual([404, "ARCHIVE_NOT_FOUND"]);
  });

  it("R-D7 the archive step is idempotent: run again it answers the same archive; an unfinished one is written again whole, leftovers removed", async () => {
    const owner = await signUp(local.api);
    await topUp(local, owner, 5_000);
    for (const kind of ["domain", "drive"]) {
      expect((await placeOrder(local, owner, { paymentMethod: "invoice", lines: [line(kind)] })).status).toBe(
        201,
      );
    }
    expect((await requestDeletion(owner, everything(owner.organizationName))).status).toBe(202);
    await settled(owner, "succeeded");
    const first = await archiveItems(owner.orgId);
    const firstView = (await readArchive(owner.orgId)).body.archive;
    expect(firstView.invoices).toHaveLength(2);
    // The step run again, twice (a retry, a new attempt): the same archive, nothing rewritten.
    const { archiveRecords } = await import("#shared/deletion/steps");
    for (let run = 0; run < 2; run++) {
      expect(await archiveRecords(owner.orgId)).toMatchObject({ archived: false, invoiceCount: 2 });
    }
    expect(await archiveItems(owner.orgId)).toEqual(first);
    expect((await readArchive(owner.orgId)).body.archive).toEqual(firstView);

    // An organization archived twice from its partition, the first run cut off before its summary.
    const live = await signUp(local.api);
    await topUp(local, live, 3_000);
    expect(
      (await placeOrder(local, live, { paymentMethod: "prepaid", lines: [line("domain")] })).status,
    ).toBe(201);
    const { archiveOrganization } = await import("#shared/archive/archive");
    const { getItem } = await import("#shared/entity/reads");
    const { deleteItem, putItem, write } = await import("#shared/entity/writes");
    const { Organization } = await import("#shared/entities");
    const { ArchivedOrganization, ArchivedInvoice } = await import("#shared/archive/entities");
    const organization = await getItem(Organization, { orgId: live.orgId });
    if (!organization) throw new Error("the organization is missing");
    const input = {
      organization,
      deletedBy: live.userId,
      deletedByEmail: live.loginEmail,
      retentionYears: 10,
    };
    const made = await archiveOrganization(input);
    expect(made).toMatchObject({ written: true, archive: { invoiceCount: 1, ledgerEntryCount: 2 } });
    const again = await archiveOrganization(input);
    expect(again).toEqual({ archive: made.archive, written: false });
    const complete = await archiveItems(live.orgId);
    await write(deleteItem(ArchivedOrganization, { orgId: live.orgId }));
    await write(
      putItem(ArchivedInvoice, {
        orgId: live.orgId,
        invoiceId: "left-by-an-earlier-run",
        invoice: made.archive as never,
        archivedAt: made.archive.archivedAt,
        expiresAt: made.archive.expiresAt,
      }),
    );
    const rewritten = await archiveOrganization(input);
    expect(rewritten.written).toBe(true);
    const withoutDates = (items: Record<string, unknown>[]) =>
      items.map(({ archivedAt: _archivedAt, expiresAt: _expiresAt, ...rest }) => rest);
    expect(withoutDates(await archiveItems(live.orgId))).toEqual(withoutDates(complete));
  });

  it("R-D7 never simply deletes invoices or ledger entries: the delete step refuses a partition whose records are not archived", async () => {
    // An invoice, paid and no balance left: nothing else would hold the deletion back.
    const owner = await signUp(local.api);
    expect(
      (await placeOrder(local, owner, { paymentMethod: "card", lines: [line("domain")] })).body.invoice,
    ).toMatchObject({ status: "paid" });
    const before = await partitionKeys(owner.orgId);
    expect(before.some((key) => key.startsWith("INVOICE#"))).toBe(true);
    const { deleteOrganizationPage } = await import("#shared/deletion/delete-items");
    await expect(deleteOrganizationPage(owner.orgId, { requesterId: owner.userId })).rejects.toMatchObject({
      name: "RecordsNotArchived",
    });
    expect(await partitionKeys(owner.orgId)).toEqual(before);
  });

  it("R-D7 the retention period comes from ARCHIVE_RETENTION_YEARS where the step runs, 10 years unless configured", async () => {
    const { retentionEnd } = await import("#shared/archive/archive");
    const { archiveRetentionYears } = await import("#shared/archive/retention");
    expect(archiveRetentionYears(undefined)).toBe(10);
    expect(archiveRetentionYears("")).toBe(10);
    expect(archiveRetentionYears("7")).toBe(7);
    for (const wrong of ["0", "-1", "2.5", "ten", "101"]) {
      expect(() => archiveRetentionYears(wrong)).toThrow(/ARCHIVE_RETENTION_YEARS/);
    }
    expect(new Date(retentionEnd("2025-03-01T12:00:00.000Z", 10) * 1000).toISOString()).toBe(
      "2035-03-01T12:00:00.000Z",
    );
  });
});
