import { emailTemplate } from "#shared/email";
import { type Inline, link, paragraph, portalUrl, renderMail, strong } from "#shared/email-templates/layout";

const bold = (chunks: Inline[]) => strong(chunks.join(""));

export const welcomeEmail = /* @__PURE__ */ emailTemplate<{ firstName: string; organizationName: string }>({
  name: "welcome",
  render: ({ firstName, organizationName }, m) =>
    renderMail(
      {
        subject: m.text("welcome", "subject"),
        title: m.text("welcome", "title"),
        greeting: m.text("common", "greeting", { firstName }),
        body: [paragraph(m.text("welcome", "body", { organizationName }))],
        action: { label: m.text("common", "signIn"), url: portalUrl("/") },
        after: [
          paragraph(...m.parts("welcome", "notYou", { resetLink: link(portalUrl("/reset-password")) })),
        ],
      },
      m,
    ),
});

export const confirmLoginEmail = /* @__PURE__ */ emailTemplate<{ token: string; expiresInMinutes: number }>({
  name: "login-email-change-confirm",
  render: ({ token, expiresInMinutes }, m) =>
    renderMail(
      {
        subject: m.text("login-email-change-confirm", "subject"),
        title: m.text("login-email-change-confirm", "title"),
        body: [
          paragraph(m.text("login-email-change-confirm", "asked")),
          paragraph(m.text("login-email-change-confirm", "within", { minutes: expiresInMinutes })),
        ],
        action: {
          label: m.text("login-email-change-confirm", "action"),
          url: portalUrl("/confirm-login-email", { token }),
        },
        after: [
          { code: token, label: m.text("login-email-change-confirm", "code") },
          paragraph(m.text("login-email-change-confirm", "notYou")),
        ],
      },
      m,
    ),
});

export const loginEmailChangedNotice = /* @__PURE__ */ emailTemplate<{ newLoginEmail: string }>({
  name: "login-email-changed",
  render: ({ newLoginEmail }, m) =>
    renderMail(
      {
        subject: m.text("login-email-changed", "subject"),
        title: m.text("login-email-changed", "title"),
        body: [
          paragraph(...m.parts("login-email-changed", "body", { newLoginEmail, b: bold })),
          paragraph(m.text("login-email-changed", "notYou")),
        ],
      },
      m,
    ),
});

export const passwordChangedNotice = /* @__PURE__ */ emailTemplate<{ firstName: string }>({
  name: "password-changed",
  render: ({ firstName }, m) =>
    renderMail(
      {
        subject: m.text("password-changed", "subject"),
        title: m.text("password-changed", "title"),
        greeting: m.text("common", "greeting", { firstName }),
        body: [
          paragraph(m.text("password-changed", "body")),
          paragraph(m.text("password-changed", "notYou")),
        ],
        action: { label: m.text("password-changed", "action"), url: portalUrl("/reset-password") },
      },
      m,
    ),
});

export const recoveryEmailChangedNotice = /* @__PURE__ */ emailTemplate<{ newRecoveryEmail: string }>({
  name: "recovery-email-changed",
  render: ({ newRecoveryEmail }, m) =>
    renderMail(
      {
        subject: m.text("recovery-email-changed", "subject"),
        title: m.text("recovery-email-changed", "title"),
        body: [
          paragraph(
            ...m.parts("recovery-email-changed", "body", {
              newRecoveryEmail,
              b: bold,
            }),
          ),
          paragraph(m.text("recovery-email-changed", "notYou")),
        ],
      },
      m,
    ),
});

export const accountClosedNotice = /* @__PURE__ */ emailTemplate<{
  firstName: string;
  organizationsDeleted: string[];
}>({
  name: "account-closed",
  render: ({ firstName, organizationsDeleted }, m) =>
    renderMail(
      {
        subject: m.text("account-closed", "subject"),
        title: m.text("account-closed", "title"),
        greeting: m.text("common", "greeting", { firstName }),
        body: [
          paragraph(m.text("account-closed", "body")),
          ...(organizationsDeleted.length
            ? [
                paragraph(
                  m.text("account-closed", "organizationsDeleted", {
                    organizations: new Intl.ListFormat(m.language, { type: "conjunction" }).format(
                      organizationsDeleted.map((name) => m.text("common", "quoted", { text: name })),
                    ),
                    count: organizationsDeleted.length,
                  }),
                ),
              ]
            : []),
        ],
      },
      m,
    ),
});

export const welcomeInvitedEmail = /* @__PURE__ */ emailTemplate<{
  firstName: string;
  organizationName: string;
}>({
  name: "welcome-invited",
  render: ({ firstName, organizationName }, m) =>
    renderMail(
      {
        subject: m.text("welcome-invited", "subject"),
        title: m.text("welcome-invited", "title"),
        greeting: m.text("common", "greeting", { firstName }),
        body: [
          paragraph(m.text("welcome-invited", "body", { organizationName })),
          paragraph(m.text("welcome-invited", "signInWith")),
        ],
        action: { label: m.text("common", "signIn"), url: portalUrl("/") },
      },
      m,
    ),
});

export const passwordResetEmail = /* @__PURE__ */ emailTemplate<{
  token: string;
  expiresInMinutes: number;
  toRecovery: boolean;
}>({
  name: "password-reset",
  render: ({ token, expiresInMinutes, toRecovery }, m) =>
    renderMail(
      {
        subject: m.text("password-reset", "subject"),
        title: m.text("password-reset", "title"),
        body: [
          paragraph(m.text("password-reset", toRecovery ? "askedRecovery" : "askedLogin")),
          paragraph(m.text("password-reset", "within", { minutes: expiresInMinutes })),
        ],
        action: { label: m.text("password-reset", "action"), url: portalUrl("/reset-password", { token }) },
        after: [
          paragraph(m.text("password-reset", "once")),
          ...(toRecovery ? [] : [paragraph(m.text("password-reset", "takeBack"))]),
        ],
      },
      m,
    ),
});

export const passwordResetNoAccount = /* @__PURE__ */ emailTemplate<Record<string, never>>({
  name: "password-reset-no-account",
  render: (_data, m) =>
    renderMail(
      {
        subject: m.text("password-reset-no-account", "subject"),
        title: m.text("password-reset-no-account", "title"),
        body: [
          paragraph(m.text("password-reset-no-account", "body")),
          paragraph(m.text("password-reset-no-account", "otherAddress")),
        ],
      },
      m,
    ),
});

export const passwordResetNotice = /* @__PURE__ */ emailTemplate<{ firstName: string }>({
  name: "password-reset-done",
  render: ({ firstName }, m) =>
    renderMail(
      {
        subject: m.text("password-reset-done", "subject"),
        title: m.text("password-reset-done", "title"),
        greeting: m.text("common", "greeting", { firstName }),
        body: [
          paragraph(m.text("password-reset-done", "body")),
          paragraph(m.text("password-reset-done", "notYou")),
        ],
        action: { label: m.text("password-reset-done", "action"), url: portalUrl("/reset-password") },
      },
      m,
    ),
});
