import { describe, expect, it } from "vitest";
import { formatDate, formatMoney } from "#shared/i18n/format";
import { type Language, languages } from "#shared/i18n/languages";
import { type SignedUp, signUp, strongPassword } from "#test/support/accounts";
import { addMember, line, type Problem, placeOrder, topUp } from "#test/support/billing";
import { isPdf, pdfPages, pdfText } from "#test/support/pdf";
import { call, eventually, mailsTo, type SentEmail, useLocalRuntime } from "#test/support/runtime";

/**
 * Invoices as documents: GET .../invoices/{invoiceId}/document answers the PDF (billing rights;
 * 404 for another organization's invoice), an open one with its Swiss QR-bill, always the same
 * bytes; the paid-invoices mails (asked for, or by an organization's deletion) carry each
 * invoice's PDF; an archived invoice renders the document its organization received. R-L2: each
 * in the organization's billing language, or the one `?language=` asks for.
 */
const local = useLocalRuntime();

interface StoredAttachment {
  filename: string;
  contentType: string;
  content: string;
  size: number;
}
type MailWithAttachments = SentEmail & { attachments?: StoredAttachment[] };

/** The document route, read as bytes (`call` reads JSON); `query` as given (`language=de`). */
async function documentOf(account: Pick<SignedUp, "orgId">, invoiceId: string, token?: string, query = "") {
  const response = await fetch(
    `${local.api}/v1/organizations/${account.orgId}/invoices/${encodeURIComponent(invoiceId)}/document${query ? `?${query}` : ""}`,
    { headers: token ? { authorization: `Bearer ${token}` } : {} },
  );
  const bytes = new Uint8Array(await response.arrayBuffer());
  const problem = response.headers.get("content-type")?.includes("json")
    ? (JSON.parse(Buffer.from(bytes).toString("utf8")) as Problem)
    : undefined;
  return { status: response.status, headers: response.headers, bytes, problem };
}

/** The reference the QR-bill prints, computed as the renderer does. */
async function printedReference(invoiceId: string) {
  const { paymentReference, formattedReference } = await import("#shared/documents/reference");
  const { testCreditor } = await import("#shared/documents/creditor");
  return formattedReference(paymentReference(invoiceId, testCreditor.account));
}

const money = (amount: number, currency = "CHF", language: Language = "en") =>
  formatMoney(amount, currency, language).replace(/\s/gu, " ");

/**
 * The organization's billing language (R-L1), set on its record: what sign-up and the
 * organization's profile set, which their own tests prove; here only what documents do with it.
 */
async function setBillingLanguage(orgId: string, language: Language) {
  const { Organization } = await import("#shared/entities");
  const { updateItem, write } = await import("#shared/entity/writes");
  await write(updateItem(Organization, { orgId }, { set: { language } }));
}

/** Words only a document in that language has: its title, a label, its QR-bill's receipt. */
const wordsOf: Record<Language, string[]> = {
  en: ["Invoice number", "Billed to", "Receipt"],
  de: ["Rechnungsnummer", "Rechnungsadresse", "Empfangsschein"],
  fr: ["Numéro de facture", "Facturé à", "Récépissé"],
  it: ["Numero fattura", "Intestata a", "Ricevuta"],
};
/** Says which language a document's text is in, checking it has that language's words only. */
function languageOf(text: string): Language | undefined {
  const found = languages.filter((language) => wordsOf[language].some((word) => text.includes(word)));
  return found.length === 1 ? found[0] : undefined;
}

