import { emailTemplate } from "#shared/email";

const webApp = () => process.env.WEB_APP_URL ?? "https://portal.example.com";

export const welcomeEmail = emailTemplate<{ firstName: string; organizationName: string }>({
  name: "welcome",
  render: ({ firstName, organizationName }) => ({
    subject: "Welcome to your hosting account",
    text:
      `Hello ${firstName},\n\nYour account and the organization "${organizationName}" are ready.\nSign in at ${webApp()}.\n\n` +
      `If you did not sign up yourself, someone used your address: take the account back at ${webApp()}/reset-password ` +
      "(a reset link comes to this address), then set a recovery address of your own.\n",
  }),
});

export const confirmLoginEmail = emailTemplate<{ token: string; expiresInMinutes: number }>({
  name: "login-email-change-confirm",
  render: ({ token, expiresInMinutes }) => ({
    subject: "Confirm your new login email",
    text:
      "Someone asked to make this address the login email of a hosting account.\n" +
      `Confirm it here within ${expiresInMinutes} minutes: ${webApp()}/confirm-login-email?token=${token}\n\n` +
      `Confirmation code: ${token}\n\nIf this was not you, ignore this message: nothing changes without it.\n`,
  }),
});

export const loginEmailChangedNotice = emailTemplate<{ newLoginEmail: string }>({
  name: "login-email-changed",
  render: ({ newLoginEmail }) => ({
    subject: "Your login email was changed",
    text:
      `The login email of your hosting account is now ${newLoginEmail}. This address no longer signs in.\n` +
      "If you did not make this change, contact support at once.\n",
  }),
});

export const passwordChangedNotice = emailTemplate<{ firstName: string }>({
  name: "password-changed",
  render: ({ firstName }) => ({
    subject: "Your password was changed",
    text:
      `Hello ${firstName},\n\nThe password of your hosting account was changed and your other sessions were signed out.\n` +
      "If you did not make this change, reset your password and contact support.\n",
  }),
});

export const recoveryEmailChangedNotice = emailTemplate<{ newRecoveryEmail: string }>({
  name: "recovery-email-changed",
  render: ({ newRecoveryEmail }) => ({
    subject: "Your recovery email was changed",
    text: `The recovery email of your hosting account is now ${newRecoveryEmail}.\nIf you did not make this change, contact support.\n`,
  }),
});

export const accountClosedNotice = emailTemplate<{ firstName: string; organizationsDeleted: string[] }>({
  name: "account-closed",
  render: ({ firstName, organizationsDeleted }) => ({
    subject: "Your account was closed",
    text:
      `Hello ${firstName},\n\nYour hosting account was closed. Thank you for having been with us.\n` +
      (organizationsDeleted.length
        ? `\nYou were the last member of ${organizationsDeleted.map((name) => `"${name}"`).join(", ")}: ` +
          "being deleted now. Its paid invoices and a confirmation will come to your login address; " +
          "its records are archived for the legal retention period.\n"
        : ""),
  }),
});

export const welcomeInvitedEmail = emailTemplate<{ firstName: string; organizationName: string }>({
  name: "welcome-invited",
  render: ({ firstName, organizationName }) => ({
    subject: "Welcome to your hosting account",
    text:
      `Hello ${firstName},\n\nYour account is ready and you joined the organization "${organizationName}".\n` +
      `Sign in at ${webApp()} with this address.\n`,
  }),
});

export const passwordResetEmail = emailTemplate<{
  token: string;
  expiresInMinutes: number;
  toRecovery: boolean;
}>({
  name: "password-reset",
  render: ({ token, expiresInMinutes, toRecovery }) => ({
    subject: "Reset your password",
    text:
      `Someone asked to reset the password of the hosting account whose ${toRecovery ? "recovery" : "login"} address this is.\n` +
      `Choose a new password here within ${expiresInMinutes} minutes: ${webApp()}/reset-password?token=${token}\n\n` +
      "The link works once. If this was not you, ignore this message: nothing changes without it.\n" +
      (toRecovery
        ? ""
        : "If you did not open this account yourself, this link also lets you take it back: set a new password and a recovery address of your own.\n"),
  }),
});

export const passwordResetNoAccount = emailTemplate<Record<string, never>>({
  name: "password-reset-no-account",
  render: () => ({
    subject: "Password reset: no account uses this address",
    text:
      "Someone asked to reset the password of a hosting account with this address, but no account uses it.\n" +
      "If this was you, you may have signed up with another address. Otherwise, ignore this message.\n",
  }),
});

export const passwordResetNotice = emailTemplate<{ firstName: string }>({
  name: "password-reset-done",
  render: ({ firstName }) => ({
    subject: "Your password was reset",
    text:
      `Hello ${firstName},\n\nThe password of your hosting account was reset through a mailed link, and every session was signed out.\n` +
      "If you did not do this, reset it again and contact support.\n",
  }),
});
