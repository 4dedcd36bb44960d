import { create as parseFont } from "fontkit";
import PDFDocument from "pdfkit";
import { SwissQRBill } from "swissqrbill/pdf";
import { mm2pt } from "swissqrbill/utils";
import type { Invoice, InvoiceAddress } from "#shared/billing/entities";
import type { Creditor } from "#shared/documents/creditor";
import { invoiceSansBold, invoiceSansRegular } from "#shared/documents/fonts/invoice-sans";
import { formattedReference, paymentReference } from "#shared/documents/reference";
import { decimalAmount, formatDay, formatMoney } from "#shared/i18n/format";

/**
 * The invoice as a document (PDF): the provider, the organization's name and billing address
 * as the invoice recorded them, its number, dates, lines with reductions, total in its currency
 * and status; an open invoice with something to pay ends with a Swiss QR-bill (receipt and
 * payment part, `swissqrbill` on `pdfkit`) whose structured reference comes from the invoice id
 * (shared/documents/reference.ts).
 *
 * Rendered, not kept: the same invoice record and creditor give the same bytes, whenever and
 * wherever it is rendered (metadata dates are the invoice's own, the file id derives from them,
 * fonts are embedded from the bundle), so an archived invoice (R-D7) renders the document its
 * organization received. Only this module imports the PDF libraries: the functions that render
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

const statusLabels: Record<Invoice["status"], string> = { open: "Open", paid: "Paid", void: "Void" };
const paymentMethods: Record<Invoice["paymentMethod"], string> = {
  invoice: "Invoice (bank transfer)",
  card: "Card",
  prepaid: "Prepaid balance",
};
const paidWith: Record<NonNullable<Invoice["paidWith"]>, string> = {
  card: "by card",
  prepaid: "from the prepaid balance",
};

/** The QR-bill's character set (Swiss Implementation Guidelines): Latin; anything else becomes ".". */
const qrText = (value: string, max: number) =>
  value
    .replace(/[^\u0020-\u007e\u00a0-\u017f\u0218-\u021b\u20ac]/gu, ".")
    .slice(0, max)
    .trim();

/** A QR-bill with something to pay: only on an open invoice with an amount. */
export const carriesQrBill = (invoice: Pick<Invoice, "status" | "amount">) =>
  invoice.status === "open" && invoice.amount > 0;

