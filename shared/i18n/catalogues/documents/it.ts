import type { DocumentCatalogue } from "#shared/documents/messages";

/**
 * The invoice document's words in Italian, as written in Switzerland ("N. IVA"). Dates follow
 * "in data" ("Pagata in data 8 dicembre 2026"), which needs no article before a day ("l’8").
 */
const italian: DocumentCatalogue = {
  qrBillLanguage: "IT",
  messages: {
    title: "Fattura",
    pdfTitle: "Fattura {invoiceId}",
    pdfSubject: "Fattura {invoiceId} di {creditor}",
    vatNumber: "N. IVA {vatNumber}",
    billedTo: "Intestata a",
    noBillingAddress: "(nessun indirizzo di fatturazione registrato)",
    invoiceNumber: "Numero fattura",
    issuedOn: "Data fattura",
    status: "Stato",
    statusOpen: "Aperta",
    statusPaid: "Pagata",
    statusVoid: "Annullata",
    paymentMethod: "Metodo di pagamento",
    paymentMethodInvoice: "Fattura (bonifico bancario)",
    paymentMethodCard: "Carta",
    paymentMethodPrepaid: "Saldo prepagato",
    paidOn: "Data di pagamento",
    order: "Ordine",
    currency: "Valuta",
    columnDescription: "Descrizione",
    columnPrice: "Prezzo",
    columnReduction: "Sconto",
    columnAmount: "Importo",
    continued: "{creditor} · Fattura {invoiceId} (seguito)",
    total: "Totale",
    paidTitle: "Pagata",
    paidByCard: "Pagata in data {date} con carta. Non rimane nulla da pagare. Grazie.",
    paidFromPrepaidBalance:
      "Pagata in data {date} con il saldo prepagato. Non rimane nulla da pagare. Grazie.",
    paidOtherwise: "Pagata in data {date}. Non rimane nulla da pagare. Grazie.",
    voidTitle: "Annullata",
    voidText: "Questa fattura è stata annullata: non c’è nulla da pagare.",
    payableTitle: "Pagamento",
    payableText:
      "La preghiamo di pagare {amount} a {creditor} con la QR-fattura qui sotto oppure tramite bonifico bancario sul conto {iban} indicando il riferimento {reference}.",
    nothingToPayTitle: "Nulla da pagare",
    nothingToPayText: "Questa fattura non presenta alcun importo da pagare.",
    qrBillMessage: "Fattura {invoiceId}",
    line: "{product}: {name}",
    lineWithPromoCode: "{product}: {name} (codice {promoCode})",
    lineWithFreeOffer: "{product}: {name} (offerta gratuita)",
    product_web_hosting: "Hosting web",
    product_domain: "Nome di dominio",
    product_mail_service: "Servizio e-mail",
    product_drive: "Spazio di archiviazione online",
    product_backup: "Spazio di backup",
    product_cloud_server: "Server cloud",
    product_streaming: "Streaming radio e video",
    product_events_tool: "Strumento per eventi e biglietteria",
    product_newsletter: "Strumento per newsletter",
  },
};

export default italian;
