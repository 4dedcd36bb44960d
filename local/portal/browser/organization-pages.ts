import { signInForm } from "./account-pages";
import { api, apiUrl, session } from "./api";
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

// The organizations' pages: a termination confirmed, an invitation accepted, the invoices and their PDFs.

/** The link of a termination's mail: one button confirms it (never the page's load: a mail scanner opens links). */
export function confirmTerminationPage() {
  const text = strings.termination;
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
        const { data, error, response } = await api.POST("/v1/terminations/confirm", { body: { token } });
        if (!data) return sayProblem(region, response.status, error);
        say(
          region,
          "success",
          h("p", {}, text.done),
          h(
            "dl",
            {},
            h("dt", {}, text.product),
            h("dd", {}, h("code", {}, data.productId)),
            h("dt", {}, text.organization),
            h("dd", {}, h("code", {}, data.orgId)),
            h("dt", {}, text.status),
            h("dd", {}, h("code", {}, data.statusUrl)),
          ),
        );
      },
      h("p", {}, h("button", { type: "submit", class: "danger" }, text.submit)),
    ),
    region,
  );
}

// ---- invitation ------------------------------------------------------------------------------

async function acceptInvitation(region: HTMLElement, token: string) {
  const { data, error, response } = await api.POST("/v1/invitations/accept", { body: { token } });
  if (!data) return sayProblem(region, response.status, error);
  joined(region, data.organization, data.membership.role, data.membership.billingRights);
}

function joined(
  region: HTMLElement,
  organization: { orgId: string; name: string },
  role: string,
  billingRights: boolean,
) {
  navigation.drawNav();
  say(
    region,
    "success",
    h("p", {}, strings.invitation.joined(organization.name, strings.signIn.role[role] ?? role)),
    billingRights &&
      h(
        "p",
        {},
        h(
          "a",
          { href: `/billing/invoices?org=${encodeURIComponent(organization.orgId)}` },
          strings.invitation.seeInvoices,
        ),
      ),
  );
}

export function invitationPage() {
  const text = strings.invitation;
  const token = tokenFromLink();
  if (!token) return noToken(text.heading);
  const region = outcome();
  const current = session.read();
  if (current) {
    showPage(
      text.heading,
      h("h1", {}, text.heading),
      form(
        { "aria-label": text.heading },
        region,
        () => acceptInvitation(region, token),
        h("p", {}, h("button", { type: "submit" }, text.acceptAs(current.loginEmail))),
      ),
      h("p", {}, text.notYou),
      region,
    );
    return;
  }
  const signUp = form(
    { class: "stack", "aria-labelledby": "sign-up-heading" },
    region,
    async (values) => {
      const { data, error, response } = await api.POST("/v1/accounts", {
        body: {
          firstName: values.firstName ?? "",
          lastName: values.lastName ?? "",
          recoveryEmail: values.recoveryEmail ?? "",
          password: values.password ?? "",
          invitationToken: token,
        },
      });
      if (!data) return sayProblem(region, response.status, error);
      if (!("user" in data)) return say(region, "error", h("p", {}, strings.common.problem(response.status)));
      session.write({ token: data.token, loginEmail: data.user.loginEmail });
      // The sign-up from an invitation answers the inviting organization; the membership's role is on /v1/me.
      const me = await api.GET("/v1/me");
      const membership = me.data?.organizations.find((each) => each.orgId === data.organization.orgId);
      joined(region, data.organization, membership?.role ?? "user", membership?.billingRights ?? false);
    },
    h("h2", { id: "sign-up-heading" }, text.signUpHeading),
    h("p", {}, text.signUpIntro),
    field(text.firstName, { name: "firstName", autocomplete: "given-name" }),
    field(text.lastName, { name: "lastName", autocomplete: "family-name" }),
    field(text.recoveryEmail, { name: "recoveryEmail", type: "email", autocomplete: "email" }),
    field(text.newPassword, {
      name: "password",
      type: "password",
      autocomplete: "new-password",
      minlength: "12",
    }),
    h("p", {}, h("button", { type: "submit" }, text.signUpSubmit)),
  );
  showPage(
    text.heading,
    h("h1", {}, text.heading),
    h("p", {}, text.intro),
    region,
    h(
      "div",
      { class: "columns" },
      h("section", { class: "panel" }, signUp),
      h(
        "section",
        { class: "panel", "aria-labelledby": "sign-in-heading" },
        h("h2", { id: "sign-in-heading" }, text.signInHeading),
        signInForm(text.signInSubmit, () => acceptInvitation(region, token)),
      ),
    ),
  );
}

// ---- invoices --------------------------------------------------------------------------------

const formatAmount = (minorUnits: number, currency: string) =>
  new Intl.NumberFormat("en-CH", { style: "currency", currency }).format(minorUnits / 100);
const formatDate = (iso: string) =>
  new Intl.DateTimeFormat("en-CH", { dateStyle: "medium" }).format(new Date(iso));

