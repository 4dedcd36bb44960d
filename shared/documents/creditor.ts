import * as z from "zod/mini";
import { ibanProblem, normaliseIban } from "#shared/billing/iban";
import { humanText } from "#shared/text";

/**
 * The provider as its invoices name it, and the account they are paid to: the QR-bill's
 * creditor. Configuration, not data: the CDK context key `creditor` in AWS (a JSON object),
 * `INVOICE_CREDITOR` for the local runtime; functions that render invoice documents declare
 * `invoiceDocuments` and get it as `INVOICE_CREDITOR` (shared/function-access.ts).
 */
export interface Creditor {
  /** The provider's name, as printed (at most 70 characters, the QR-bill's limit). */
  name: string;
  /**
   * The IBAN invoices are paid to, of Switzerland or Liechtenstein (a QR-bill's account). A
   * QR-IBAN (institution id 30000-31999) makes QR references; an ordinary IBAN, creditor
   * references (ISO 11649). Stored without spaces.
   */
  account: string;
  street: string;
  buildingNumber?: string;
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Printed under the address when given. */
  email?: string;
  vatNumber?: string;
}

/**
 * The documented test creditor: what the local runtime, the tests and a `dev` stage on
 * placeholders use. Its account is the example QR-IBAN of SIX's QR-bill implementation
 * guidelines (valid, but nobody's account): never a stage's real configuration.
 */
export const testCreditor: Creditor = {
  name: "Hosting Provider AG (test creditor)",
  account: "CH4431999123000889012",
  street: "Musterstrasse",
  buildingNumber: "7",
  postalCode: "8000",
  city: "Zürich",
  country: "CH",
  email: "billing@hosting.example",
};

/** Built when a creditor is read, not at import: bundles that never read one carry none of it. */
const creditorSchema = () =>
  z.strictObject({
    name: humanText(70),
    account: z.pipe(z.string().check(z.maxLength(64)), z.transform(normaliseIban)).check(
      z.superRefine((account, context) => {
        const problem = ibanProblem(account);
        if (problem) context.addIssue({ code: "custom", message: problem });
        else if (!/^(CH|LI)/.test(account))
          context.addIssue({
            code: "custom",
            message: "A QR-bill's account is of Switzerland (CH) or Liechtenstein (LI).",
          });
      }),
    ),
    street: humanText(70),
    buildingNumber: z.optional(humanText(16)),
    postalCode: humanText(16),
    city: humanText(35),
    country: z.string().check(z.regex(/^[A-Z]{2}$/, "An ISO 3166-1 alpha-2 code in capitals.")),
    email: z.optional(humanText(100)),
    vatNumber: z.optional(humanText(40)),
  });

/** Checks a creditor given as JSON; the error names `source` and every wrong field. */
export function parseCreditor(text: string, source = "INVOICE_CREDITOR"): Creditor {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${source} is not JSON: give the creditor as a JSON object`);
  }
  const result = z.safeParse(creditorSchema(), value);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join(".") || "(object)"}: ${issue.message}`,
    );
    throw new Error(`${source} is not a valid creditor: ${problems.join("; ")}`);
  }
  return result.data;
}

let configured: Creditor | undefined;

/**
 * The creditor of this function's environment (`INVOICE_CREDITOR`, set by the `invoiceDocuments`
 * access), read and checked once; a missing or wrong one fails with its name.
 */
export function invoiceCreditor(): Creditor {
  if (configured) return configured;
  const text = process.env.INVOICE_CREDITOR;
  if (!text)
    throw new Error("INVOICE_CREDITOR is not set: declare `invoiceDocuments` in the function's access");
  configured = parseCreditor(text);
  return configured;
}
