import { emailTemplate } from "#shared/email";
import { paragraph, portalUrl, renderMail } from "#shared/email-templates/layout";
import { formatDate } from "#shared/i18n/format";

export const organizationDeletedEmail = /* @__PURE__ */ emailTemplate<{
  organizationName: string;
  /** ISO 8601: written as a date of the reader's language. */
  deletedAt: string;
}>({
  name: "organization-deleted",
  render: ({ organizationName, deletedAt }, m) =>
    renderMail(
      {
        subject: m.text("organization-deleted", "subject", { organizationName }),
        title: m.text("organization-deleted", "title", { organizationName }),
        body: [
          paragraph(
            m.text("organization-deleted", "body", {
              organizationName,
              deletedAt: formatDate(deletedAt, m.language),
            }),
          ),
          paragraph(m.text("organization-deleted", "accountStays")),
        ],
        action: { label: m.text("common", "signIn"), url: portalUrl("/") },
      },
      m,
    ),
});