describe("an invoice's document", () => {
  it("is a PDF of an open invoice with its QR-bill, the same bytes each time", async () => {
    const owner = await signUp(local.api);
    const placed = await placeOrder(local, owner, {
      paymentMethod: "invoice",
      lines: [line("web_hosting"), line("domain")],
    });
    expect(placed.status).toBe(201);
    const { invoiceId, amount, status } = placed.body.invoice;
    expect(status).toBe("open");

    const first = await documentOf(owner, invoiceId, owner.token);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("application/pdf");
    expect(first.headers.get("content-disposition")).toBe(`attachment; filename="invoice-${invoiceId}.pdf"`);
    expect(first.headers.get("cache-control")).toBe("no-store");
    expect(isPdf(first.bytes)).toBe(true);

    const text = await pdfText(first.bytes);
    expect(text).toContain(`Invoice number ${invoiceId}`);
    expect(text).toContain(`Total ${money(amount)}`);
    expect(text).toContain("Status Open");
    // The organization's name and billing address as the invoice recorded them.
    expect(text).toContain("Ada Lovelace");
    expect(text).toContain("Rue du Lac 1");
    expect(text).toContain("1200 Genève");
    expect(text).toContain("Hosting Provider AG (test creditor)");
    // The QR-bill: receipt and payment part, the test creditor's QR-IBAN and the invoice's reference.
    expect(text).toContain("Receipt");
    expect(text).toContain("Payment part");
    expect(text).toContain("CH44 3199 9123 0008 8901 2");
    const reference = await printedReference(invoiceId);
    expect(reference).toMatch(/^\d{2}( \d{5}){5}$/);
    expect(text).toContain(reference);
    expect(text).toContain("Acceptance point");
    expect(text).toContain(`Invoice ${invoiceId}`);
    expect(await pdfPages(first.bytes)).toBe(1);

    const second = await documentOf(owner, invoiceId, owner.token);
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
  });

  it("R-L2: the same bytes each time in each language, other bytes in another", async () => {
    const owner = await signUp(local.api);
    const { invoiceId } = (
      await placeOrder(local, owner, { paymentMethod: "invoice", lines: [line("web_hosting")] })
    ).body.invoice;
    const renderings: string[] = [];
    for (const language of languages) {
      const first = await documentOf(owner, invoiceId, owner.token, `language=${language}`);
      const second = await documentOf(owner, invoiceId, owner.token, `language=${language}`);
      expect(first.status, language).toBe(200);
      expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes)), language).toBe(true);
      expect(languageOf(await pdfText(first.bytes)), language).toBe(language);
      renderings.push(Buffer.from(first.bytes).toString("base64"));
    }
    expect(new Set(renderings).size).toBe(languages.length);
  });

  it("R-L2: is in the organization's billing language, QR-bill included, unless ?language= asks for another", async () => {
    const owner = await signUp(local.api);
    const placed = (
      await placeOrder(local, owner, {
        paymentMethod: "invoice",
        lines: [line("web_hosting"), line("domain")],
      })
    ).body.invoice;
    // The order's answer holds the whole invoice (PlacedOrder names only what most tests read).
    const { issuedAt } = placed as typeof placed & { issuedAt: string };
    // An organization without a language (created before languages): English (R-L1).
    expect(languageOf(await pdfText((await documentOf(owner, placed.invoiceId, owner.token)).bytes))).toBe(
      "en",
    );

    await setBillingLanguage(owner.orgId, "de");
    const german = await documentOf(owner, placed.invoiceId, owner.token);
    expect(german.status).toBe(200);
    const text = await pdfText(german.bytes);
    expect(languageOf(text)).toBe("de");
    expect(text).toContain("Rechnung");
    expect(text).toContain(`Total ${money(placed.amount, "CHF", "de")}`);
    expect(text).toContain(formatDate(issuedAt, "de"));
    expect(text).toContain("Status Offen");
    expect(text).toContain("Webhosting: ");
    // The QR-bill's own texts, and its message.
    for (const word of ["Empfangsschein", "Zahlteil", "Konto / Zahlbar an", "Annahmestelle"])
      expect(text).toContain(word);
    expect(text).toContain(`Rechnung ${placed.invoiceId}`);
    expect(text).not.toContain("Payment part");

    // ?language= wins over the organization's language, without changing it.
    const french = await pdfText(
      (await documentOf(owner, placed.invoiceId, owner.token, "language=fr")).bytes,
    );
    expect(languageOf(french)).toBe("fr");
    expect(french).toContain(`Total ${money(placed.amount, "CHF", "fr")}`);
    expect(french).toContain(formatDate(issuedAt, "fr"));
    for (const word of ["Récépissé", "Section paiement", "Point de dépôt"]) expect(french).toContain(word);
    const english = await pdfText(
      (await documentOf(owner, placed.invoiceId, owner.token, "language=en")).bytes,
    );
    expect(languageOf(english)).toBe("en");
    expect(languageOf(await pdfText((await documentOf(owner, placed.invoiceId, owner.token)).bytes))).toBe(
      "de",
    );
  });

  it("R-L2: refuses a language other than the four with 400 VALIDATION_FAILED", async () => {
    const owner = await signUp(local.api);
    const { invoiceId } = (
      await placeOrder(local, owner, { paymentMethod: "invoice", lines: [line("domain")] })
    ).body.invoice;
    for (const query of ["language=es", "language=DE", "language=de-CH", "language=", "lang=fr"]) {
      const refused = await documentOf(owner, invoiceId, owner.token, query);
      expect([refused.status, refused.problem?.code], query).toEqual([400, "VALIDATION_FAILED"]);
      expect(refused.headers.get("content-type"), query).toContain("application/problem+json");
    }
  });

  it("of a paid invoice says it is paid and carries no QR-bill", async () => {
    const owner = await signUp(local.api);
    await topUp(local, owner, 50_000);
    const placed = await placeOrder(local, owner, { paymentMethod: "prepaid", lines: [line("domain")] });
    expect(placed.status).toBe(201);
    expect(placed.body.invoice.status).toBe("paid");
    const document = await documentOf(owner, placed.body.invoice.invoiceId, owner.token);
    expect(document.status).toBe(200);
    const text = await pdfText(document.bytes);
    expect(text).toContain(placed.body.invoice.invoiceId);
    expect(text).toContain("Status Paid");
    expect(text).toContain("from the prepaid balance. Nothing is due.");
    expect(text).not.toContain("Payment part");
    expect(text).not.toContain("Receipt");
  });

  it("needs billing rights, and is found under its own organization only", async () => {
    const owner = await signUp(local.api);
    const other = await signUp(local.api);
    const mine = (await placeOrder(local, owner, { paymentMethod: "invoice", lines: [line("domain")] })).body
      .invoice.invoiceId;
    const theirs = (await placeOrder(local, other, { paymentMethod: "invoice", lines: [line("domain")] }))
      .body.invoice.invoiceId;
    const administrator = await addMember(local, owner, "administrator", false);

    const refused = await documentOf(owner, mine, administrator.token);
    expect([refused.status, refused.problem?.code]).toEqual([403, "BILLING_RIGHTS_REQUIRED"]);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    const elsewhere = await documentOf(owner, theirs, owner.token);
    expect([elsewhere.status, elsewhere.problem?.code]).toEqual([404, "NOT_FOUND"]);
    const outsider = await documentOf(owner, mine, other.token);
    expect([outsider.status, outsider.problem?.code]).toEqual([404, "NOT_FOUND"]);
    expect((await documentOf(owner, "no-such-invoice", owner.token)).status).toBe(404);
    expect((await documentOf(owner, mine)).status).toBe(401);
  });
});

