import IntlMessageFormat from "intl-messageformat";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { lineDescription, parseLineDescription } from "#shared/billing/line-description";
import { catalog } from "#shared/catalog/catalog";
import { testCreditor } from "#shared/documents/creditor";
import { documentQuery } from "#shared/documents/document-language";
import { type InvoiceForDocument, renderInvoiceDocument } from "#shared/documents/invoice-document";
import { type DocumentCatalogue, documentCatalogue } from "#shared/documents/messages";
import { formatDate, formatMoney } from "#shared/i18n/format";
import { type Language, languages } from "#shared/i18n/languages";
import { pdfPages, pdfText } from "#test/support/pdf";

/**
 * R-L2 for invoice documents, without a runtime: the catalogues of shared/i18n/catalogues/documents
 * (complete, same placeholders, translated), and the document rendered in each language: its
 * words, its amounts and dates as written in Switzerland, its QR-bill, the same bytes each time.
 */

/** The placeholders of an ICU message, nested ones included (`{name}` inside a `select`). */
function placeholders(message: string): string[] {
  const names = new Set<string>();
  const visit = (elements: unknown[]) => {
    for (const element of elements as { value?: unknown; options?: Record<string, { value: unknown[] }> }[]) {
      if (typeof element.value === "string" && "type" in element && element.type !== 0)
        names.add(element.value);
      for (const option of Object.values(element.options ?? {})) visit(option.value);
    }
  };
  visit(new IntlMessageFormat(message, "en").getAst());
  return [...names].sort();
}

/**
 * Messages that are rightly the same words as in English, per language: nothing else may be
 * (a catalogue left in English, or a key copied over, fails).
 */
const sameAsEnglish: Partial<Record<Language, readonly string[]>> = {
  // "Total" and "Status" are the German words; a line is only its placeholders.
  de: ["status", "total", "line"],
  fr: ["columnDescription", "total"],
  it: ["line"],
};

/** What is wrong with one language's catalogue against the English one, each problem named. */
function catalogueProblems(language: Language, catalogue: DocumentCatalogue, english: DocumentCatalogue) {
  const problems: string[] = [];
  const keys = Object.keys(english.messages) as (keyof DocumentCatalogue["messages"])[];
  for (const key of Object.keys(catalogue.messages))
    if (!(key in english.messages)) problems.push(`${language}.${key}: not an English key`);
  for (const key of keys) {
    const message = catalogue.messages[key];
    if (typeof message !== "string" || !message.trim()) {
      problems.push(`${language}.${key}: missing`);
      continue;
    }
    const expected = placeholders(english.messages[key]);
    const actual = placeholders(message);
    if (actual.join() !== expected.join())
      problems.push(`${language}.${key}: placeholders ${actual.join()} instead of ${expected.join()}`);
    if (language !== "en" && message === english.messages[key] && !sameAsEnglish[language]?.includes(key))
      problems.push(`${language}.${key}: left in English`);
    if (language === "de" && message.includes("ß"))
      problems.push(`${language}.${key}: "ß" (Swiss German writes "ss")`);
  }
  if (language !== "en" && catalogue.qrBillLanguage === "EN")
    problems.push(`${language}: the QR-bill in English`);
  return problems;
}

describe("R-L2 the document catalogues", () => {
  it("have every English key in every language, with the same placeholders, translated", async () => {
    const english = await documentCatalogue("en");
    for (const language of languages)
      expect(catalogueProblems(language, await documentCatalogue(language), english), language).toEqual([]);
  });

  it("fail the check when a language is a copy of English, misses a key or changes a placeholder", async () => {
    const english = await documentCatalogue("en");
    const german = await documentCatalogue("de");
    const copied = catalogueProblems("de", structuredClone(english), english);
    // Every key but the allowed ones, and the QR-bill's language.
    expect(copied.filter((problem) => problem.endsWith("left in English")).length).toBe(
      Object.keys(english.messages).length - (sameAsEnglish.de?.length ?? 0),
    );
    expect(copied).toContain("de: the QR-bill in English");
    const { title: _title, ...withoutTitle } = german.messages;
    expect(
      catalogueProblems(
        "de",
        { ...german, messages: withoutTitle as DocumentCatalogue["messages"] },
        english,
      ),
    ).toEqual(["de.title: missing"]);
    const renamed = {
      ...german.messages,
      payableText: german.messages.payableText.replace("{iban}", "{konto}"),
    };
    expect(catalogueProblems("de", { ...german, messages: renamed }, english)).toEqual([
      "de.payableText: placeholders amount,creditor,konto,reference instead of amount,creditor,iban,reference",
    ]);
    const withEszett = { ...german.messages, total: "Gesamtbetrag gemäß Rechnung" };
    expect(catalogueProblems("de", { ...german, messages: withEszett }, english)).toEqual([
      'de.total: "ß" (Swiss German writes "ss")',
    ]);
  });

  it("name every product kind the catalog sells, and line descriptions read back as written", async () => {
    for (const language of languages) {
      const { messages } = await documentCatalogue(language);
      for (const entry of catalog) expect(messages, language).toHaveProperty(`product_${entry.kind}`);
    }
    for (const entry of catalog)
      for (const line of [
        { productKind: entry.kind, name: "ada.example" },
        { productKind: entry.kind, name: "Ada: the (first) site", promoCode: "SPRING-26" },
        { productKind: entry.kind, name: "ada", freeOffer: true },
      ])
        expect(parseLineDescription(lineDescription(line))).toEqual(line);
    expect(parseLineDescription("Invoice inv123")).toBeUndefined();
  });
});

