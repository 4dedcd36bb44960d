import { emailTemplate } from "#shared/email";

export const organizationDeletedEmail = emailTemplate<{ organizationName: string; deletedAt: string }>({
  name: "organization-deleted",
  render: ({ organizationName, deletedAt }) => ({
    subject: `The organization "${organizationName}" was deleted`,
    text:
      `The organization "${organizationName}" and its data were deleted on ${deletedAt}.\n` +
      "Your user account stays: you can still sign in and belong to other organizations.\n",
  }),
});