/** Fetches an invoice's PDF with the session and shows it in the tab opened on the click. */
async function openDocument(region: HTMLElement, orgId: string, invoiceId: string) {
  // Opened now, while the click still counts as the person's: a tab opened after the fetch is a popup to block.
  const tab = window.open("", "_blank");
  say(region, "working", h("p", {}, strings.common.working));
  try {
    const { data, error, response } = await api.GET(
      "/v1/organizations/{orgId}/invoices/{invoiceId}/document",
      {
        params: { path: { orgId, invoiceId } },
        parseAs: "blob",
      },
    );
    if (!data) {
      tab?.close();
      return sayProblem(region, response.status, error);
    }
    const url = URL.createObjectURL(new Blob([data], { type: "application/pdf" }));
    if (tab) {
      tab.location.href = url;
      say(region, "success", h("p", {}, strings.invoices.opened(invoiceId)));
    } else {
      say(
        region,
        "success",
        h("p", {}, h("a", { href: url, target: "_blank" }, strings.invoices.popupBlocked)),
      );
    }
  } catch {
    tab?.close();
    say(region, "error", h("p", {}, strings.common.apiUnreachable(apiUrl)));
  }
}

export async function invoicesPage() {
  const text = strings.invoices;
  if (!session.read()) {
    showPage(
      text.heading,
      h("h1", {}, text.heading),
      h("p", {}, text.intro),
      signInForm(strings.signIn.submit, () => navigation.route()),
    );
    return;
  }
  const region = outcome();
  showPage(text.heading, h("h1", {}, text.heading), region);
  const me = await api.GET("/v1/me");
  if (!me.data) {
    if (me.response.status === 401) {
      session.write(undefined);
      return navigation.route();
    }
    return sayProblem(region, me.response.status, me.error);
  }
  const organizations = me.data.organizations.filter((organization) => organization.billingRights);
  if (!organizations.length) return say(region, "error", h("p", {}, text.noBillingRights));
  const wanted = new URLSearchParams(location.search).get("org");
  const selected = organizations.find((organization) => organization.orgId === wanted) ?? organizations[0];
  if (!selected) return;
  // A plain GET form: choosing another organization is a link to its page, as `?org=` is.
  const chooser = h(
    "form",
    { class: "inline", method: "get", action: "/billing/invoices" },
    h("label", { for: "org" }, text.organization),
    h(
      "select",
      { id: "org", name: "org" },
      ...organizations.map((organization) =>
        h(
          "option",
          { value: organization.orgId, ...(organization.orgId === selected.orgId ? { selected: true } : {}) },
          organization.name,
        ),
      ),
    ),
    h("button", { type: "submit" }, text.show),
  );
  chooser.addEventListener("submit", (event) => {
    event.preventDefault();
    const orgId = new FormData(chooser).get("org");
    history.pushState(null, "", `/billing/invoices?org=${encodeURIComponent(String(orgId))}`);
    void invoicesPage();
  });
  main.insertBefore(chooser, region);
  const { data, error, response } = await api.GET("/v1/organizations/{orgId}/invoices", {
    params: { path: { orgId: selected.orgId } },
  });
  if (!data) return sayProblem(region, response.status, error);
  region.className = "outcome";
  region.replaceChildren();
  if (!data.invoices.length) {
    main.append(h("p", {}, text.none));
    return;
  }
  const invoices = [...data.invoices].sort((a, b) => b.issuedAt.localeCompare(a.issuedAt));
  const columns = text.columns;
  main.append(
    h(
      "div",
      { class: "table-scroll", tabindex: "0", role: "region", "aria-label": text.caption(selected.name) },
      h(
        "table",
        {},
        h("caption", {}, text.caption(selected.name)),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...[columns.number, columns.issued, columns.amount, columns.status, columns.document].map(
              (label) => h("th", { scope: "col" }, label),
            ),
          ),
        ),
        h(
          "tbody",
          {},
          ...invoices.map((invoice) =>
            h(
              "tr",
              {},
              h("th", { scope: "row" }, h("code", {}, invoice.invoiceId)),
              // Each cell names its column: on a phone the rows stack and the header is hidden.
              h("td", { "data-label": columns.issued }, formatDate(invoice.issuedAt)),
              h(
                "td",
                { class: "amount", "data-label": columns.amount },
                formatAmount(invoice.amount, invoice.currency),
              ),
              h(
                "td",
                { "data-label": columns.status },
                h(
                  "span",
                  { class: `badge ${invoice.status}` },
                  text.status[invoice.status] ?? invoice.status,
                ),
              ),
              h(
                "td",
                {},
                h(
                  "button",
                  {
                    type: "button",
                    class: "open-document",
                    "data-invoice": invoice.invoiceId,
                    "aria-label": text.openLabel(invoice.invoiceId),
                    onclick: () => void openDocument(region, selected.orgId, invoice.invoiceId),
                  },
                  text.open,
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}
