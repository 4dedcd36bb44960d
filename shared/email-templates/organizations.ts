import { emailTemplate } from "#shared/email";

const webApp = () => process.env.WEB_APP_URL ?? "https://portal.example.com";

/** R-O6: what changed in the organization's details, before and after, for its legal representatives. */
export const organizationChangedEmail = emailTemplate<{
  organizationName: string;
  changedBy: string;
  changes: { field: string; before: string; after: string }[];
}>({
  name: "organization-changed",
  render: ({ organizationName, changedBy, changes }) => ({
    subject: `The details of ${organizationName} were changed`,
    text:
      `${changedBy} changed the details of the organization "${organizationName}":\n\n` +
      changes
        .map((change) => `- ${change.field}\n    before: ${change.before}\n    after:  ${change.after}\n`)
        .join("") +
      `\nYou receive this as a legal representative of the organization. Review it at ${webApp()}.\n` +
      "If you did not expect this change, contact the other legal representatives or support.\n",
  }),
});
