import { create as parseFont } from "fontkit";
import PDFDocument from "pdfkit";
import { SwissQRBill } from "swissqrbill/pdf";
import { mm2pt } from "swissqrbill/utils";
import type { Invoice, InvoiceAddress } from "#shared/billing/entities";
import { parseLineDescription } from "#shared/billing/line-description";
import type { Creditor } from "#shared/documents/creditor";
import { invoiceSansBold, invoiceSansRegular } from "#shared/documents/fonts/invoice-sans";
import { type DocumentMessages, documentMessages } from "#shared/documents/messages";
import { formattedReference, paymentReference } from "#shared/documents/reference";
import { decimalAmount, formatDate, formatMoney } from "#shared/i18n/format";
import { defaultLanguage, type Language, swissLocale } from "#shared/i18n/languages";

/**
 * The invoice as a document (PDF): the provider, the organization's name and billing address
 * as the invoice recorded them, its number, dates, lines with reductions, total in its currency
 * and status; an open invoice with something to pay ends with a Swiss QR-bill (receipt and
 * payment part, `swissqrbill` on `pdfkit`) whose structured reference comes from the invoice id
 * (shared/documents/reference.ts).
 *
 * Every word, date and amount in one language (R-L2), the QR-bill's texts included: the words
 * from that language's catalogue (shared/i18n/catalogues/documents/), dates and amounts as
 * people of that language in Switzerland write them (shared/i18n/format.ts). Line
 * descriptions are stored in the project's English words when issued; the document says them
 * again in its language (shared/billing/line-description.ts).
 *
 * Rendered, not kept: the same invoice record, creditor and language give the same bytes,
 * whenever and wherever it is rendered (metadata dates are the invoice's own, the file id
 * derives from them, fonts are embedded from the bundle), so an archived invoice (R-D7) renders
 * the document its organization received. Only this module imports the PDF libraries: the functions that render
 * documents load it, no other bundle carries it.
 */

/** What a document is rendered from: an invoice as stored, or as archived (`ArchivedInvoice.invoice`). */
export type InvoiceForDocument = Pick<
  Invoice,
  | "invoiceId"
  | "orderId"
  | "status"
  | "amount"
  | "currency"
  | "paymentMethod"
  | "lines"
  | "issuedAt"
  | "paidAt"
  | "paidWith"
  | "billingAddress"
>;

/** The one font the documents use, under the name swissqrbill asks for (it is Liberation Sans, renamed). */
const fontName = "Liberation Sans";
/**
 * Parsed once per container and handed to every document: pdfkit takes a parsed font in place
 * of its bytes (and would otherwise parse them again for each document, a third of a warm
 * render). Each document still makes its own subset, so the bytes are the same either way.
 */
let parsedFonts: { regular: unknown; bold: unknown } | undefined;
const fonts = () =>
  (parsedFonts ??= {
    regular: parseFont(Buffer.from(invoiceSansRegular, "base64")),
    bold: parseFont(Buffer.from(invoiceSansBold, "base64")),
  });

const page = { width: 595.28, height: 841.89, margin: mm2pt(20) } as const;
const qrBillHeight = mm2pt(105);
const colours = { text: "#1f2328", muted: "#59636e", rule: "#d1d9e0", paid: "#1a7f37", void: "#9a6700" };

const statusKeys = { open: "statusOpen", paid: "statusPaid", void: "statusVoid" } as const;
const paymentMethodKeys = {
  invoice: "paymentMethodInvoice",
  card: "paymentMethodCard",
  prepaid: "paymentMethodPrepaid",
} as const;
const paidNoteKeys = { card: "paidByCard", prepaid: "paidFromPrepaidBalance" } as const;

/** A line's description in the document's language when the project wrote it, else as stored. */
function describedLine(description: string, messages: DocumentMessages): string {
  const line = parseLineDescription(description);
  if (!line) return description;
  const values = { product: messages.product(line.productKind), name: line.name };
  if (line.promoCode) return messages.text("lineWithPromoCode", { ...values, promoCode: line.promoCode });
  return messages.text(line.freeOffer ? "lineWithFreeOffer" : "line", values);
}

