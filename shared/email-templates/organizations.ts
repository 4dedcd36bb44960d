import { emailTemplate } from "#shared/email";
import { changeForReader } from "#shared/email-templates/changes";
import { paragraph, portalUrl, renderMail } from "#shared/email-templates/layout";

/** R-O6: what changed in the organization's details, before and after, for its legal representatives. */
export const organizationChangedEmail = /* @__PURE__ */ emailTemplate<{
  organizationName: string;
  /** Who made the change; absent: "Someone" in the reader's language. */
  changedBy: string | undefined;
  changes: { field: string; before: string; after: string }[];
}>({
  name: "organization-changed",
  render: ({ organizationName, changedBy, changes }, m) =>
    renderMail(
      {
        subject: m.text("organization-changed", "subject", { organizationName }),
        title: m.text("organization-changed", "title", { organizationName }),
        body: [
          paragraph(
            m.text("organization-changed", "body", {
              organizationName,
              changedBy: changedBy ?? m.text("common", "someone"),
            }),
          ),
          { changes: changes.map((change) => changeForReader(change, m)) },
          paragraph(m.text("organization-changed", "why")),
        ],
        action: { label: m.text("organization-changed", "action"), url: portalUrl("/") },
        after: [paragraph(m.text("organization-changed", "notExpected"))],
      },
      m,
    ),
});
