import { invoiceDocumentRoute } from "#functions/billing/routes";
import { authorize, needs } from "#shared/authorization";
import { readInvoice } from "#shared/billing/invoices";
import { invoiceCreditor } from "#shared/documents/creditor";
import { documentHandler } from "#shared/documents/document-answer";
import { documentLanguage } from "#shared/documents/document-language";
import { invoiceDocumentFileName } from "#shared/documents/file-names";
import { renderInvoiceDocument } from "#shared/documents/invoice-document";
import { Organization } from "#shared/entities";
import { getItem } from "#shared/entity/reads";
import { requireSession } from "#shared/http";

export const handler = documentHandler(invoiceDocumentRoute, async (request) => {
  const { userId } = requireSession(request);
  const { orgId, invoiceId } = request.params as { orgId: string; invoiceId: string };
  await authorize(userId, orgId, needs.billing);
  const requested = request.query.language;
  // Under its own organization only: another organization's invoice id is not found here.
  const [invoice, organization] = await Promise.all([
    readInvoice(orgId, invoiceId),
    // R-L2: its billing language, unless the request asks for another.
    requested ? undefined : getItem(Organization, { orgId }),
  ]);
  return {
    // Read and checked once per container: a function without its creditor fails naming it.
    bytes: await renderInvoiceDocument(
      invoice,
      invoiceCreditor(),
      documentLanguage(requested, organization?.language),
    ),
    contentType: "application/pdf",
    fileName: invoiceDocumentFileName(invoiceId),
  };
});