/** The QR-bill's character set (Swiss Implementation Guidelines): Latin; anything else becomes ".". */
const qrText = (value: string, max: number) =>
  value
    .replace(/[^\u0020-\u007e\u00a0-\u017f\u0218-\u021b\u20ac]/gu, ".")
    .slice(0, max)
    .trim();

/** A QR-bill with something to pay: only on an open invoice with an amount. */
export const carriesQrBill = (invoice: Pick<Invoice, "status" | "amount">) =>
  invoice.status === "open" && invoice.amount > 0;

function qrBill(
  invoice: InvoiceForDocument,
  creditor: Creditor,
  reference: string,
  messages: DocumentMessages,
): SwissQRBill {
  const address = invoice.billingAddress;
  // swissqrbill takes the amount as a number and prints it with toFixed(2): the decimal string
  // made from integers, as a number, prints back the same (checked, not assumed).
  const decimal = decimalAmount(invoice.amount);
  const amount = Number(decimal);
  if (amount.toFixed(2) !== decimal) throw new Error(`the amount ${decimal} does not survive the QR-bill`);
  return new SwissQRBill(
    {
      amount,
      currency: invoice.currency,
      reference,
      message: qrText(messages.text("qrBillMessage", { invoiceId: invoice.invoiceId }), 140),
      creditor: {
        account: creditor.account,
        name: qrText(creditor.name, 70),
        address: qrText(creditor.street, 70),
        ...(creditor.buildingNumber ? { buildingNumber: qrText(creditor.buildingNumber, 16) } : {}),
        zip: qrText(creditor.postalCode, 16),
        city: qrText(creditor.city, 35),
        country: creditor.country,
      },
      ...(address
        ? {
            debtor: {
              name: qrText(address.name, 70),
              address: qrText(address.line1, 70),
              zip: qrText(address.postalCode, 16),
              city: qrText(address.city, 35),
              country: address.country,
            },
          }
        : {}),
    },
    { language: messages.qrBillLanguage, fontName, scissors: true },
  );
}

const addressLines = (address: InvoiceAddress) =>
  [
    address.name,
    address.recipient,
    address.line1,
    address.line2,
    `${address.postalCode} ${address.city}`,
    address.country,
  ].filter((line): line is string => Boolean(line));

const creditorLines = (creditor: Creditor, messages: DocumentMessages) =>
  [
    [creditor.street, creditor.buildingNumber].filter(Boolean).join(" "),
    `${creditor.postalCode} ${creditor.city}, ${creditor.country}`,
    creditor.email,
    creditor.vatNumber ? messages.text("vatNumber", { vatNumber: creditor.vatNumber }) : undefined,
  ].filter((line): line is string => Boolean(line));

/**
 * The invoice document as PDF bytes, in `language` (R-L2: the organization's billing language
 * unless the request asks for another; shared/documents/document-language.ts decides which);
 * `creditor` is the configured provider (shared/documents/creditor.ts).
 */
