import { createHash } from "node:crypto";
import {
  calculateQRReferenceChecksum,
  calculateSCORReferenceChecksum,
  formatReference,
  isQRIBAN,
} from "swissqrbill/utils";

/**
 * The structured reference of an invoice's QR-bill, derived from the invoice id alone, so that
 * every rendering of the invoice carries the same one and a payment can be matched back to its
 * invoice by computing it again:
 * - to a QR-IBAN, a QR reference: 26 digits from SHA-256 of the invoice id, then the recursive
 *   mod 10 check digit (27 digits);
 * - to an ordinary IBAN, a creditor reference (ISO 11649): `RF`, the mod 97 check digits, and
 *   21 base-36 characters from the same digest.
 * Invoice ids are random and unique; 26 decimal digits (about 86 bits) leave no collision to fear.
 */
export function paymentReference(invoiceId: string, account: string): string {
  const digest = BigInt(`0x${createHash("sha256").update(`invoice:${invoiceId}`).digest("hex")}`);
  if (isQRIBAN(account)) {
    const body = (digest % 10n ** 26n).toString().padStart(26, "0");
    return `${body}${calculateQRReferenceChecksum(body)}`;
  }
  const body = (digest % 36n ** 21n).toString(36).toUpperCase().padStart(21, "0");
  return `RF${calculateSCORReferenceChecksum(body)}${body}`;
}

/** The reference in groups, as the QR-bill prints it (`21 00000 00003 ...`, `RF18 5390 ...`). */
export const formattedReference = (reference: string) => formatReference(reference);
