import { emailTemplate } from "#shared/email";
import { paragraph, portalUrl, renderMail } from "#shared/email-templates/layout";
import { formatDate } from "#shared/i18n/format";

/** R-T2: the single-use, expiring link that confirms a termination, to the requester only. */
export const confirmTerminationEmail = /* @__PURE__ */ emailTemplate<{
  firstName: string;
  productName: string;
  organizationName: string;
  token: string;
  expiresInMinutes: number;
}>({
  name: "termination-confirm",
  render: ({ firstName, productName, organizationName, token, expiresInMinutes }, m) =>
    renderMail(
      {
        subject: m.text("termination-confirm", "subject", { productName }),
        title: m.text("termination-confirm", "title", { productName }),
        greeting: m.text("common", "greeting", { firstName }),
        body: [
          paragraph(m.text("termination-confirm", "asked", { productName, organizationName })),
          paragraph(m.text("termination-confirm", "consequences")),
          paragraph(m.text("termination-confirm", "within", { minutes: expiresInMinutes })),
        ],
        action: {
          label: m.text("termination-confirm", "action"),
          url: portalUrl("/confirm-termination", { token }),
        },
        after: [paragraph(m.text("termination-confirm", "notYou"))],
      },
      m,
    ),
});

/** R-T4: the termination is done; to the administrators and legal representatives. */
export const productTerminatedNotice = /* @__PURE__ */ emailTemplate<{
  firstName: string;
  productName: string;
  /** Absent: "your organization" in the reader's language. */
  organizationName: string | undefined;
  /** Absent: "a member". */
  requestedByName: string | undefined;
  /** ISO 8601, written as a date of the reader's language. */
  terminatedAt: string;
  backupPurgeAt: string | undefined;
}>({
  name: "product-terminated",
  render: ({ firstName, productName, organizationName, requestedByName, terminatedAt, backupPurgeAt }, m) =>
    renderMail(
      {
        subject: m.text("product-terminated", "subject", { productName }),
        title: m.text("product-terminated", "title", { productName }),
        greeting: m.text("common", "greeting", { firstName }),
        body: [
          paragraph(
            m.text("product-terminated", "body", {
              productName,
              organizationName: organizationName ?? m.text("common", "yourOrganization"),
              terminatedAt: formatDate(terminatedAt, m.language),
              requestedBy: requestedByName ?? m.text("common", "aMember"),
            }),
          ),
          ...(backupPurgeAt
            ? [
                paragraph(
                  m.text("product-terminated", "backups", {
                    backupPurgeAt: formatDate(backupPurgeAt, m.language),
                  }),
                ),
              ]
            : []),
          paragraph(m.text("product-terminated", "charges")),
        ],
        action: { label: m.text("product-terminated", "action"), url: portalUrl("/") },
      },
      m,
    ),
});
