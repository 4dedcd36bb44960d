/**
 * Every text a person reads on the local portal's pages, in one object so that it can be
 * translated as a whole (a local developer's tool: English only for now).
 */
export const strings = {
  title: (page: string) => `${page} · Hosting portal (local)`,
  footer:
    "A local stand-in for the customer portal, served by npm start: every link in a mail opens one of these pages.",
  nav: { signIn: "Sign in", invoices: "Invoices", signOut: "Sign out", signedInAs: "Signed in as" },
  common: {
    email: "Email address",
    loginEmail: "Login email",
    password: "Password",
    working: "One moment…",
    noToken:
      "This link has no token. Open the link from the mail again, or copy all of it into the address bar.",
    apiUnreachable: (api: string) =>
      `The API at ${api} did not answer. Is npm start running? (The API must allow this page's origin: CORS_ORIGINS.)`,
    problem: (status: number) => `The request failed (HTTP ${status}).`,
  },
  signIn: {
    heading: "Sign in",
    intro: "Sign in with your login email and password.",
    submit: "Sign in",
    forgot: "Forgot your password?",
    code: "Code from your authenticator app, or a recovery code",
    codeIntro: "Two-step sign-in is on for this account: enter the code your authenticator app shows.",
    codeSubmit: "Continue",
    accountHeading: "Your account",
    signedIn: (name: string) => `You are signed in as ${name}.`,
    organizations: "Your organizations",
    noOrganizations: "You belong to no organization.",
    role: {
      legal_representative: "legal representative",
      administrator: "administrator",
      user: "user",
    } as Record<string, string>,
    invoicesOf: (name: string) => `Invoices of ${name}`,
    signedOut: "You are signed out.",
  },
  resetRequest: {
    heading: "Forgotten password",
    intro:
      "Give the login email or the recovery email of your account: a link to choose a new password goes to both addresses.",
    submit: "Send me a link",
    sent: (email: string) =>
      `If an account has ${email}, a link to choose a new password is on its way to its login and recovery addresses. It works for 30 minutes, once.`,
  },
  resetConfirm: {
    heading: "Choose a new password",
    intro: "At least 12 characters; a passphrase of a few words is easy to remember and hard to guess.",
    newPassword: "New password",
    recoveryEmail: "New recovery email (optional)",
    recoveryEmailHint:
      "Only with the link sent to your login address: it replaces the recovery address of your account.",
    submit: "Set the new password",
    done: "Your new password is set. Every session of your account has ended: sign in again with the new password.",
    signIn: "Sign in",
    askAgain: "Link expired or already used? Ask for a new one",
  },
  loginEmail: {
    heading: "Confirm your new login email",
    intro: "Confirm that this address is yours: from then on you sign in with it.",
    submit: "Confirm this address",
    done: (email: string) => `Done: you now sign in with ${email}.`,
  },
  termination: {
    heading: "Confirm the termination",
    intro:
      "Confirming ends the product: it stops, its backups are kept for a while, then deleted. This cannot be undone.",
    submit: "Terminate the product",
    done: "The termination has started. You get a mail once it is finished.",
    product: "Product",
    organization: "Organization",
    status: "Follow its progress (API)",
  },
  invitation: {
    heading: "Accept the invitation",
    intro: "You were invited to join an organization. Create your account, or sign in if you have one.",
    signUpHeading: "New here? Create your account",
    signUpIntro: "You sign in with the address the invitation was sent to.",
    firstName: "First name",
    lastName: "Last name",
    recoveryEmail: "Recovery email (another address of yours, for a forgotten password)",
    newPassword: "Password (at least 12 characters)",
    signUpSubmit: "Create my account and join",
    signInHeading: "Already have an account?",
    signInSubmit: "Sign in and accept",
    acceptAs: (name: string) => `Accept as ${name}`,
    notYou: "Not you? Sign out first.",
    joined: (organization: string, role: string) => `You have joined ${organization} as ${role}.`,
    seeInvoices: "See its invoices",
  },
  invoices: {
    heading: "Invoices",
    intro: "Sign in to see the invoices of your organizations.",
    organization: "Organization",
    show: "Show",
    none: "This organization has no invoice yet.",
    noBillingRights:
      "You have billing rights in none of your organizations: ask a legal representative to grant them.",
    caption: (organization: string) => `Invoices of ${organization}, newest first`,
    columns: {
      number: "Invoice",
      issued: "Issued",
      amount: "Amount",
      status: "Status",
      document: "Document",
    },
    status: { open: "open", paid: "paid", void: "void" } as Record<string, string>,
    open: "Open the PDF",
    openLabel: (invoiceId: string) => `Open the PDF of invoice ${invoiceId}`,
    opened: (invoiceId: string) => `The PDF of invoice ${invoiceId} opened in a new tab.`,
    popupBlocked: "Your browser blocked the new tab: open the PDF here",
  },
  notFound: {
    heading: "No such page",
    intro: "This page does not exist. The pages here are the ones the mails link to.",
    home: "Sign in",
  },
};
