/**
 * The invoice document's words in English (R-L2): ICU messages with `{name}` placeholders, the
 * values formatted before (amounts and dates by shared/i18n/format.ts). The reference catalogue:
 * every other language has each of its keys, with the same placeholders. It imports nothing:
 * the others' type is made from it (shared/documents/messages.ts), which checks its shape.
 */
const english = {
  /** The QR-bill's own texts ("Receipt", "Payment part"), in the languages swissqrbill prints. */
  qrBillLanguage: "EN",
  messages: {
    title: "Invoice",
    pdfTitle: "Invoice {invoiceId}",
    pdfSubject: "Invoice {invoiceId} of {creditor}",
    vatNumber: "VAT {vatNumber}",
    billedTo: "Billed to",
    noBillingAddress: "(no billing address recorded)",
    invoiceNumber: "Invoice number",
    issuedOn: "Issued",
    status: "Status",
    statusOpen: "Open",
    statusPaid: "Paid",
    statusVoid: "Void",
    paymentMethod: "Payment method",
    paymentMethodInvoice: "Invoice (bank transfer)",
    paymentMethodCard: "Card",
    paymentMethodPrepaid: "Prepaid balance",
    paidOn: "Paid",
    order: "Order",
    currency: "Currency",
    columnDescription: "Description",
    columnPrice: "Price",
    columnReduction: "Reduction",
    columnAmount: "Amount",
    continued: "{creditor} · Invoice {invoiceId} (continued)",
    total: "Total",
    paidTitle: "Paid",
    paidByCard: "Paid on {date} by card. Nothing is due. Thank you.",
    paidFromPrepaidBalance: "Paid on {date} from the prepaid balance. Nothing is due. Thank you.",
    paidOtherwise: "Paid on {date}. Nothing is due. Thank you.",
    voidTitle: "Void",
    voidText: "This invoice was voided: nothing is due.",
    payableTitle: "Payable",
    payableText:
      "Please pay {amount} to {creditor} with the QR-bill below, or by bank transfer to {iban} quoting the reference {reference}.",
    nothingToPayTitle: "Nothing to pay",
    nothingToPayText: "This invoice has nothing to pay.",
    qrBillMessage: "Invoice {invoiceId}",
    line: "{product}: {name}",
    lineWithPromoCode: "{product}: {name} (code {promoCode})",
    lineWithFreeOffer: "{product}: {name} (free offer)",
    product_web_hosting: "Web hosting",
    product_domain: "Domain name",
    product_mail_service: "Mail service",
    product_drive: "Online drive",
    product_backup: "Backup space",
    product_cloud_server: "Cloud server",
    product_streaming: "Radio and video streaming",
    product_events_tool: "Events and ticketing tool",
    product_newsletter: "Newsletter tool",
  },
} as const;

export default english;
