import { emailTemplate } from "#shared/email";

const webApp = () => process.env.WEB_APP_URL ?? "https://portal.example.com";

const roleNames: Record<string, string> = {
  legal_representative: "legal representative",
  administrator: "administrator",
  user: "user",
};
export const roleName = (role: string) => roleNames[role] ?? role;

/** R-M1: a single-use, expiring link to join an organization. */
export const invitationEmail = emailTemplate<{
  organizationName: string;
  invitedBy: string;
  role: string;
  token: string;
  expiresInDays: number;
}>({
  name: "member-invitation",
  render: ({ organizationName, invitedBy, role, token, expiresInDays }) => ({
    subject: `Join ${organizationName}`,
    text:
      `${invitedBy} invites you to join the organization "${organizationName}" as ${roleName(role)}.\n\n` +
      `Accept within ${expiresInDays} days, signed in with this email address (create an account with it if you have none):\n` +
      `${webApp()}/invitations/accept?token=${token}\n\n` +
      "The link works once. If you did not expect this invitation, ignore this message.\n",
  }),
});

/** A member's role or rights changed. */
export const membershipChangedEmail = emailTemplate<{
  organizationName: string;
  changedBy: string;
  changes: { field: string; before: string; after: string }[];
}>({
  name: "membership-changed",
  render: ({ organizationName, changedBy, changes }) => ({
    subject: `Your rights in ${organizationName} changed`,
    text:
      `${changedBy} changed your rights in the organization "${organizationName}":\n\n` +
      changes.map((change) => `- ${change.field}: ${change.before} -> ${change.after}\n`).join("") +
      `\nSee them at ${webApp()}.\n`,
  }),
});

/** R-M4: the member is told they were removed, and what became of their data. */
export const memberRemovedEmail = emailTemplate<{
  firstName: string;
  organizationName: string;
  removedBy: string;
  outcomes: string[];
  /** The removed member belongs to no organization any more (someone who joined by invitation). */
  noOrganizationLeft: boolean;
}>({
  name: "member-removed",
  render: ({ firstName, organizationName, removedBy, outcomes, noOrganizationLeft }) => ({
    subject: `You were removed from ${organizationName}`,
    text:
      `Hello ${firstName},\n\n${removedBy} removed you from the organization "${organizationName}". ` +
      "You no longer have access to its products.\n" +
      (outcomes.length
        ? `\nWhat you held there:\n${outcomes.map((outcome) => `- ${outcome}\n`).join("")}`
        : "") +
      (noOrganizationLeft
        ? `\nYour user account stays open, with no organization: sign in at ${webApp()} to create one of your own, ` +
          "join another when invited, or close the account.\n"
        : "\nYour user account stays open, with your other organizations.\n"),
  }),
});
