import { emailTemplate } from "#shared/email";
import { paragraph, portalUrl, renderMail } from "#shared/email-templates/layout";

/** R-O6: what changed in the organization's details, before and after, for its legal representatives. */
export const organizationChangedEmail = /* @__PURE__ */ emailTemplate<{
  organizationName: string;
  changedBy: string;
  changes: { field: string; before: string; after: string }[];
}>({
  name: "organization-changed",
  render: ({ organizationName, changedBy, changes }) =>
    renderMail({
      subject: `The details of ${organizationName} were changed`,
      title: `The details of ${organizationName} were changed`,
      body: [
        paragraph(`${changedBy} changed the details of the organization "${organizationName}":`),
        { changes },
        paragraph("You receive this as a legal representative of the organization."),
      ],
      action: { label: "Review the organization", url: portalUrl("/") },
      after: [
        paragraph("If you did not expect this change, contact the other legal representatives or support."),
      ],
    }),
});
