import { emailTemplate } from "#shared/email";
import { list, paragraph, portalUrl, renderMail } from "#shared/email-templates/layout";

const roleNames: Record<string, string> = {
  legal_representative: "legal representative",
  administrator: "administrator",
  user: "user",
};
export const roleName = (role: string) => roleNames[role] ?? role;

/** R-M1: a single-use, expiring link to join an organization. */
export const invitationEmail = /* @__PURE__ */ emailTemplate<{
  organizationName: string;
  invitedBy: string;
  role: string;
  token: string;
  expiresInDays: number;
}>({
  name: "member-invitation",
  render: ({ organizationName, invitedBy, role, token, expiresInDays }) =>
    renderMail({
      subject: `Join ${organizationName}`,
      title: `Join ${organizationName}`,
      body: [
        paragraph(
          `${invitedBy} invites you to join the organization "${organizationName}" as ${roleName(role)}.`,
        ),
        paragraph(
          `Accept within ${expiresInDays} days, signed in with this email address ` +
            "(create an account with it if you have none).",
        ),
      ],
      action: { label: "Accept the invitation", url: portalUrl("/invitations/accept", { token }) },
      after: [paragraph("The link works once. If you did not expect this invitation, ignore this message.")],
    }),
});

/** A member's role or rights changed. */
export const membershipChangedEmail = /* @__PURE__ */ emailTemplate<{
  organizationName: string;
  changedBy: string;
  changes: { field: string; before: string; after: string }[];
}>({
  name: "membership-changed",
  render: ({ organizationName, changedBy, changes }) =>
    renderMail({
      subject: `Your rights in ${organizationName} changed`,
      title: `Your rights in ${organizationName} changed`,
      body: [
        paragraph(`${changedBy} changed your rights in the organization "${organizationName}":`),
        list(changes.map((change) => [`${change.field}: ${change.before} -> ${change.after}`])),
      ],
      action: { label: "See your rights", url: portalUrl("/") },
    }),
});

/** R-M4: the member is told they were removed, and what became of their data. */
export const memberRemovedEmail = /* @__PURE__ */ emailTemplate<{
  firstName: string;
  organizationName: string;
  removedBy: string;
  outcomes: string[];
  /** The removed member belongs to no organization any more (someone who joined by invitation). */
  noOrganizationLeft: boolean;
}>({
  name: "member-removed",
  render: ({ firstName, organizationName, removedBy, outcomes, noOrganizationLeft }) =>
    renderMail({
      subject: `You were removed from ${organizationName}`,
      title: `You were removed from ${organizationName}`,
      greeting: `Hello ${firstName},`,
      body: [
        paragraph(
          `${removedBy} removed you from the organization "${organizationName}". ` +
            "You no longer have access to its products.",
        ),
        ...(outcomes.length
          ? [paragraph("What you held there:"), list(outcomes.map((outcome) => [outcome]))]
          : []),
        paragraph(
          noOrganizationLeft
            ? "Your user account stays open, with no organization: sign in to create one of your own, " +
                "join another when invited, or close the account."
            : "Your user account stays open, with your other organizations.",
        ),
      ],
      ...(noOrganizationLeft ? { action: { label: "Sign in", url: portalUrl("/") } } : {}),
    }),
});