describe("the paid-invoices mail", () => {
  it("attaches each paid invoice's PDF, with an HTML part and its text alternative (R-L2: in the organization's billing language)", async () => {
    const owner = await signUp(local.api);
    await setBillingLanguage(owner.orgId, "it");
    await topUp(local, owner, 100_000);
    const paid = [
      (await placeOrder(local, owner, { paymentMethod: "prepaid", lines: [line("domain")] })).body.invoice,
      (await placeOrder(local, owner, { paymentMethod: "card", lines: [line("web_hosting")] })).body.invoice,
    ];
    const open = (await placeOrder(local, owner, { paymentMethod: "invoice", lines: [line("domain")] })).body
      .invoice;
    const response = await call(local.api, "POST", `/v1/organizations/${owner.orgId}/invoices/emails`, {
      token: owner.token,
    });
    expect(response.status).toBe(202);
    const mail = (await eventually(
      async () =>
        (
          await mailsTo(local.runtime, owner.loginEmail)
        ).find((item) => item.subject.includes("Paid invoices")),
      10_000,
      "the paid-invoices mail",
    )) as MailWithAttachments;
    const attachments = mail.attachments ?? [];
    expect(attachments.map((attachment) => attachment.filename).sort()).toEqual(
      paid.map((invoice) => `invoice-${invoice.invoiceId}.pdf`).sort(),
    );
    for (const attachment of attachments) {
      expect(attachment.contentType).toBe("application/pdf");
      const bytes = Buffer.from(attachment.content, "base64");
      expect(isPdf(bytes)).toBe(true);
      const invoice = paid.find((item) => attachment.filename === `invoice-${item.invoiceId}.pdf`);
      if (!invoice) throw new Error(`an attachment of no paid invoice: ${attachment.filename}`);
      const text = await pdfText(bytes);
      expect(text).toContain(invoice.invoiceId);
      expect(languageOf(text)).toBe("it");
      expect(text).toContain(`Totale ${money(invoice.amount, "CHF", "it")}`);
      // The attachment is the document the route answers.
      const served = await documentOf(owner, invoice.invoiceId, owner.token);
      expect(Buffer.from(served.bytes).equals(bytes)).toBe(true);
    }
    expect(mail.body.text).toContain(paid[0]?.invoiceId);
    expect(mail.body.text).not.toContain(open.invoiceId);
    expect(mail.body.html).toMatch(/^<!doctype html>/);
    expect(mail.body.html).toContain(`href="${process.env.WEB_APP_URL}/billing/invoices"`);
  });

  it("is sent by an organization's deletion with each paid invoice attached, and the archive renders the same documents (R-L2: in its billing language)", async () => {
    const owner = await signUp(local.api);
    await setBillingLanguage(owner.orgId, "fr");
    await topUp(local, owner, 100_000);
    const paid = (await placeOrder(local, owner, { paymentMethod: "prepaid", lines: [line("domain")] })).body
      .invoice;
    const open = (await placeOrder(local, owner, { paymentMethod: "invoice", lines: [line("domain")] })).body
      .invoice;
    const before = await documentOf(owner, paid.invoiceId, owner.token);
    expect(before.status).toBe(200);
    expect(languageOf(await pdfText(before.bytes))).toBe("fr");
    const started = await call(local.api, "POST", `/v1/organizations/${owner.orgId}/deletion`, {
      token: owner.token,
      body: {
        confirmName: owner.organizationName,
        password: strongPassword,
        terminateProducts: true,
        settleInvoices: true,
        removeMembers: true,
        refundIban: "CH9300762011623852957",
        emailPaidInvoices: true,
      },
    });
    expect(started.status).toBe(202);
    await eventually(
      async () => {
        const status = await call<{ status: string }>(
          local.api,
          "GET",
          `/v1/organizations/${owner.orgId}/deletion`,
          { token: owner.token },
        );
        if (status.body.status === "failed")
          throw new Error(`deletion failed: ${JSON.stringify(status.body)}`);
        return status.body.status === "succeeded" ? status.body : undefined;
      },
      30_000,
      "the deletion",
    );
    // The deletion settled the open invoice from the balance first: both are mailed, paid.
    const mail = (await eventually(
      async () =>
        (
          await mailsTo(local.runtime, owner.loginEmail)
        ).find((item) => item.subject.includes("Paid invoices")),
      10_000,
      "the deletion's paid-invoices mail",
    )) as MailWithAttachments;
    const names = (mail.attachments ?? []).map((attachment) => attachment.filename).sort();
    expect(names).toEqual([`invoice-${paid.invoiceId}.pdf`, `invoice-${open.invoiceId}.pdf`].sort());
    const mailed = mail.attachments?.find(
      (attachment) => attachment.filename === `invoice-${paid.invoiceId}.pdf`,
    );
    expect(Buffer.from(mailed?.content ?? "", "base64").equals(Buffer.from(before.bytes))).toBe(true);

    // R-D7: the archive renders the very document the organization received, for operators.
    const operator = { "x-operator-key": local.runtime.operatorKey };
    const archived = await call<Buffer>(
      local.api,
      "GET",
      `/v1/operator/archive/organizations/${owner.orgId}/invoices/${paid.invoiceId}/document`,
      { headers: operator },
    );
    expect(archived.status).toBe(200);
    expect(archived.headers.get("content-type")).toBe("application/pdf");
    expect(archived.body.equals(Buffer.from(before.bytes))).toBe(true);
    // The archive kept the billing language the organization had; ?language= asks for another.
    const archive = await call<{ archive: { organization: { language?: string } } }>(
      local.api,
      "GET",
      `/v1/operator/archive/organizations/${owner.orgId}`,
      { headers: operator },
    );
    expect(archive.body.archive.organization.language).toBe("fr");
    const inGerman = await call<Buffer>(
      local.api,
      "GET",
      `/v1/operator/archive/organizations/${owner.orgId}/invoices/${paid.invoiceId}/document?language=de`,
      { headers: operator },
    );
    expect(inGerman.status).toBe(200);
    expect(languageOf(await pdfText(inGerman.body))).toBe("de");
    const unknown = await call(
      local.api,
      "GET",
      `/v1/operator/archive/organizations/${owner.orgId}/invoices/${paid.invoiceId}/document?language=rm`,
      { headers: operator },
    );
    expect([unknown.status, (unknown.body as { code?: string }).code]).toEqual([400, "VALIDATION_FAILED"]);
    const missing = await call(
      local.api,
      "GET",
      `/v1/operator/archive/organizations/${owner.orgId}/invoices/no-such-invoice/document`,
      { headers: operator },
    );
    expect(missing.status).toBe(404);
  });
});