function qrBill(invoice: InvoiceForDocument, creditor: Creditor, reference: string): SwissQRBill {
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
      message: qrText(`Invoice ${invoice.invoiceId}`, 140),
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
    { language: "EN", fontName, scissors: true },
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

const creditorLines = (creditor: Creditor) =>
  [
    [creditor.street, creditor.buildingNumber].filter(Boolean).join(" "),
    `${creditor.postalCode} ${creditor.city}, ${creditor.country}`,
    creditor.email,
    creditor.vatNumber ? `VAT ${creditor.vatNumber}` : undefined,
  ].filter((line): line is string => Boolean(line));

/** The invoice document as PDF bytes; `creditor` is the configured provider (shared/documents/creditor.ts). */
export async function renderInvoiceDocument(
  invoice: InvoiceForDocument,
  creditor: Creditor,
): Promise<Uint8Array> {
  const issuedAt = new Date(invoice.issuedAt);
  const doc = new PDFDocument({
    size: "A4",
    margin: page.margin,
    // No default font: pdfkit's own (Helvetica) is read from files next to its module, which a
    // bundle does not have (foliojs/pdfkit#1801); the documents embed theirs.
    font: null as unknown as string,
    pdfVersion: "1.7",
    lang: "en",
    displayTitle: true,
    info: {
      Title: `Invoice ${invoice.invoiceId}`,
      Author: creditor.name,
      Subject: `Invoice ${invoice.invoiceId} of ${creditor.name}`,
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
  for (const line of creditorLines(creditor)) doc.text(line, { width: width * 0.6 });
  bold().fontSize(22).fillColor(colours.text).text("Invoice", left, page.margin, { width, align: "right" });

  // Addressed to (the copy the invoice keeps, R-P5), and its details.
  const blockTop = page.margin + mm2pt(32);
  regular().fontSize(8).fillColor(colours.muted).text("Billed to", left, blockTop);
  regular().fontSize(10).fillColor(colours.text);
  const billedTo = invoice.billingAddress
    ? addressLines(invoice.billingAddress)
    : ["(no billing address recorded)"];
  for (const line of billedTo) doc.text(line, { width: width * 0.5 });
  const addressBottom = doc.y;

  const details: [string, string][] = [
    ["Invoice number", invoice.invoiceId],
    ["Issued", formatDay(invoice.issuedAt)],
    ["Status", statusLabels[invoice.status]],
    ["Payment method", paymentMethods[invoice.paymentMethod]],
    ...(invoice.paidAt ? ([["Paid", formatDay(invoice.paidAt)]] as [string, string][]) : []),
    ...(invoice.orderId ? ([["Order", invoice.orderId]] as [string, string][]) : []),
    ["Currency", invoice.currency],
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
    doc.text("Description", columns.description.x, at, { width: columns.description.width });
    doc.text("Price", columns.price.x, at, { width: columns.price.width, align: "right" });
    doc.text("Reduction", columns.reduction.x, at, { width: columns.reduction.width, align: "right" });
    doc.text("Amount", columns.total.x, at, { width: columns.total.width, align: "right" });
    rule(at + 14);
    return at + 20;
  };
  /** A new page, which says whose continuation it is; answers where its content starts. */
  const nextPage = () => {
    doc.addPage();
    regular()
      .fontSize(8)
      .fillColor(colours.muted)
      .text(`${creditor.name} · Invoice ${invoice.invoiceId} (continued)`, left, page.margin - 22, { width });
    return page.margin;
  };
  y = header(Math.max(addressBottom, y) + mm2pt(12));
  for (const line of invoice.lines) {
    regular().fontSize(10);
    const height = Math.max(
      doc.heightOfString(line.description, { width: columns.description.width - 8 }),
      doc.currentLineHeight(),
    );
    if (y + height + 6 > bottomLimit) y = header(nextPage());
    regular().fontSize(10).fillColor(colours.text);
    doc.text(line.description, columns.description.x, y, { width: columns.description.width - 8 });
    doc.text(formatMoney(line.price, invoice.currency), columns.price.x, y, {
      width: columns.price.width,
      align: "right",
    });
    doc.text(
      line.reduction > 0 ? `– ${formatMoney(line.reduction, invoice.currency)}` : "–",
      columns.reduction.x,
      y,
      { width: columns.reduction.width, align: "right" },
    );
    doc.text(formatMoney(line.total, invoice.currency), columns.total.x, y, {
      width: columns.total.width,
      align: "right",
    });
    y += height + 6;
    rule(y - 3);
  }
  if (y + 60 > bottomLimit) y = nextPage();
  bold().fontSize(11).fillColor(colours.text);
  doc.text("Total", columns.price.x, y + 6, {
    width: columns.price.width + columns.reduction.width,
    align: "right",
  });
  doc.text(formatMoney(invoice.amount, invoice.currency), columns.total.x, y + 6, {
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
          title: "Paid",
          text: `Paid on ${formatDay(invoice.paidAt ?? invoice.issuedAt)}${invoice.paidWith ? ` ${paidWith[invoice.paidWith]}` : ""}. Nothing is due. Thank you.`,
        }
      : invoice.status === "void"
        ? { colour: colours.void, title: "Void", text: "This invoice was voided: nothing is due." }
        : reference
          ? {
              colour: colours.text,
              title: "Payable",
              text: `Please pay ${formatMoney(invoice.amount, invoice.currency)} to ${creditor.name} with the QR-bill below, or by bank transfer to ${formattedIban(creditor.account)} quoting the reference ${formattedReference(reference)}.`,
            }
          : { colour: colours.text, title: "Nothing to pay", text: "This invoice has nothing to pay." };
  bold().fontSize(11).fillColor(note.colour).text(note.title, left, y, { width });
  regular().fontSize(10).fillColor(colours.text).text(note.text, { width });

  if (reference) {
    // The payment part goes at the foot of a page (its perforation line across the page): on
    // this one when the text leaves room, else on a page of its own.
    if (doc.y + mm2pt(5) > page.height - qrBillHeight) nextPage();
    // Drawn below the page's bottom margin: with the margin kept, pdfkit would break its text onto a new page.
    doc.page.margins.bottom = 0;
    qrBill(invoice, creditor, reference).attachTo(doc, 0, page.height - qrBillHeight);
  }
  doc.end();
  return done;
}

const formattedIban = (iban: string) => iban.replace(/(.{4})(?=.)/g, "$1 ");
