import type { Change } from "#shared/email-templates/layout";
import type { MailKey, MailMessages } from "#shared/email-templates/messages";

/**
 * A change as the mail's reader reads it (R-L2). The domain writes a change once, in the
 * project's words, for the audit log and the mail alike (`{field: "billing rights", before: "no",
 * after: "yes"}`); the mail says the field and the values the project names in the reader's
 * language. What it does not name (a person's name, an address, a phone number) is the reader's
 * own text and stays as written.
 */
type Common = MailKey<"common">;

const fields: Record<string, Common> = {
  name: "fieldName",
  type: "fieldType",
  "postal address": "fieldPostalAddress",
  phone: "fieldPhone",
  "currency of future invoices": "fieldCurrency",
  "billing address": "fieldBillingAddress",
  logo: "fieldLogo",
  "billing language": "fieldLanguage",
  role: "fieldRole",
  "billing rights": "fieldBillingRights",
  "product access": "fieldProductAccess",
};

/** Values the project writes in its own words, by field ("*": any field). */
const values: Record<string, Record<string, Common>> = {
  "*": { none: "none", removed: "removed" },
  type: { individual: "typeIndividual", association: "typeAssociation", company: "typeCompany" },
  role: {
    "legal representative": "roleLegalRepresentative",
    administrator: "roleAdministrator",
    user: "roleUser",
  },
  "billing rights": { yes: "yes", no: "no" },
  "billing language": { fr: "languageFr", de: "languageDe", it: "languageIt", en: "languageEn" },
};

/** A role as the mails name it: `legal_representative` → "legal representative" in English. */
export const roleKeys: Record<string, Common> = {
  legal_representative: "roleLegalRepresentative",
  administrator: "roleAdministrator",
  user: "roleUser",
};

const logoImage = /^(?<format>[A-Z]+) image(?: \((?<kib>\d+) KiB\))?$/;

function value(field: string, written: string, m: MailMessages): string {
  const key = values[field]?.[written] ?? values["*"]?.[written];
  if (key) return m.text("common", key);
  const image = field === "logo" ? logoImage.exec(written)?.groups : undefined;
  if (image?.format)
    return image.kib
      ? m.text("common", "logoImageSize", { format: image.format, kib: Number(image.kib) })
      : m.text("common", "logoImage", { format: image.format });
  return written;
}

export function changeForReader(change: Change, m: MailMessages): Change {
  const field = fields[change.field];
  return {
    field: field ? m.text("common", field) : change.field,
    before: value(change.field, change.before, m),
    after: value(change.field, change.after, m),
  };
}
