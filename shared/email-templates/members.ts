import { emailTemplate } from "#shared/email";
import { changeForReader, roleKeys } from "#shared/email-templates/changes";
import { list, paragraph, portalUrl, renderMail } from "#shared/email-templates/layout";
import type { MailKey } from "#shared/email-templates/messages";

const roleNames: Record<string, string> = {
  legal_representative: "legal representative",
  administrator: "administrator",
  user: "user",
};
/** A role in the project's words (the audit log's, and the changes a mail translates). */
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
  render: ({ organizationName, invitedBy, role, token, expiresInDays }, m) => {
    const roleKey = roleKeys[role];
    return renderMail(
      {
        subject: m.text("member-invitation", "subject", { organizationName }),
        title: m.text("member-invitation", "title", { organizationName }),
        body: [
          paragraph(
            m.text("member-invitation", "body", {
              invitedBy,
              organizationName,
              role: roleKey ? m.text("common", roleKey) : role,
            }),
          ),
          paragraph(m.text("member-invitation", "within", { days: expiresInDays })),
        ],
        action: {
          label: m.text("member-invitation", "action"),
          url: portalUrl("/invitations/accept", { token }),
        },
        after: [paragraph(m.text("member-invitation", "once"))],
      },
      m,
    );
  },
});

/** A member's role or rights changed. */
export const membershipChangedEmail = /* @__PURE__ */ emailTemplate<{
  organizationName: string;
  /** Who made the change; absent: "Someone" in the reader's language. */
  changedBy: string | undefined;
  changes: { field: string; before: string; after: string }[];
}>({
  name: "membership-changed",
  render: ({ organizationName, changedBy, changes }, m) =>
    renderMail(
      {
        subject: m.text("membership-changed", "subject", { organizationName }),
        title: m.text("membership-changed", "title", { organizationName }),
        body: [
          paragraph(
            m.text("membership-changed", "body", {
              organizationName,
              changedBy: changedBy ?? m.text("common", "someone"),
            }),
          ),
          list(
            changes
              .map((change) => changeForReader(change, m))
              .map((change) => [m.text("membership-changed", "change", { ...change })]),
          ),
        ],
        action: { label: m.text("membership-changed", "action"), url: portalUrl("/") },
      },
      m,
    ),
});

/** What became of one kind of the removed member's data (R-M4): deleted, or handed to a person. */
export interface RemovalOutcome {
  kind: "drive" | "mailboxAccess" | "calendars" | "addressBooks";
  action: "transfer" | "delete";
  /** The person it was handed to; absent: "another member". */
  to?: string | undefined;
  /** How many items were deleted, where counted (an organization's deletion). */
  items?: number | undefined;
}

const kindKeys: Record<RemovalOutcome["kind"], MailKey<"member-removed">> = {
  drive: "kindDrive",
  mailboxAccess: "kindMailboxAccess",
  calendars: "kindCalendars",
  addressBooks: "kindAddressBooks",
};

/** R-M4: the member is told they were removed, and what became of their data. */
export const memberRemovedEmail = /* @__PURE__ */ emailTemplate<{
  firstName: string;
  organizationName: string;
  removedBy: string | undefined;
  /** Each kind's outcome (a text: items written before outcomes were data, said as written). */
  outcomes: (RemovalOutcome | string)[];
  /** The removed member belongs to no organization any more (someone who joined by invitation). */
  noOrganizationLeft: boolean;
}>({
  name: "member-removed",
  render: ({ firstName, organizationName, removedBy, outcomes, noOrganizationLeft }, m) => {
    const outcomeText = (outcome: RemovalOutcome | string) => {
      if (typeof outcome === "string") return outcome;
      const kind = m.text("member-removed", kindKeys[outcome.kind]);
      return outcome.action === "transfer"
        ? m.text("member-removed", "handedTo", {
            kind,
            person: outcome.to ?? m.text("member-removed", "anotherMember"),
          })
        : outcome.items !== undefined
          ? m.text("member-removed", "deletedItems", { kind, count: outcome.items })
          : m.text("member-removed", "deleted", { kind });
    };
    return renderMail(
      {
        subject: m.text("member-removed", "subject", { organizationName }),
        title: m.text("member-removed", "title", { organizationName }),
        greeting: m.text("common", "greeting", { firstName }),
        body: [
          paragraph(
            m.text("member-removed", "body", {
              organizationName,
              removedBy: removedBy ?? m.text("common", "someone"),
            }),
          ),
          ...(outcomes.length
            ? [
                paragraph(m.text("member-removed", "held")),
                list(outcomes.map((outcome) => [outcomeText(outcome)])),
              ]
            : []),
          paragraph(
            m.text("member-removed", noOrganizationLeft ? "noOrganizationLeft" : "otherOrganizations"),
          ),
        ],
        ...(noOrganizationLeft ? { action: { label: m.text("common", "signIn"), url: portalUrl("/") } } : {}),
      },
      m,
    );
  },
});
