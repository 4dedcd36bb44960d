import { findArchive } from "#shared/archive/archive";
import { ArchivedInvoice } from "#shared/archive/entities";
import type { Creditor } from "#shared/documents/creditor";
import { documentLanguage } from "#shared/documents/document-language";
import { renderInvoiceDocument } from "#shared/documents/invoice-document";
import { getItem } from "#shared/entity/reads";
import { errors } from "#shared/errors";
import * as texts from "#shared/i18n/error-texts";
import type { Language } from "#shared/i18n/languages";

/**
 * R-D7: the document of an invoice of a deleted organization, from its archive: the invoice as
 * it was at the deletion renders the same document its organization received (renderings are
 * a function of the invoice record, the creditor and the language). The language is the one
 * asked for, else the billing language the archive kept from the organization at its deletion
 * (R-L2; shared/documents/document-language.ts). 404 when the archive is not complete, has
 * expired, or does not hold the invoice.
 */
export async function archivedInvoiceDocument(
  orgId: string,
  invoiceId: string,
  creditor: Creditor,
  requestedLanguage?: Language,
): Promise<Uint8Array> {
  const [archive, archived] = await Promise.all([
    findArchive(orgId),
    getItem(ArchivedInvoice, { orgId, invoiceId }, { consistent: true }),
  ]);
  if (!archive || !archived) throw errors.notFound(texts.archivedInvoiceNotFound);
  return renderInvoiceDocument(
    archived.invoice,
    creditor,
    documentLanguage(requestedLanguage, archive.language),
  );
}
