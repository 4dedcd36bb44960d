import { confirmLoginEmailPage, resetPasswordPage, signInPage } from "./account-pages";
import { api, session } from "./api";
import { confirmTerminationPage, invitationPage, invoicesPage } from "./organization-pages";
import { strings } from "./strings";
import { h, navigation, showPage } from "./ui";

/**
 * The local portal's pages (local/portal/server.ts serves the shell): each path a mail links to
 * draws a form that calls the API through the typed client, from this origin, as the real portal
 * does. The session's token is kept in sessionStorage: it lives as long as the tab.
 */

// ---- navigation ------------------------------------------------------------------------------

function drawNav() {
  const nav = document.getElementById("nav");
  const current = session.read();
  const here = location.pathname;
  const link = (path: string, label: string) =>
    h("a", { href: path, ...(here === path ? { "aria-current": "page" } : {}) }, label);
  nav?.replaceChildren(
    current ? link("/", `${strings.nav.signedInAs} ${current.loginEmail}`) : link("/", strings.nav.signIn),
    link("/billing/invoices", strings.nav.invoices),
    current
      ? h(
          "button",
          { type: "button", class: "link", id: "sign-out", onclick: () => void signOut() },
          strings.nav.signOut,
        )
      : "",
  );
}

async function signOut() {
  // The session ends at the API too; the token is forgotten here whatever it answers.
  await api.DELETE("/v1/sessions/current").catch(() => undefined);
  session.write(undefined);
  route();
}

// ---- routing ---------------------------------------------------------------------------------

function notFoundPage() {
  const text = strings.notFound;
  showPage(
    text.heading,
    h("h1", {}, text.heading),
    h("p", {}, text.intro),
    h("p", {}, h("a", { href: "/" }, text.home)),
  );
}

const pages: Record<string, () => void | Promise<void>> = {
  "/": signInPage,
  "/index.html": signInPage,
  "/reset-password": resetPasswordPage,
  "/confirm-login-email": confirmLoginEmailPage,
  "/confirm-termination": confirmTerminationPage,
  "/invitations/accept": invitationPage,
  "/billing/invoices": invoicesPage,
};

function route() {
  const path = location.pathname.length > 1 ? location.pathname.replace(/\/+$/, "") : location.pathname;
  void (pages[path] ?? notFoundPage)();
}

navigation.route = route;
navigation.drawNav = drawNav;
const footer = document.getElementById("footer");
if (footer) footer.textContent = strings.footer;
window.addEventListener("popstate", route);
route();
