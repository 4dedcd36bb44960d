import { api, session } from "./api";
import { strings } from "./strings";
import {
  field,
  form,
  h,
  main,
  navigation,
  noToken,
  outcome,
  say,
  sayProblem,
  showPage,
  tokenFromLink,
} from "./ui";

// The account's pages: sign in, a forgotten password, a new login email confirmed.

// ---- sign in -----------------------------------------------------------------------------------

/** Signs in and keeps the session; the problem is said in `region` when refused. */
async function signIn(region: HTMLElement, loginEmail: string, password: string): Promise<boolean> {
  const { data, error, response } = await api.POST("/v1/sessions", { body: { loginEmail, password } });
  if (!data) {
    sayProblem(region, response.status, error);
    return false;
  }
  session.write({ token: data.token, loginEmail });
  return true;
}

/** The sign-in form; `then` runs once signed in. */
export function signInForm(submitLabel: string, then: () => Promise<void> | void, email = "") {
  const region = outcome();
  return h(
    "div",
    {},
    form(
      { class: "stack", "aria-label": strings.signIn.heading },
      region,
      async (values) => {
        if (await signIn(region, values.loginEmail ?? "", values.password ?? "")) await then();
      },
      field(strings.common.loginEmail, {
        name: "loginEmail",
        type: "email",
        autocomplete: "username",
        value: email,
      }),
      field(strings.common.password, {
        name: "password",
        type: "password",
        autocomplete: "current-password",
      }),
      h("p", {}, h("button", { type: "submit" }, submitLabel)),
    ),
    region,
  );
}

export async function signInPage() {
  const current = session.read();
  if (!current) {
    showPage(
      strings.signIn.heading,
      h("h1", {}, strings.signIn.heading),
      h("p", {}, strings.signIn.intro),
      signInForm(strings.signIn.submit, () => navigation.route()),
      h("p", {}, h("a", { href: "/reset-password" }, strings.signIn.forgot)),
    );
    return;
  }
  const region = outcome();
  showPage(strings.signIn.accountHeading, h("h1", {}, strings.signIn.accountHeading), region);
  const { data, error, response } = await api.GET("/v1/me");
  if (!data) {
    // An ended session (a password reset ends them all): sign in again.
    if (response.status === 401) {
      session.write(undefined);
      return navigation.route();
    }
    return sayProblem(region, response.status, error);
  }
  say(
    region,
    "success",
    h("p", {}, strings.signIn.signedIn(`${data.firstName} ${data.lastName} (${data.loginEmail})`)),
  );
  main.append(
    h("h2", {}, strings.signIn.organizations),
    data.organizations.length
      ? h(
          "ul",
          { class: "organizations" },
          ...data.organizations.map((organization) =>
            h(
              "li",
              {},
              h("strong", {}, organization.name),
              ` — ${strings.signIn.role[organization.role] ?? organization.role}`,
              organization.billingRights
                ? h(
                    "span",
                    {},
                    " · ",
                    h(
                      "a",
                      { href: `/billing/invoices?org=${encodeURIComponent(organization.orgId)}` },
                      strings.signIn.invoicesOf(organization.name),
                    ),
                  )
                : "",
            ),
          ),
        )
      : h("p", {}, strings.signIn.noOrganizations),
  );
}

// ---- password reset --------------------------------------------------------------------------

export function resetPasswordPage() {
  const token = tokenFromLink();
  const region = outcome();
  if (!token) {
    const text = strings.resetRequest;
    showPage(
      text.heading,
      h("h1", {}, text.heading),
      h("p", {}, text.intro),
      form(
        { class: "stack", "aria-label": text.heading },
        region,
        async (values) => {
          const email = values.email ?? "";
          const { error, response } = await api.POST("/v1/password-resets", { body: { email } });
          if (!response.ok) return sayProblem(region, response.status, error);
          say(region, "success", h("p", {}, text.sent(email)));
        },
        field(strings.common.email, { name: "email", type: "email", autocomplete: "email" }),
        h("p", {}, h("button", { type: "submit" }, text.submit)),
      ),
      region,
    );
    return;
  }
  const text = strings.resetConfirm;
  showPage(
    text.heading,
    h("h1", {}, text.heading),
    h("p", {}, text.intro),
    form(
      { class: "stack", "aria-label": text.heading },
      region,
      async (values) => {
        const { error, response } = await api.POST("/v1/password-resets/confirm", {
          body: {
            token,
            newPassword: values.newPassword ?? "",
            ...(values.recoveryEmail ? { recoveryEmail: values.recoveryEmail } : {}),
          },
        });
        if (!response.ok) return sayProblem(region, response.status, error);
        // Every session ended with the reset, this tab's too.
        session.write(undefined);
        navigation.drawNav();
        say(region, "success", h("p", {}, text.done), h("p", {}, h("a", { href: "/" }, text.signIn)));
      },
      field(text.newPassword, {
        name: "newPassword",
        type: "password",
        autocomplete: "new-password",
        minlength: "12",
      }),
      field(
        text.recoveryEmail,
        { name: "recoveryEmail", type: "email", autocomplete: "email", required: false },
        text.recoveryEmailHint,
      ),
      h("p", {}, h("button", { type: "submit" }, text.submit)),
    ),
    region,
    // A link used or past its 30 minutes: the way to a new one.
    h("p", {}, h("a", { href: "/reset-password" }, text.askAgain)),
  );
}

// ---- one-click confirmations (a button, never on load: a mail scanner opening the link confirms nothing) --

export function confirmLoginEmailPage() {
  const text = strings.loginEmail;
  const token = tokenFromLink();
  if (!token) return noToken(text.heading);
  const region = outcome();
  showPage(
    text.heading,
    h("h1", {}, text.heading),
    h("p", {}, text.intro),
    form(
      { "aria-label": text.heading },
      region,
      async () => {
        const { data, error, response } = await api.POST("/v1/me/login-email-changes/confirm", {
          body: { token },
        });
        if (!data) return sayProblem(region, response.status, error);
        // A session of this tab was opened with the old address: it is named by the new one now.
        const current = session.read();
        if (current) session.write({ ...current, loginEmail: data.loginEmail });
        navigation.drawNav();
        say(region, "success", h("p", {}, text.done(data.loginEmail)));
      },
      h("p", {}, h("button", { type: "submit" }, text.submit)),
    ),
    region,
  );
}
