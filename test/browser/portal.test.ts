import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, signUp, strongPassword, uniqueEmail } from "#test/support/accounts";
import { launchChromium } from "#test/support/browser";
import { call, eventually, mailsTo, rootDir, type SentEmail, useLocalRuntime } from "#test/support/runtime";

/**
 * A newcomer's clicks, in headless Chromium: a mail on the local mail page, its link opened (the
 * local portal's page, in a new tab), the form filled in, and the change checked through the API.
 * The mail page shows each mail's HTML in a sandboxed frame; the portal's pages call the API
 * cross-origin through the typed client. Screenshots of both at 390 and 1280 pixels go to
 * test/browser/.screenshots/ (docs/screenshots/ keeps one of each).
 */

// Mails link to the portal this runtime serves, whatever the shell says.
beforeAll(() => {
  delete process.env.WEB_APP_URL;
});
const local = useLocalRuntime();
const screenshots = join(rootDir, "test/browser/.screenshots");
let chromium: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  chromium = await launchChromium();
  await mkdir(screenshots, { recursive: true });
});
afterAll(async () => {
  await chromium?.close();
});

const order = { paymentMethod: "invoice", lines: [{ productKind: "web_hosting", name: "ada.example" }] };

/**
 * The mail to an address that links to a portal path (found by its link, which no translation
 * changes), once it has left through the outbox.
 */
const mailLinking = (address: string, path: string) =>
  eventually(
    async () =>
      (await mailsTo(local.runtime, address)).findLast((mail) => mail.body.text?.includes(`${path}?`)),
    10_000,
    `a mail to ${address} linking to ${path}`,
  );

/** The mail page, filtered to one address, with that mail drawn. */
async function openMailPage(
  context: BrowserContext,
  address: string,
  mail: SentEmail,
  width = 1280,
): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  await page.goto(`${local.runtime.urls.ses}/?to=${encodeURIComponent(address)}`);
  await mailOn(page, mail).waitFor();
  return page;
}

const mailOn = (page: Page, mail: SentEmail) =>
  page.locator(`article.mail[data-message-id="${mail.messageId}"]`);

/** Clicks the mail's link to `path`, inside its sandboxed frame: the portal's page opens in a new tab. */
async function clickInMail(page: Page, mail: SentEmail, path: string): Promise<Page> {
  const link = mailOn(page, mail).frameLocator("iframe").locator(`a[href*="${path}?"]`).first();
  const [portalPage] = await Promise.all([page.context().waitForEvent("page"), link.click()]);
  await portalPage.waitForLoadState();
  expect(new URL(portalPage.url()).origin).toBe(local.runtime.urls.portal);
  expect(new URL(portalPage.url()).pathname).toBe(path);
  return portalPage;
}

/** Waits for the form's outcome: its text, or the problem it shows (which fails the test readably). */
async function outcomeOf(page: Page): Promise<string> {
  const outcome = page.locator(".outcome.success, .outcome.error").first();
  await outcome.waitFor();
  const text = ((await outcome.textContent()) ?? "").trim();
  expect(await outcome.getAttribute("class"), text).toContain("success");
  return text;
}

/** How far a page reaches past the window's right edge (0 or less: nothing is cut off). */
const overflow = "document.documentElement.scrollWidth - window.innerWidth";

/**
 * A browser context of the test's own (its tabs, its sessionStorage), closed after it: the flows
 * run at once, each waiting on its own mails and workflows.
 */
async function browse(flow: (context: BrowserContext) => Promise<void>) {
  const context = await chromium.browser.newContext();
  try {
    await flow(context);
  } finally {
    await context.close();
  }
}

