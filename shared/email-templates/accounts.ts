import { emailTemplate } from "#shared/email";

const webApp = () => process.env.WEB_APP_URL ?? "https://portal.example.com";

export const welcomeEmail = emailTemplate<{ firstName: string; organizationName: string }>({
  name: "welcome",
  render: ({ firstName, organizationName }) => ({
    subject: "Welcome to your hosting account",
    text: `Hello ${firstName},\n\nYour account and the organization "${organizationName}" are ready.\nSign in at ${webApp()}.\n`,
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

export const accountClosedNotice = emailTemplate<{ firstName: string }>({
  name: "account-closed",
  render: ({ firstName }) => ({
    subject: "Your account was closed",
    text: `Hello ${firstName},\n\nYour hosting account was closed. Thank you for having been with us.\n`,
  }),
});