export async function renderInvoiceDocument(
  invoice: InvoiceForDocument,
  creditor: Creditor,
  language: Language = defaultLanguage,
): Promise<Uint8Array> {
  const messages = await documentMessages(language);
  const text = messages.text;
  const money = (amount: number) => formatMoney(amount, invoice.currency, language);
  const date = (isoTimestamp: string) => formatDate(isoTimestamp, language);
  const issuedAt = new Date(invoice.issuedAt);
  const doc = new PDFDocument({
    size: "A4",
    margin: page.margin,
    // No default font: pdfkit's own (Helvetica) is read from files next to its module, which a
    // bundle does not have (foliojs/pdfkit#1801); the documents embed theirs.
    font: null as unknown as string,
    pdfVersion: "1.7",
    lang: swissLocale[language],
    displayTitle: true,
    info: {
      Title: text("pdfTitle", { invoiceId: invoice.invoiceId }),
      Author: creditor.name,
      Subject: text("pdfSubject", { invoiceId: invoice.invoiceId, creditor: creditor.name }),
      Creator: creditor.name,
      Producer: "account-workflows",
      // The invoice's own dates: the same record renders the same bytes (the file id derives from them).
      CreationDate: issuedAt,
      ModDate: new Date(invoice.paidAt ?? invoice.issuedAt),
    },
  });
  const chunks: Uint8Array[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on("data", (chunk: Uint8Array) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont(fontName, fonts().regular as never);
  doc.registerFont(`${fontName}-Bold`, fonts().bold as never);
  const regular = () => doc.font(fontName);
  const bold = () => doc.font(`${fontName}-Bold`);

  const left = page.margin;
  const right = page.width - page.margin;
  const width = right - left;

  // The provider, and the title.
  bold()
    .fontSize(15)
    .fillColor(colours.text)
    .text(creditor.name, left, page.margin, { width: width * 0.6 });
  regular().fontSize(9).fillColor(colours.muted);
  for (const line of creditorLines(creditor, messages)) doc.text(line, { width: width * 0.6 });
  bold()
    .fontSize(22)
    .fillColor(colours.text)
    .text(text("title"), left, page.margin, { width, align: "right" });

  // Addressed to (the copy the invoice keeps, R-P5), and its details.
  const blockTop = page.margin + mm2pt(32);
  regular().fontSize(8).fillColor(colours.muted).text(text("billedTo"), left, blockTop);
  regular().fontSize(10).fillColor(colours.text);
  const billedTo = invoice.billingAddress ? addressLines(invoice.billingAddress) : [text("noBillingAddress")];
  for (const line of billedTo) doc.text(line, { width: width * 0.5 });
  const addressBottom = doc.y;

  const details: [string, string][] = [
    [text("invoiceNumber"), invoice.invoiceId],
    [text("issuedOn"), date(invoice.issuedAt)],
    [text("status"), text(statusKeys[invoice.status])],
    [text("paymentMethod"), text(paymentMethodKeys[invoice.paymentMethod])],
    ...(invoice.paidAt ? ([[text("paidOn"), date(invoice.paidAt)]] as [string, string][]) : []),
    ...(invoice.orderId ? ([[text("order"), invoice.orderId]] as [string, string][]) : []),
    [text("currency"), invoice.currency],
  ];
  const detailsLeft = left + width * 0.55;
  let y = blockTop;
  for (const [label, value] of details) {
    regular()
      .fontSize(8)
      .fillColor(colours.muted)
      .text(label, detailsLeft, y + 1, { width: 80 });
    bold()
      .fontSize(9)
      .fillColor(colours.text)
      .text(value, detailsLeft + 82, y, { width: right - detailsLeft - 82 });
    y = Math.max(doc.y, y + 13);
  }

  // The lines.
  const columns = {
    description: { x: left, width: width * 0.46 },
    price: { x: left + width * 0.46, width: width * 0.18 },
    reduction: { x: left + width * 0.64, width: width * 0.18 },
    total: { x: left + width * 0.82, width: width * 0.18 },
  };
  const rule = (at: number, colour: string = colours.rule) =>
    doc.moveTo(left, at).lineTo(right, at).lineWidth(0.75).strokeColor(colour).stroke();
  const bottomLimit = page.height - page.margin;
  const header = (at: number) => {
    bold().fontSize(8.5).fillColor(colours.muted);
    doc.text(text("columnDescription"), columns.description.x, at, { width: columns.description.width });
    doc.text(text("columnPrice"), columns.price.x, at, { width: columns.price.width, align: "right" });
    doc.text(text("columnReduction"), columns.reduction.x, at, {
      width: columns.reduction.width,
      align: "right",
    });
    doc.text(text("columnAmount"), columns.total.x, at, { width: columns.total.width, align: "right" });
    rule(at + 14);
    return at + 20;
  };
  /** A new page, which says whose continuation it is; answers where its content starts. */
  const nextPage = () => {
    doc.addPage();
    regular()
      .fontSize(8)
      .fillColor(colours.muted)
      .text(
        text("continued", { creditor: creditor.name, invoiceId: invoice.invoiceId }),
        left,
        page.margin - 22,
        {
          width,
        },
      );
    return page.margin;
  };
  y = header(Math.max(addressBottom, y) + mm2pt(12));
  for (const line of invoice.lines) {
    const description = describedLine(line.description, messages);
    regular().fontSize(10);
    const height = Math.max(
      doc.heightOfString(description, { width: columns.description.width - 8 }),
      doc.currentLineHeight(),
    );
    if (y + height + 6 > bottomLimit) y = header(nextPage());
    regular().fontSize(10).fillColor(colours.text);
    doc.text(description, columns.description.x, y, { width: columns.description.width - 8 });
    doc.text(money(line.price), columns.price.x, y, {
      width: columns.price.width,
      align: "right",
    });
    doc.text(line.reduction > 0 ? `– ${money(line.reduction)}` : "–", columns.reduction.x, y, {
      width: columns.reduction.width,
      align: "right",
    });
    doc.text(money(line.total), columns.total.x, y, {
      width: columns.total.width,
      align: "right",
    });
    y += height + 6;
    rule(y - 3);
  }
  if (y + 60 > bottomLimit) y = nextPage();
  bold().fontSize(11).fillColor(colours.text);
  doc.text(text("total"), columns.price.x, y + 6, {
    width: columns.price.width + columns.reduction.width,
    align: "right",
  });
  doc.text(money(invoice.amount), columns.total.x, y + 6, {
    width: columns.total.width,
    align: "right",
  });
  y = doc.y + 4;
  rule(y, colours.text);
  y += mm2pt(8);

  // What the status means for the reader.
  const reference = carriesQrBill(invoice)
    ? paymentReference(invoice.invoiceId, creditor.account)
    : undefined;
  const note =
    invoice.status === "paid"
      ? {
          colour: colours.paid,
          title: text("paidTitle"),
          text: text(invoice.paidWith ? paidNoteKeys[invoice.paidWith] : "paidOtherwise", {
            date: date(invoice.paidAt ?? invoice.issuedAt),
          }),
        }
      : invoice.status === "void"
        ? { colour: colours.void, title: text("voidTitle"), text: text("voidText") }
        : reference
          ? {
              colour: colours.text,
              title: text("payableTitle"),
              text: text("payableText", {
                amount: money(invoice.amount),
                creditor: creditor.name,
                // Kept on one line each: a reader copies them.
                iban: unbroken(formattedIban(creditor.account)),
                reference: unbroken(formattedReference(reference)),
              }),
            }
          : { colour: colours.text, title: text("nothingToPayTitle"), text: text("nothingToPayText") };
  bold().fontSize(11).fillColor(note.colour).text(note.title, left, y, { width });
  regular().fontSize(10).fillColor(colours.text).text(note.text, { width });

  if (reference) {
    // The payment part goes at the foot of a page (its perforation line across the page): on
    // this one when the text leaves room, else on a page of its own.
    if (doc.y + mm2pt(5) > page.height - qrBillHeight) nextPage();
    // Drawn below the page's bottom margin: with the margin kept, pdfkit would break its text onto a new page.
    doc.page.margins.bottom = 0;
    qrBill(invoice, creditor, reference, messages).attachTo(doc, 0, page.height - qrBillHeight);
  }
  doc.end();
  return done;
}

const formattedIban = (iban: string) => iban.replace(/(.{4})(?=.)/g, "$1 ");
/** Its spaces made no-break spaces: a line never breaks inside it. */
const unbroken = (text: string) => text.replaceAll(" ", "\u00a0");