const invoice: InvoiceForDocument = {
  invoiceId: "inv7k2m9p4q1",
  orderId: "ord3n8x5w2z6",
  status: "open",
  amount: 1_234_590,
  currency: "CHF",
  paymentMethod: "invoice",
  lines: [
    { description: "Web hosting: ada.example", price: 11_900, reduction: 0, total: 11_900 },
    { description: "Domain name: ada.ch (code SPRING-26)", price: 1_500, reduction: 500, total: 1_000 },
    { description: "Mail service: ada (free offer)", price: 3_600, reduction: 3_600, total: 0 },
    { description: "Cloud server: big one", price: 1_221_690, reduction: 0, total: 1_221_690 },
  ],
  issuedAt: "2026-12-01T09:30:00.000Z",
  billingAddress: {
    name: "Ada Lovelace",
    line1: "Rue du Lac 1",
    postalCode: "1200",
    city: "Genève",
    country: "CH",
  },
};
const paid: InvoiceForDocument = {
  ...invoice,
  status: "paid",
  paymentMethod: "prepaid",
  paidAt: "2026-12-03T10:00:00.000Z",
  paidWith: "prepaid",
};

/** What each language's document must say: its words, and its QR-bill's. */
const expected: Record<
  Language,
  { words: string[]; lines: string[]; paid: string; qrBill: string[]; notIn: string[] }
> = {
  en: {
    words: [
      "Invoice",
      "Billed to",
      "Invoice number",
      "Status Open",
      "Payment method Invoice (bank transfer)",
      "Total",
    ],
    lines: [
      "Web hosting: ada.example",
      "Domain name: ada.ch (code SPRING-26)",
      "Mail service: ada (free offer)",
    ],
    paid: "Paid on 3 December 2026 from the prepaid balance. Nothing is due. Thank you.",
    qrBill: ["Receipt", "Payment part", "Account / Payable to", "Acceptance point", "Invoice inv7k2m9p4q1"],
    notIn: ["Rechnung", "Facture", "Fattura"],
  },
  de: {
    words: [
      "Rechnung",
      "Rechnungsadresse",
      "Rechnungsnummer",
      "Status Offen",
      "Zahlungsart Rechnung (Banküberweisung)",
      "Total",
      "Bitte bezahlen Sie",
    ],
    lines: [
      "Webhosting: ada.example",
      "Domainname: ada.ch (Code SPRING-26)",
      "E-Mail-Dienst: ada (Gratisangebot)",
    ],
    paid: "Am 3. Dezember 2026 aus dem Prepaid-Guthaben bezahlt. Es ist nichts mehr zu bezahlen. Vielen Dank.",
    qrBill: ["Empfangsschein", "Zahlteil", "Konto / Zahlbar an", "Annahmestelle", "Rechnung inv7k2m9p4q1"],
    notIn: ["Invoice", "Receipt", "Payment part", "Billed to"],
  },
  fr: {
    words: [
      "Facture",
      "Facturé à",
      "Numéro de facture",
      "Statut Ouverte",
      "Mode de paiement Facture (virement bancaire)",
      "Total",
      "Veuillez payer",
    ],
    lines: [
      "Hébergement web : ada.example",
      "Nom de domaine : ada.ch (code SPRING-26)",
      "Service de messagerie : ada (offre gratuite)",
    ],
    paid: "Payée le 3 décembre 2026 au moyen du solde prépayé. Aucun montant n’est dû. Merci.",
    qrBill: ["Récépissé", "Section paiement", "Compte / Payable à", "Point de dépôt", "Facture inv7k2m9p4q1"],
    notIn: ["Invoice", "Receipt", "Payment part", "Billed to"],
  },
  it: {
    words: [
      "Fattura",
      "Intestata a",
      "Numero fattura",
      "Stato Aperta",
      "Metodo di pagamento Fattura (bonifico bancario)",
      "Totale",
      "La preghiamo di pagare",
    ],
    lines: [
      "Hosting web: ada.example",
      "Nome di dominio: ada.ch (codice SPRING-26)",
      "Servizio e-mail: ada (offerta gratuita)",
    ],
    paid: "Pagata in data 3 dicembre 2026 con il saldo prepagato. Non rimane nulla da pagare. Grazie.",
    qrBill: [
      "Ricevuta",
      "Sezione pagamento",
      "Conto / Pagabile a",
      "Punto di accettazione",
      "Fattura inv7k2m9p4q1",
    ],
    notIn: ["Invoice", "Receipt", "Payment part", "Billed to"],
  },
};

