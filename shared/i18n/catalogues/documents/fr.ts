import type { DocumentCatalogue } from "#shared/documents/messages";

/**
 * The invoice document's words in French, as written in Switzerland ("N° TVA", "Monnaie" as on
 * the QR-bill): a no-break space before a colon, the typographic apostrophe.
 */
const french: DocumentCatalogue = {
  qrBillLanguage: "FR",
  messages: {
    title: "Facture",
    pdfTitle: "Facture {invoiceId}",
    pdfSubject: "Facture {invoiceId} de {creditor}",
    vatNumber: "N° TVA {vatNumber}",
    billedTo: "Facturé à",
    noBillingAddress: "(aucune adresse de facturation enregistrée)",
    invoiceNumber: "Numéro de facture",
    issuedOn: "Date de facturation",
    status: "Statut",
    statusOpen: "Ouverte",
    statusPaid: "Payée",
    statusVoid: "Annulée",
    paymentMethod: "Mode de paiement",
    paymentMethodInvoice: "Facture (virement bancaire)",
    paymentMethodCard: "Carte",
    paymentMethodPrepaid: "Solde prépayé",
    paidOn: "Payée le",
    order: "Commande",
    currency: "Monnaie",
    columnDescription: "Description",
    columnPrice: "Prix",
    columnReduction: "Rabais",
    columnAmount: "Montant",
    continued: "{creditor} · Facture {invoiceId} (suite)",
    total: "Total",
    paidTitle: "Payée",
    paidByCard: "Payée le {date} par carte. Aucun montant n’est dû. Merci.",
    paidFromPrepaidBalance: "Payée le {date} au moyen du solde prépayé. Aucun montant n’est dû. Merci.",
    paidOtherwise: "Payée le {date}. Aucun montant n’est dû. Merci.",
    voidTitle: "Annulée",
    voidText: "Cette facture a été annulée\u00a0: aucun montant n’est dû.",
    payableTitle: "Paiement",
    payableText:
      "Veuillez payer {amount} à {creditor} au moyen de la QR-facture ci-dessous ou par virement bancaire sur le compte {iban} en indiquant la référence {reference}.",
    nothingToPayTitle: "Rien à payer",
    nothingToPayText: "Cette facture ne comporte aucun montant à payer.",
    qrBillMessage: "Facture {invoiceId}",
    line: "{product}\u00a0: {name}",
    lineWithPromoCode: "{product}\u00a0: {name} (code {promoCode})",
    lineWithFreeOffer: "{product}\u00a0: {name} (offre gratuite)",
    product_web_hosting: "Hébergement web",
    product_domain: "Nom de domaine",
    product_mail_service: "Service de messagerie",
    product_drive: "Stockage en ligne",
    product_backup: "Espace de sauvegarde",
    product_cloud_server: "Serveur cloud",
    product_streaming: "Streaming radio et vidéo",
    product_events_tool: "Outil d’événements et de billetterie",
    product_newsletter: "Outil de newsletter",
  },
};

export default french;