// Concurrent: each flow mostly waits (its mails through the outbox, its workflow), the others run meanwhile;
// a loaded machine stretches them, hence the longer timeout.
describe.concurrent("every mail link opens a local page that does what the mail asks", {
  timeout: 60_000,
}, () => {
  it("resets a password from the mail page, then signs in with the new one; both pages fit a phone and a desktop", () =>
    browse(async (context) => {
      const owner = await signUp(local.api);
      expect(
        (await call(local.api, "POST", "/v1/password-resets", { body: { email: owner.loginEmail } })).status,
      ).toBe(202);
      const mail = await mailLinking(owner.loginEmail, "/reset-password");
      const mailPage = await openMailPage(context, owner.loginEmail, mail);
      const portal = await clickInMail(mailPage, mail, "/reset-password");
      await portal.getByLabel("New password", { exact: true }).waitFor();
      // Both pages at a phone's width and a desktop's: nothing sideways, each mail's frame as tall as the mail.
      for (const width of [390, 1280]) {
        await mailPage.setViewportSize({ width, height: 900 });
        await mailPage.waitForFunction(`[...document.querySelectorAll("iframe.mail-body")].every((frame) =>
          frame.contentDocument?.readyState === "complete" &&
          Math.abs(frame.getBoundingClientRect().height - frame.contentDocument.documentElement.scrollHeight) <= 1)`);
        expect(await mailPage.evaluate(overflow), `the mail page at ${width}px`).toBeLessThanOrEqual(0);
        await mailPage.screenshot({ path: join(screenshots, `mail-page-${width}.png`) });
        await portal.setViewportSize({ width, height: 700 });
        expect(await portal.evaluate(overflow), `the portal page at ${width}px`).toBeLessThanOrEqual(0);
        await portal.screenshot({ path: join(screenshots, `portal-reset-${width}.png`) });
      }
      await portal.getByLabel("New password", { exact: true }).fill("Another-Strong-Pass-7");
      await portal.getByRole("button", { name: "Set the new password" }).click();
      expect(await outcomeOf(portal)).toContain("Your new password is set");
      expect((await signIn(local.api, owner.loginEmail, "Another-Strong-Pass-7")).status).toBe(201);
      expect((await signIn(local.api, owner.loginEmail, strongPassword)).status).toBe(401);
    }));

  it("confirms a new login email", () =>
    browse(async (context) => {
      const owner = await signUp(local.api);
      const newLoginEmail = uniqueEmail("new-login");
      const asked = await call(local.api, "POST", "/v1/me/login-email-changes", {
        token: owner.token,
        body: { newLoginEmail, password: strongPassword },
      });
      expect(asked.status).toBe(202);
      const mail = await mailLinking(newLoginEmail, "/confirm-login-email");
      const mailPage = await openMailPage(context, newLoginEmail, mail);
      const portal = await clickInMail(mailPage, mail, "/confirm-login-email");
      await portal.getByRole("button", { name: "Confirm this address" }).click();
      expect(await outcomeOf(portal)).toContain(newLoginEmail);
      expect((await signIn(local.api, newLoginEmail)).status).toBe(201);
    }));

  it("confirms a product's termination, which starts its workflow", () =>
    browse(async (context) => {
      const owner = await signUp(local.api, { order });
      const products = await call<{ products: { productId: string; status: string }[] }>(
        local.api,
        "GET",
        `/v1/organizations/${owner.orgId}/products`,
        { token: owner.token },
      );
      const productId = products.body.products[0]?.productId ?? "";
      const requested = await call(
        local.api,
        "POST",
        `/v1/organizations/${owner.orgId}/products/${productId}/termination-requests`,
        { token: owner.token },
      );
      expect(requested.status).toBe(202);
      const mail = await mailLinking(owner.loginEmail, "/confirm-termination");
      const mailPage = await openMailPage(context, owner.loginEmail, mail);
      const portal = await clickInMail(mailPage, mail, "/confirm-termination");
      await portal.getByRole("button", { name: "Terminate the product" }).click();
      expect(await outcomeOf(portal)).toContain("The termination has started");
      expect(await portal.locator(".outcome code").first().textContent()).toBe(productId);
      // The workflow's first task marks the product: seen through the API as its owner sees it.
      const status = await eventually(
        async () => {
          const product = await call<{ status: string }>(
            local.api,
            "GET",
            `/v1/organizations/${owner.orgId}/products/${productId}`,
            { token: owner.token },
          );
          return product.body.status === "active" ? undefined : product.body.status;
        },
        10_000,
        "the product's termination to start",
      );
      expect(["terminating", "terminated"]).toContain(status);
      const termination = await call<{ status: string }>(
        local.api,
        "GET",
        `/v1/organizations/${owner.orgId}/products/${productId}/termination`,
        { token: owner.token },
      );
      expect(termination.status).toBe(200);
    }));

  it("lets a new person sign up from an invitation and join the organization", () =>
    browse(async (context) => {
      const owner = await signUp(local.api);
      const invitee = uniqueEmail("invitee");
      const invited = await call(local.api, "POST", `/v1/organizations/${owner.orgId}/invitations`, {
        token: owner.token,
        body: { email: invitee, role: "user", billingRights: false },
      });
      expect(invited.status).toBe(201);
      const mail = await mailLinking(invitee, "/invitations/accept");
      const mailPage = await openMailPage(context, invitee, mail);
      const portal = await clickInMail(mailPage, mail, "/invitations/accept");
      const signUpForm = portal.locator("form", { has: portal.locator("#sign-up-heading") });
      await signUpForm.getByLabel("First name").fill("Grace");
      await signUpForm.getByLabel("Last name").fill("Hopper");
      await signUpForm.getByLabel(/Recovery email/).fill(uniqueEmail("grace-recovery"));
      await signUpForm.getByLabel(/Password/).fill("Grace-Strong-Pass-42");
      await signUpForm.getByRole("button", { name: "Create my account and join" }).click();
      expect(await outcomeOf(portal)).toContain(`You have joined ${owner.organizationName}`);
      const session = await signIn(local.api, invitee, "Grace-Strong-Pass-42");
      expect(session.status).toBe(201);
      const me = await call<{ organizations: { orgId: string; role: string }[] }>(
        local.api,
        "GET",
        "/v1/me",
        {
          token: session.body.token,
        },
      );
      expect(me.body.organizations).toContainEqual(
        expect.objectContaining({ orgId: owner.orgId, role: "user" }),
      );
    }));

  it("opens an invoice's PDF from the portal's invoice page, and a mailed one from the mail page", () =>
    browse(async (context) => {
      const owner = await signUp(local.api, { order });
      const portal = await context.newPage();
      await portal.goto(`${local.runtime.urls.portal}/billing/invoices`);
      await portal.getByLabel("Login email").fill(owner.loginEmail);
      await portal.getByLabel("Password").fill(strongPassword);
      await portal.getByRole("button", { name: "Sign in" }).click();
      const open = portal.locator("button.open-document").first();
      await open.waitFor();
      // On a phone each invoice is a block of its own, nothing cut off at the right.
      await portal.setViewportSize({ width: 390, height: 800 });
      expect(await portal.evaluate(overflow), "the invoice page at 390px").toBeLessThanOrEqual(0);
      await portal.screenshot({ path: join(screenshots, "portal-invoices-390.png") });
      const [pdfTab, documentAnswer] = await Promise.all([
        context.waitForEvent("page"),
        // The GET itself, not its CORS preflight.
        portal.waitForResponse(
          (answer) =>
            answer.request().method() === "GET" && new URL(answer.url()).pathname.endsWith("/document"),
        ),
        open.click(),
      ]);
      expect(documentAnswer.status()).toBe(200);
      expect(documentAnswer.headers()["content-type"]).toBe("application/pdf");
      // The new tab shows that answer: a PDF document, from the blob the page made of it (read back here).
      await pdfTab.waitForURL(/^blob:/);
      expect(await pdfTab.evaluate("document.contentType")).toBe("application/pdf");
      const shown = (await portal.evaluate(`(async () => {
      const answer = await fetch(${JSON.stringify(pdfTab.url())});
      const bytes = new Uint8Array(await answer.arrayBuffer());
      return { type: answer.headers.get("content-type"), head: String.fromCharCode(...bytes.slice(0, 5)) };
    })()`)) as { type: string; head: string };
      expect(shown).toEqual({ type: "application/pdf", head: "%PDF-" });
      expect(await outcomeOf(portal)).toContain("opened in a new tab");

      // Paid, then mailed: the mail page links its attachment, which opens in the browser.
      await call(local.api, "POST", `/v1/organizations/${owner.orgId}/prepaid-account/top-ups`, {
        token: owner.token,
        body: { amount: 50_000 },
      });
      const invoices = await call<{ invoices: { invoiceId: string }[] }>(
        local.api,
        "GET",
        `/v1/organizations/${owner.orgId}/invoices`,
        { token: owner.token },
      );
      const invoiceId = invoices.body.invoices[0]?.invoiceId ?? "";
      await call(local.api, "POST", `/v1/organizations/${owner.orgId}/invoices/${invoiceId}/payments`, {
        token: owner.token,
      });
      await call(local.api, "POST", `/v1/organizations/${owner.orgId}/invoices/emails`, {
        token: owner.token,
      });
      const mail = await eventually(
        async () =>
          (
            (await mailsTo(local.runtime, owner.loginEmail)) as (SentEmail & { attachments?: unknown[] })[]
          ).find((each) => each.attachments?.length),
        10_000,
        "the paid invoices' mail",
      );
      const mailPage = await openMailPage(context, owner.loginEmail, mail);
      const attachment = mailOn(mailPage, mail).locator(".attachments a").first();
      expect(await attachment.getAttribute("target")).toBe("_blank");
      const answer = await mailPage.request.get(
        new URL((await attachment.getAttribute("href")) ?? "", mailPage.url()).href,
      );
      expect(answer.headers()["content-type"]).toBe("application/pdf");
      expect(answer.headers()["content-disposition"]).toMatch(/^inline;/);
      expect((await answer.body()).subarray(0, 5).toString()).toBe("%PDF-");
    }));
});