/** As pdfText reads them: white space (the no-break spaces of amounts too) as single spaces. */
const spaced = (text: string) => text.replace(/\s+/gu, " ");

describe("R-L2 the invoice document", () => {
  it.each(languages)(
    "in %s: its words, amounts and dates as written in Switzerland, and its QR-bill",
    async (language) => {
      const bytes = await renderInvoiceDocument(invoice, testCreditor, language);
      const text = await pdfText(bytes);
      const words = expected[language];
      for (const word of [...words.words, ...words.lines, ...words.qrBill])
        expect(text, language).toContain(spaced(word));
      for (const word of words.notIn) expect(text, language).not.toContain(word);
      expect(text).toContain(spaced(formatMoney(invoice.amount, "CHF", language)));
      expect(text).toContain(spaced(formatMoney(1_221_690, "CHF", language)));
      expect(text).toContain(spaced(formatDate(invoice.issuedAt, language)));
      expect(await pdfPages(bytes)).toBe(1);
      // The paid invoice: its note and its payment date, no QR-bill.
      const paidText = await pdfText(await renderInvoiceDocument(paid, testCreditor, language));
      expect(paidText).toContain(spaced(words.paid));
      expect(paidText).toContain(spaced(formatDate(paid.paidAt ?? "", language)));
      expect(paidText).not.toContain(words.qrBill[0]);
    },
  );

  it("writes amounts and dates as each language writes them: CHF before the amount, or after it in French", () => {
    expect(formatMoney(1_234_590, "CHF", "de")).toMatch(/^CHF\s12.345\.90$/u);
    expect(formatMoney(1_234_590, "CHF", "fr")).toMatch(/^12.345\.90\sCHF$/u);
    expect(formatDate(invoice.issuedAt, "de")).toBe("1. Dezember 2026");
    expect(formatDate(invoice.issuedAt, "it")).toBe("1 dicembre 2026");
  });

  it("is the same bytes for the same invoice and language, other bytes in another language", async () => {
    const renderings = new Map<Language, Buffer>();
    for (const language of languages) {
      const first = Buffer.from(await renderInvoiceDocument(invoice, testCreditor, language));
      const second = Buffer.from(
        await renderInvoiceDocument(structuredClone(invoice), testCreditor, language),
      );
      expect(second.equals(first), language).toBe(true);
      renderings.set(language, first);
    }
    const distinct = new Set([...renderings.values()].map((bytes) => bytes.toString("base64")));
    expect(distinct.size).toBe(languages.length);
    // English when nothing says otherwise (R-L1).
    expect(
      Buffer.from(await renderInvoiceDocument(invoice, testCreditor)).equals(
        renderings.get("en") ?? Buffer.alloc(0),
      ),
    ).toBe(true);
  });

  it("takes the language of ?language= among the four only", () => {
    for (const language of languages) expect(z.parse(documentQuery, { language })).toEqual({ language });
    expect(z.parse(documentQuery, {})).toEqual({});
    for (const language of ["es", "DE", "de-CH", "", "english"])
      expect(z.safeParse(documentQuery, { language }).success, language).toBe(false);
  });
});
