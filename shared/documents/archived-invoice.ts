import { findArchive } from "#shared/archive/archive";
import { ArchivedInvoice } from "#shared/archive/entities";
import type { Creditor } from "#shared/documents/creditor";
import { renderInvoiceDocument } from "#shared/documents/invoice-document";
import { getItem } from "#shared/entity";
import { errors } from "#shared/errors";

/**
 * R-D7: the document of an invoice of a deleted organization, from its archive: the invoice as
 * it was at the deletion renders the same document its organization received (renderings are
 * a function of the invoice record and the creditor). 404 when the archive is not complete, has
 * expired, or does not hold the invoice.
 */
export async function archivedInvoiceDocument(
  orgId: string,
  invoiceId: string,
  creditor: Creditor,
): Promise<Uint8Array> {
  const [archive, archived] = await Promise.all([
    findArchive(orgId),
    getItem(ArchivedInvoice, { orgId, invoiceId }, { consistent: true }),
  ]);
  if (!archive || !archived) throw errors.notFound("No such archived invoice.");
  return renderInvoiceDocument(archived.invoice, creditor);
}
