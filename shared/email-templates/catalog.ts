import {
  accountClosedNotice,
  confirmLoginEmail,
  loginEmailChangedNotice,
  passwordChangedNotice,
  passwordResetEmail,
  passwordResetNoAccount,
  passwordResetNotice,
  recoveryEmailChangedNotice,
  welcomeEmail,
  welcomeInvitedEmail,
} from "#shared/email-templates/accounts";
import { paidInvoicesEmail } from "#shared/email-templates/billing";
import { organizationDeletedEmail } from "#shared/email-templates/deletion";
import { invitationEmail, memberRemovedEmail, membershipChangedEmail } from "#shared/email-templates/members";
import { organizationChangedEmail } from "#shared/email-templates/organizations";
import { confirmTerminationEmail, productTerminatedNotice } from "#shared/email-templates/termination";

/**
 * Every mail the system sends, by the name an outbox item carries (shared/outbox.ts). Only the
 * mailer imports this table: the functions that mail write the name and the data, and import
 * its type only (`MailTemplates`), so no template is in their bundles.
 */
export const mailTemplates = {
  welcome: welcomeEmail,
  "welcome-invited": welcomeInvitedEmail,
  "login-email-change-confirm": confirmLoginEmail,
  "login-email-changed": loginEmailChangedNotice,
  "password-changed": passwordChangedNotice,
  "recovery-email-changed": recoveryEmailChangedNotice,
  "account-closed": accountClosedNotice,
  "password-reset": passwordResetEmail,
  "password-reset-no-account": passwordResetNoAccount,
  "password-reset-done": passwordResetNotice,
  "paid-invoices": paidInvoicesEmail,
  "organization-deleted": organizationDeletedEmail,
  "member-invitation": invitationEmail,
  "membership-changed": membershipChangedEmail,
  "member-removed": memberRemovedEmail,
  "organization-changed": organizationChangedEmail,
  "termination-confirm": confirmTerminationEmail,
  "product-terminated": productTerminatedNotice,
} as const;

export type MailTemplates = typeof mailTemplates;
export type MailTemplateName = keyof MailTemplates;
/** The data a template renders from. */
export type MailData<Name extends MailTemplateName> = Parameters<MailTemplates[Name]["render"]>[0];
