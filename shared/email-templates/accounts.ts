import { emailTemplate } from "#shared/email";
import { link, paragraph, portalUrl, renderMail, strong } from "#shared/email-templates/layout";

export const welcomeEmail = /* @__PURE__ */ emailTemplate<{ firstName: string; organizationName: string }>({
  name: "welcome",
  render: ({ firstName, organizationName }) =>
    renderMail({
      subject: "Welcome to your hosting account",
      title: "Your hosting account is ready",
      greeting: `Hello ${firstName},`,
      body: [paragraph(`Your account and the organization "${organizationName}" are ready.`)],
      action: { label: "Sign in", url: portalUrl("/") },
      after: [
        paragraph(
          "If you did not sign up yourself, someone used your address: take the account back at ",
          link(portalUrl("/reset-password")),
          " (a reset link comes to this address), then set a recovery address of your own.",
        ),
      ],
    }),
});

export const confirmLoginEmail = /* @__PURE__ */ emailTemplate<{ token: string; expiresInMinutes: number }>({
  name: "login-email-change-confirm",
  render: ({ token, expiresInMinutes }) =>
    renderMail({
      subject: "Confirm your new login email",
      title: "Confirm your new login email",
      body: [
        paragraph("Someone asked to make this address the login email of a hosting account."),
        paragraph(`Confirm it within ${expiresInMinutes} minutes.`),
      ],
      action: { label: "Confirm this address", url: portalUrl("/confirm-login-email", { token }) },
      after: [
        { code: token, label: "Confirmation code" },
        paragraph("If this was not you, ignore this message: nothing changes without it."),
      ],
    }),
});

export const loginEmailChangedNotice = /* @__PURE__ */ emailTemplate<{ newLoginEmail: string }>({
  name: "login-email-changed",
  render: ({ newLoginEmail }) =>
    renderMail({
      subject: "Your login email was changed",
      title: "Your login email was changed",
      body: [
        paragraph(
          "The login email of your hosting account is now ",
          strong(newLoginEmail),
          ". This address no longer signs in.",
        ),
        paragraph("If you did not make this change, contact support at once."),
      ],
    }),
});

export const passwordChangedNotice = /* @__PURE__ */ emailTemplate<{ firstName: string }>({
  name: "password-changed",
  render: ({ firstName }) =>
    renderMail({
      subject: "Your password was changed",
      title: "Your password was changed",
      greeting: `Hello ${firstName},`,
      body: [
        paragraph(
          "The password of your hosting account was changed and your other sessions were signed out.",
        ),
        paragraph("If you did not make this change, reset your password and contact support."),
      ],
      action: { label: "Reset your password", url: portalUrl("/reset-password") },
    }),
});

export const recoveryEmailChangedNotice = /* @__PURE__ */ emailTemplate<{ newRecoveryEmail: string }>({
  name: "recovery-email-changed",
  render: ({ newRecoveryEmail }) =>
    renderMail({
      subject: "Your recovery email was changed",
      title: "Your recovery email was changed",
      body: [
        paragraph("The recovery email of your hosting account is now ", strong(newRecoveryEmail), "."),
        paragraph("If you did not make this change, contact support."),
      ],
    }),
});

export const accountClosedNotice = /* @__PURE__ */ emailTemplate<{
  firstName: string;
  organizationsDeleted: string[];
}>({
  name: "account-closed",
  render: ({ firstName, organizationsDeleted }) =>
    renderMail({
      subject: "Your account was closed",
      title: "Your account was closed",
      greeting: `Hello ${firstName},`,
      body: [
        paragraph("Your hosting account was closed. Thank you for having been with us."),
        ...(organizationsDeleted.length
          ? [
              paragraph(
                `You were the last member of ${organizationsDeleted.map((name) => `"${name}"`).join(", ")}: ` +
                  "being deleted now. Its paid invoices and a confirmation will come to your login address; " +
                  "its records are archived for the legal retention period.",
              ),
            ]
          : []),
      ],
    }),
});

export const welcomeInvitedEmail = /* @__PURE__ */ emailTemplate<{
  firstName: string;
  organizationName: string;
}>({
  name: "welcome-invited",
  render: ({ firstName, organizationName }) =>
    renderMail({
      subject: "Welcome to your hosting account",
      title: "Your hosting account is ready",
      greeting: `Hello ${firstName},`,
      body: [
        paragraph(`Your account is ready and you joined the organization "${organizationName}".`),
        paragraph("Sign in with this address."),
      ],
      action: { label: "Sign in", url: portalUrl("/") },
    }),
});

export const passwordResetEmail = /* @__PURE__ */ emailTemplate<{
  token: string;
  expiresInMinutes: number;
  toRecovery: boolean;
}>({
  name: "password-reset",
  render: ({ token, expiresInMinutes, toRecovery }) =>
    renderMail({
      subject: "Reset your password",
      title: "Reset your password",
      body: [
        paragraph(
          `Someone asked to reset the password of the hosting account whose ${toRecovery ? "recovery" : "login"} address this is.`,
        ),
        paragraph(`Choose a new password within ${expiresInMinutes} minutes.`),
      ],
      action: { label: "Choose a new password", url: portalUrl("/reset-password", { token }) },
      after: [
        paragraph(
          "The link works once. If this was not you, ignore this message: nothing changes without it.",
        ),
        ...(toRecovery
          ? []
          : [
              paragraph(
                "If you did not open this account yourself, this link also lets you take it back: " +
                  "set a new password and a recovery address of your own.",
              ),
            ]),
      ],
    }),
});

export const passwordResetNoAccount = /* @__PURE__ */ emailTemplate<Record<string, never>>({
  name: "password-reset-no-account",
  render: () =>
    renderMail({
      subject: "Password reset: no account uses this address",
      title: "No account uses this address",
      body: [
        paragraph(
          "Someone asked to reset the password of a hosting account with this address, but no account uses it.",
        ),
        paragraph(
          "If this was you, you may have signed up with another address. Otherwise, ignore this message.",
        ),
      ],
    }),
});

export const passwordResetNotice = /* @__PURE__ */ emailTemplate<{ firstName: string }>({
  name: "password-reset-done",
  render: ({ firstName }) =>
    renderMail({
      subject: "Your password was reset",
      title: "Your password was reset",
      greeting: `Hello ${firstName},`,
      body: [
        paragraph(
          "The password of your hosting account was reset through a mailed link, and every session was signed out.",
        ),
        paragraph("If you did not do this, reset it again and contact support."),
      ],
      action: { label: "Reset your password", url: portalUrl("/reset-password") },
    }),
});
