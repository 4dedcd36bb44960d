import { emailTemplate } from "#shared/email";
import { paragraph, portalUrl, renderMail } from "#shared/email-templates/layout";

export const organizationDeletedEmail = /* @__PURE__ */ emailTemplate<{
  organizationName: string;
  deletedAt: string;
}>({
  name: "organization-deleted",
  render: ({ organizationName, deletedAt }) =>
    renderMail({
      subject: `The organization "${organizationName}" was deleted`,
      title: `"${organizationName}" was deleted`,
      body: [
        paragraph(`The organization "${organizationName}" and its data were deleted on ${deletedAt}.`),
        paragraph("Your user account stays: you can still sign in and belong to other organizations."),
      ],
      action: { label: "Sign in", url: portalUrl("/") },
    }),
});
