import { describe, expect, it } from "vitest";
import { signUp } from "#test/support/accounts";
import {
  addMember,
  line,
  type Problem,
  placeOrder,
  prepaidAccount,
  tableItemCount,
  topUp,
} from "#test/support/billing";
import { call, eventually, mailsTo, useLocalRuntime } from "#test/support/runtime";

const local = useLocalRuntime();

interface InvoiceBody {
  invoiceId: string;
  status: string;
  amount: number;
  currency: string;
  paidWith?: string;
}

const invoices = (account: { orgId: string; token: string }) =>
  call<{ invoices: InvoiceBody[] } & Problem>(
    local.api,
    "GET",
    `/v1/organizations/${account.orgId}/invoices`,
    {
      token: account.token,
    },
  );

const pay = (
  account: { orgId: string; token: string },
  invoiceId: string,
  headers: Record<string, string> = {},
) =>
  call<{ invoice: InvoiceBody } & Problem>(
    local.api,
    "POST",
    `/v1/organizations/${account.orgId}/invoices/${invoiceId}/payments`,
    { token: account.token, headers },
  );

async function openInvoice(account: { orgId: string; token: string }, productKind = "domain") {
  const placed = await placeOrder(local, account, { paymentMethod: "invoice", lines: [line(productKind)] });
  if (placed.status !== 201) throw new Error(`order: ${placed.status} ${JSON.stringify(placed.body)}`);
  return placed.body.invoice;
}

describe("invoices", () => {
  it("R-$4 R-M1 lists invoices with their status to members with billing rights only", async () => {
    const owner = await signUp(local.api);
    const open = await openInvoice(owner);
    const card = await placeOrder(local, owner, { paymentMethod: "card", lines: [line("drive")] });
    const list = await invoices(owner);
    expect(list.status).toBe(200);
    expect(list.body.invoices.map((invoice) => [invoice.invoiceId, invoice.status]).sort()).toEqual(
      [
        [open.invoiceId, "open"],
        [card.body.invoice.invoiceId, "paid"],
      ].sort(),
    );
    for (const invoice of list.body.invoices) expect(Number.isInteger(invoice.amount)).toBe(true);

    const administrator = await addMember(local, owner, "administrator", false);
    const refused = await invoices(administrator);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("BILLING_RIGHTS_REQUIRED");
    const billingUser = await addMember(local, owner, "user", true);
    expect((await invoices(billingUser)).status).toBe(200);
    const outsider = await signUp(local.api);
    expect((await invoices({ ...outsider, orgId: owner.orgId })).status).toBe(404);
  });

  it("R-$4 R-$2 pays an open invoice from the prepaid balance in one step, once", async () => {
    const account = await signUp(local.api);
    await topUp(local, account, 5_000);
    const invoice = await openInvoice(account);
    const paid = await pay(account, invoice.invoiceId);
    expect(paid.status).toBe(200);
    expect(paid.body.invoice).toMatchObject({ status: "paid", paidWith: "prepaid", amount: 1_500 });
    const again = await pay(account, invoice.invoiceId);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("INVOICE_NOT_OPEN");
    const prepaid = await prepaidAccount(local, account);
    expect(prepaid.balance).toBe(3_500);
    expect(prepaid.ledger.filter((entry) => entry.kind === "invoice_payment")).toEqual([
      expect.objectContaining({ amount: -1_500, reference: invoice.invoiceId }),
    ]);
    expect((await pay(account, "no-such-invoice")).status).toBe(404);
  });

  it("R-$4 R-$2 refuses a payment the balance does not cover with INSUFFICIENT_BALANCE, changing nothing", async () => {
    const account = await signUp(local.api);
    const invoice = await openInvoice(account, "mail_service");
    const withoutAccount = await pay(account, invoice.invoiceId);
    expect(withoutAccount.status).toBe(409);
    expect(withoutAccount.body.code).toBe("INSUFFICIENT_BALANCE");
    await topUp(local, account, 1_000);
    const before = await tableItemCount(local);
    const short = await pay(account, invoice.invoiceId);
    expect(short.status).toBe(409);
    expect(short.body.code).toBe("INSUFFICIENT_BALANCE");
    expect(await tableItemCount(local)).toBe(before);
    const list = await invoices(account);
    expect(list.body.invoices.find((item) => item.invoiceId === invoice.invoiceId)?.status).toBe("open");
    expect((await prepaidAccount(local, account)).balance).toBe(1_000);
  });

  it("R-$4 lets one of five concurrent payments of the same invoice pay it, debiting the balance once", async () => {
    const account = await signUp(local.api);
    await topUp(local, account, 10_000);
    const invoice = await openInvoice(account);
    const responses = await Promise.all(Array.from({ length: 5 }, () => pay(account, invoice.invoiceId)));
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    for (const response of responses.filter((item) => item.status !== 200)) {
      expect(response.status).toBe(409);
      expect(response.body.code).toBe("INVOICE_NOT_OPEN");
    }
    const prepaid = await prepaidAccount(local, account);
    expect(prepaid.balance).toBe(8_500);
    expect(prepaid.ledger.filter((entry) => entry.kind === "invoice_payment")).toHaveLength(1);
  });

  it("R-$4 replays a payment retried with the same Idempotency-Key instead of refusing it", async () => {
    const account = await signUp(local.api);
    await topUp(local, account, 5_000);
    const invoice = await openInvoice(account);
    const headers = { "idempotency-key": `pay-${invoice.invoiceId}` };
    const first = await pay(account, invoice.invoiceId, headers);
    const retry = await pay(account, invoice.invoiceId, headers);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect((await prepaidAccount(local, account)).balance).toBe(3_500);
  });

  it("R-$1 R-D2 mails the paid invoices, with amounts formatted, to the caller's login email", async () => {
    const account = await signUp(local.api);
    await topUp(local, account, 20_000);
    const open = await openInvoice(account, "streaming");
    const prepaid = await placeOrder(local, account, { paymentMethod: "prepaid", lines: [line("domain")] });
    const card = await placeOrder(local, account, {
      paymentMethod: "card",
      lines: [line("web_hosting"), line("backup")],
    });
    const response = await call<{ sentTo: string; invoiceCount: number }>(
      local.api,
      "POST",
      `/v1/organizations/${account.orgId}/invoices/emails`,
      { token: account.token },
    );
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ sentTo: account.loginEmail, invoiceCount: 2 });
    const mail = await eventually(
      async () =>
        (await mailsTo(local.runtime, account.loginEmail)).find((item) =>
          item.subject.includes("Paid invoices"),
        ),
      5_000,
      "the invoices mail",
    );
    const text = mail.body.text ?? "";
    expect(text).toContain(prepaid.body.invoice.invoiceId);
    expect(text).toContain(card.body.invoice.invoiceId);
    expect(text).not.toContain(open.invoiceId);
    expect(text).toMatch(/Total: CHF\s15\.00/);
    expect(text).toMatch(/Total: CHF\s167\.00/);

    const administrator = await addMember(local, account, "administrator", false);
    const refused = await call<Problem>(
      local.api,
      "POST",
      `/v1/organizations/${account.orgId}/invoices/emails`,
      {
        token: administrator.token,
      },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("BILLING_RIGHTS_REQUIRED");
  });
});
