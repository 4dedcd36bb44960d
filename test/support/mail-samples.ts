import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { EmailTemplate } from "#shared/email";
import { rootDir } from "#test/support/runtime";

/** A value no mail may carry as markup: each template gets it in every text it takes. */
export const hostile = `<img src=x onerror="alert('x')">&amp;`;
/** What that value is in the HTML part, escaped. */
export const hostileEscaped = "&#60;img src=x onerror=&#34;alert(&#39;x&#39;)&#34;&#62;&#38;amp;";

/** Data for each template, by its name; a template without a sample fails the tests that use these. */
export const samples: Record<string, unknown> = {
  welcome: { firstName: hostile, organizationName: hostile },
  "login-email-change-confirm": { token: "tok_Abc-123_xyz_0123456789", expiresInMinutes: 30 },
  "login-email-changed": { newLoginEmail: hostile },
  "password-changed": { firstName: hostile },
  "recovery-email-changed": { newRecoveryEmail: hostile },
  "account-closed": { firstName: hostile, organizationsDeleted: [hostile, "Lovelace GmbH"] },
  "welcome-invited": { firstName: hostile, organizationName: hostile },
  "password-reset": { token: "tok_Abc-123_xyz_0123456789", expiresInMinutes: 30, toRecovery: false },
  "password-reset-no-account": {},
  "password-reset-done": { firstName: hostile },
  "paid-invoices": {
    firstName: hostile,
    organizationName: hostile,
    invoices: [
      {
        invoiceId: "inv_Abc123",
        issuedAt: "2026-11-02T10:00:00.000Z",
        paidAt: "2026-11-03T10:00:00.000Z",
        amount: 16700,
        currency: "CHF",
        lines: [
          { description: hostile, price: 12000, reduction: 1200, total: 10800 },
          { description: "Domain name: ada.example", price: 5900, reduction: 0, total: 5900 },
          {
            description: "Web hosting: ada.example (code SPRING-26)",
            price: 9000,
            reduction: 900,
            total: 8100,
          },
        ],
      },
    ],
    part: { index: 1, of: 2, invoiceCount: 21 },
  },
  "organization-deleted": { organizationName: hostile, deletedAt: "2026-12-01T10:00:00.000Z" },
  "member-invitation": {
    organizationName: hostile,
    invitedBy: hostile,
    role: "administrator",
    token: "tok_Abc-123_xyz_0123456789",
    expiresInDays: 7,
  },
  "membership-changed": {
    organizationName: hostile,
    changedBy: hostile,
    changes: [
      { field: "billing rights", before: "no", after: "yes" },
      { field: "role", before: "user", after: "administrator" },
      { field: "product access", before: "none", after: hostile },
    ],
  },
  "member-removed": {
    firstName: hostile,
    organizationName: hostile,
    removedBy: hostile,
    outcomes: [
      { kind: "drive", action: "transfer", to: hostile },
      { kind: "calendars", action: "delete", items: 3 },
      { kind: "addressBooks", action: "delete" },
    ],
    noOrganizationLeft: true,
  },
  "organization-changed": {
    organizationName: hostile,
    changedBy: hostile,
    changes: [
      { field: "postal address", before: hostile, after: "Unter den Linden 1, 10117 Berlin, DE" },
      { field: "billing language", before: "en", after: "de" },
      { field: "logo", before: "none", after: "PNG image (12 KiB)" },
    ],
  },
  "termination-confirm": {
    firstName: hostile,
    productName: hostile,
    organizationName: hostile,
    token: "tok_Abc-123_xyz_0123456789",
    expiresInMinutes: 60,
  },
  "product-terminated": {
    firstName: hostile,
    productName: hostile,
    organizationName: hostile,
    requestedByName: hostile,
    terminatedAt: "2026-12-01T10:00:00.000Z",
    backupPurgeAt: "2026-12-31T10:00:00.000Z",
  },
};

const isTemplate = (value: unknown): value is EmailTemplate<unknown> =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as EmailTemplate<unknown>).name === "string" &&
  typeof (value as EmailTemplate<unknown>).render === "function";

/** Every template exported by shared/email-templates/*.ts, with the module it comes from. */
export async function allTemplates(): Promise<{ module: string; template: EmailTemplate<unknown> }[]> {
  const folder = join(rootDir, "shared/email-templates");
  const found: { module: string; template: EmailTemplate<unknown> }[] = [];
  for (const file of readdirSync(folder)
    .filter((name) => name.endsWith(".ts"))
    .sort()) {
    const module = (await import(pathToFileURL(join(folder, file)).href)) as Record<string, unknown>;
    for (const value of Object.values(module))
      if (isTemplate(value)) found.push({ module: file, template: value });
  }
  return found;
}
