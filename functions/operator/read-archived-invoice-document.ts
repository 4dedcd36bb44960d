import { readArchivedInvoiceDocumentRoute } from "#functions/operator/routes";
import { archivedInvoiceDocument } from "#shared/documents/archived-invoice";
import { invoiceCreditor } from "#shared/documents/creditor";
import { documentHandler } from "#shared/documents/document-answer";
import { invoiceDocumentFileName } from "#shared/documents/file-names";

/**
 * R-D7: operators read an archived invoice as the document its organization received (in its
 * billing language at the deletion, or the one `?language=` asks for, R-L2); 404 when none.
 */
export const handler = documentHandler(readArchivedInvoiceDocumentRoute, async (request) => {
  const { orgId, invoiceId } = request.params as { orgId: string; invoiceId: string };
  return {
    bytes: await archivedInvoiceDocument(orgId, invoiceId, invoiceCreditor(), request.query.language),
    contentType: "application/pdf",
    fileName: invoiceDocumentFileName(invoiceId),
  };
});
