/** The file name of an invoice's document, in a download and as a mail attachment. */
export const invoiceDocumentFileName = (invoiceId: string) => `invoice-${invoiceId}.pdf`;
