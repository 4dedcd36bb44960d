import { spawn } from "node:child_process";
import { mkdir, mkdtemp } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, strongPassword } from "#test/support/accounts";
import { launchChromium } from "#test/support/browser";
import { addMembership, giveData } from "#test/support/organizations";
import { call, eventually, rootDir, useLocalRuntime } from "#test/support/runtime";
import {
  addProduct,
  confirmTermination,
  productReaches,
  readTermination,
  requestAndReadLink,
} from "#test/support/termination";

/**
 * Issue 16, items 3 and 4: the operator console of `npm start`, in headless Chromium. The
 * workflows run for real (product terminations through the HTTP API, the provisioning
 * adapter's fault plan failing the Deprovision step), the page reads them through the console's
 * JSON (the Step Functions API), and a person could do all of it with the keyboard. Screenshots
 * go to CONSOLE_SCREENSHOTS or a temporary folder, printed at the end.
 */
const local = useLocalRuntime();
let browser: Awaited<ReturnType<typeof launchChromium>>;
let screenshots = "";

beforeAll(async () => {
  screenshots = process.env.CONSOLE_SCREENSHOTS ?? (await mkdtemp(join(tmpdir(), "console-screenshots-")));
  await mkdir(screenshots, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (screenshots) console.log(`console screenshots: ${screenshots}`);
});

/** Terminates a product through the API: request, the mailed link, confirmation. Returns its execution's name. */
async function terminate(owner: Awaited<ReturnType<typeof signUp>>, productId: string): Promise<string> {
  const token = await requestAndReadLink(local, owner, owner.orgId, productId);
  expect((await confirmTermination(local, token)).status).toBe(202);
  // Its first step names the execution on the termination.
  return eventually(
    async () => (await readTermination(owner.orgId, productId)).executionName,
    10_000,
    `the execution of ${productId}'s termination`,
  );
}

/** Runs `npm run executions` (scripts/executions.ts) against this runtime. */
const executionsScript = (args: string[]) =>
  new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(join(rootDir, "node_modules/.bin/tsx"), ["scripts/executions.ts", ...args], {
      cwd: rootDir,
      env: { ...process.env, AWS_ENDPOINT_URL_SFN: local.runtime.urls.stepfunctions },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("exit", (code) => resolve({ code, output }));
  });

/** A cell's text with its spaces made single (the visually hidden words included). */
const text = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? "").replace(/\s+/g, " ").trim();

/** The cells of the state-machine table's row of one workflow. */
const machineRow = async (page: Page, name: string) =>
  page
    .locator("#machines tbody tr")
    .filter({ has: page.getByRole("link", { name, exact: true }) })
    .locator("th, td")
    .allTextContents()
    .then((cells) => cells.map((cell) => cell.replace(/\s+/g, " ").trim()));

/** What the page says of itself, read in the page (the project's types have no DOM). */
const inPage = (page: Page, expression: string) => page.evaluate<unknown>(expression);

/** Each matching element's attribute, in order. */
const attributes = async (page: Page, selector: string, name: string) => {
  const all = await page.locator(selector).all();
  return Promise.all(all.map((element) => element.getAttribute(name)));
};

/**
 * Elements reaching past the window's sides, except those inside a table that scrolls and says
 * so (its hint shown), as "tag.class: text".
 */
const outsideTheWindow = `[...document.body.querySelectorAll("*")].filter((element) => {
  const box = element.getBoundingClientRect();
  if (box.width === 0 && box.height === 0) return false;
  if (box.left >= -0.5 && box.right <= document.documentElement.clientWidth + 0.5) return false;
  const scroll = element.closest(".table-scroll.scrolls");
  return !scroll?.querySelector(".scroll-hint")?.checkVisibility();
}).map((element) => element.tagName + "." + element.className + ": " + (element.textContent ?? "").slice(0, 40))`;

/**
 * Boxes of the state machines' and executions' sections whose content is wider than they are
 * (cut, or pushed out of sight), or that end past their section's right side.
 */
const clippedInLeftColumn = `[...document.querySelectorAll(".machines, .executions")].flatMap((section) => {
  const right = section.getBoundingClientRect().right;
  return [...section.querySelectorAll("th, td, p, label, a, .subject, .table-scroll")]
    .filter((element) => getComputedStyle(element).display !== "inline" || element.tagName === "A")
    .filter((element) => element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).display !== "inline"
      || element.getBoundingClientRect().right > right + 0.5)
    .map((element) => element.tagName + ": " + (element.textContent ?? "").slice(0, 40));
})`;

describe("the operator console", () => {
  it("lists the workflows with their counts, the fresh executions, and a failed one's failing step and cause", async () => {
    const page = await browser.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));

    // Opened before anything ran: what follows appears without a reload.
    await page.goto(`${local.runtime.urls.console}/`);
    await page.locator("#machines table").waitFor();
    expect(await machineRow(page, "product-termination")).toEqual([
      "product-termination",
      "0",
      "0",
      "0",
      "0",
      "0",
      "0",
    ]);
    expect(await text(page, "#executions")).toBe("No executions of all workflows yet.");
    // The mail page, one link away.
    expect(await page.locator(`a[href="${local.runtime.urls.ses}/"]`).textContent()).toContain("Emails");

    const owner = await signUp(local.api);
    const { recordingProductProvisioning: provisioning } = await import("#shared/ports/product-provisioning");
    const retried = await addProduct(owner.orgId, { name: "retried.example.org" });
    await provisioning.failNext(retried.productId, { times: 1 });
    const locked = await addProduct(owner.orgId, { name: "locked.example.org" });
    await provisioning.failNext(locked.productId, {
      times: "always",
      message: "The provider keeps the product locked.",
    });
    const succeeded = await terminate(owner, retried.productId);
    const failed = await terminate(owner, locked.productId);
    await productReaches(owner.orgId, retried.productId, ["terminated"]);
    await productReaches(owner.orgId, locked.productId, ["termination_failed"]);

    // Each workflow with its executions counted by status, refreshed by the page itself.
    await expect
      .poll(() => machineRow(page, "product-termination"), { timeout: 15_000 })
      .toEqual(["product-termination", "0", "1 succeeded", "1 failed", "0", "0", "2"]);
    expect((await machineRow(page, "organization-deletion"))[6]).toBe("0");
    expect((await machineRow(page, "member-removal"))[6]).toBe("0");

    // The fresh executions, newest first, with their status, start and duration.
    // Per row: the execution's name and its workflow (one cell), status, start, duration.
    const rows = async () => {
      const trs = await page.locator("#executions tbody tr").all();
      return Promise.all(
        trs.map(async (tr) =>
          [
            ...(await tr.locator("td.name > :is(a, .of-machine)").allTextContents()),
            ...(await tr.locator("td:not(.name)").allTextContents()),
          ].map((cell) => cell.trim()),
        ),
      );
    };
    const listed = await rows();
    expect(listed.map((row) => row.slice(0, 3))).toEqual([
      [failed, "product-termination", "Failed"],
      [succeeded, "product-termination", "Succeeded"],
    ]);
    for (const row of listed) {
      expect(row[3]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      expect(row[4]).toMatch(/^\d+(\.\d+)? (ms|s)$/);
    }

    // Filtered by status, with the keyboard: the status <select>, then the failed execution's link.
    await page.locator("#status-filter").focus();
    await page.keyboard.press("ArrowDown"); // RUNNING
    await page.keyboard.press("ArrowDown"); // SUCCEEDED
    await page.keyboard.press("ArrowDown"); // FAILED
    await expect.poll(() => inPage(page, "location.hash")).toBe("#status=FAILED");
    await expect.poll(async () => (await rows()).map((row) => row[0])).toEqual([failed]);
    expect(await text(page, "#executions caption")).toBe("Failed executions of all workflows, newest first.");
    await page.locator(`#executions a:text-is("${failed}")`).focus();
    await page.keyboard.press("Enter");

    // Its steps as a timeline: the failing step, its retries, its error and cause.
    await page.locator("#execution-heading").waitFor();
    expect(await inPage(page, "document.activeElement?.id")).toBe("execution-heading");
    expect(await text(page, "#execution-heading")).toBe(`Execution ${failed}`);
    expect(await text(page, "#failure h3")).toBe("Failed at step Deprovision");
    expect(await text(page, "#failure .failure-reason")).toBe(
      "TransientError: The provider keeps the product locked.",
    );
    const names = await page.locator(".timeline > li h4").allTextContents();
    const statuses = await attributes(page, ".timeline > li", "data-status");
    expect(names.map((name, index) => [name, statuses[index]])).toEqual([
      ["MarkTerminating", "succeeded"],
      ["Deprovision", "caught"],
      ["DeprovisionFailed", "succeeded"],
      ["RecordFailure", "succeeded"],
      ["TerminationFailed", "failed"],
    ]);
    const deprovision = page.locator(".timeline > li", { has: page.locator('h4:text-is("Deprovision")') });
    // The first call and the four retries of the ASL's Retry, then the Catch.
    expect(await text(page, ".timeline > li:nth-child(2) .retries")).toBe("4 retries");
    expect(await deprovision.locator(".step-error").textContent()).toBe(
      "TransientError: The provider keeps the product locked.",
    );
    // The failure's link leads to the step, without leaving the execution; the calls open with the keyboard.
    await page.locator("#failure a.failed-step").focus();
    await page.keyboard.press("Enter");
    expect(await inPage(page, 'document.activeElement?.querySelector("h4")?.textContent')).toBe(
      "Deprovision",
    );
    expect(await inPage(page, "location.hash")).toContain("execution=");
    await deprovision.locator("summary", { hasText: "Calls" }).focus();
    await page.keyboard.press("Enter");
    expect(await deprovision.locator(".attempts li").count()).toBe(5);
    expect(await text(page, ".timeline > li:nth-child(2) .attempts li:last-child")).toMatch(
      /^Retry 4: Failed after \d+ ms — TransientError: The provider keeps the product locked\.$/,
    );
    const input = deprovision.locator("details", { has: page.locator('summary:text-is("Input")') });
    await input.locator("summary").click();
    expect(await input.locator("pre").textContent()).toContain(locked.productId);
    expect(await text(page, ".timeline > li:nth-child(5) .step-error")).toMatch(/^TerminationFailed: /);
    await page.screenshot({ path: join(screenshots, "failed-execution.png"), fullPage: true });

    // A refresh redraws nothing the reader opened (the calls stay open, the focus stays).
    await page.locator(`#executions a:text-is("${failed}")`).focus();
    const updated = await text(page, "#updated");
    await expect.poll(() => text(page, "#updated"), { timeout: 5000 }).not.toBe(updated);
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    await page.screenshot({ path: join(screenshots, "keyboard-focus.png") });
    expect(await deprovision.locator("details[open]").count()).toBe(2);
    expect(await inPage(page, "document.activeElement?.textContent")).toBe(failed);

    // The one that succeeded after a retry, from the whole list.
    await page.locator("#status-filter").selectOption("");
    await page.locator(`#executions a:text-is("${succeeded}")`).click();
    await expect.poll(() => text(page, "#execution-heading")).toBe(`Execution ${succeeded}`);
    expect(await page.locator("#failure").count()).toBe(0);
    expect(await text(page, ".timeline > li:nth-child(2) .retries")).toBe("1 retry");
    expect(await attributes(page, ".timeline > li", "data-status")).toEqual([
      "succeeded",
      "succeeded",
      "succeeded",
      "succeeded",
      "succeeded",
      "succeeded",
    ]);
    await page.screenshot({ path: join(screenshots, "succeeded-execution.png"), fullPage: true });

    // A workflow's row leads to its executions.
    await page.locator('#machines a:text-is("product-termination")').click();
    await expect
      .poll(() => text(page, "#executions caption"))
      .toBe("Executions of product-termination, newest first.");
    await page.setViewportSize({ width: 800, height: 1000 });
    await page.screenshot({ path: join(screenshots, "narrow.png"), fullPage: true });
    // A phone's width, one execution open: everything stacks and nothing overflows sideways.
    await page.locator(`#executions a:text-is("${failed}")`).click();
    await page.locator("#failure").waitFor();
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: join(screenshots, "phone.png"), fullPage: true });
    expect(await inPage(page, "document.documentElement.scrollWidth")).toBeLessThanOrEqual(375);

    // The page kept to its own origin and its CSP: nothing refused, no script error.
    expect(problems).toEqual([]);

    // `npm run executions` reads the same module and says the same.
    const printed = await executionsScript([
      `${local.runtime.stateMachineArn("product-termination").replace(":stateMachine:", ":execution:")}:${failed}`,
    ]);
    expect(printed.code).toBe(0);
    expect(printed.output).toContain(
      "failed at Deprovision: TransientError: The provider keeps the product locked.",
    );
    expect(printed.output).toMatch(/Deprovision\s+Task\s+caught\s+.*4 retries/);
    const list = await executionsScript(["--status", "failed"]);
    expect(list.output).toMatch(/^product-termination {2}2 executions \(.*FAILED 1.*\)$/m);
    expect(list.output).toContain(`:execution:product-termination:${failed}`);
    expect(list.output).not.toContain(succeeded);
  }, 60_000);

  it("names what each execution is about, and fits a phone and a laptop without cutting anything", async () => {
    // An organization with a product terminated and a member removed (a member holding data).
    const owner = await signUp(local.api, { firstName: "Grace", lastName: "Lakeside" });
    const product = await addProduct(owner.orgId, { name: "lakeside-shop.example.org" });
    const terminated = await terminate(owner, product.productId);
    const member = await addMembership(local, owner.orgId, {
      role: "user",
      person: { firstName: "Linus", lastName: "Leaver" },
    });
    await giveData(owner.orgId, member.userId, "drive");
    const removal = await call<{ removalId: string }>(
      local.api,
      "POST",
      `/v1/organizations/${owner.orgId}/members/${member.userId}/removals`,
      {
        token: owner.token,
        body: { password: strongPassword, confirm: true, dataDecisions: { drive: { action: "delete" } } },
      },
    );
    expect(removal.status).toBe(202);
    const { removalId } = removal.body;
    // An organization deleted: its name is then in its archive only.
    const leaving = await signUp(local.api, { firstName: "Dora", lastName: "Departed" });
    const deletion = await call(local.api, "POST", `/v1/organizations/${leaving.orgId}/deletion`, {
      token: leaving.token,
      body: {
        confirmName: leaving.organizationName,
        password: strongPassword,
        terminateProducts: true,
        settleInvoices: true,
        removeMembers: true,
        emailPaidInvoices: false,
      },
    });
    expect(deletion.status).toBe(202);

    const page = await browser.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${local.runtime.urls.console}/`);
    // Each execution's row names its organization, and the product or the member.
    const subjectOf = (name: string) =>
      text(page, `#executions tr:has(a:text-is("${name}")) .subject`).catch(() => "");
    await expect
      .poll(() => subjectOf(terminated), { timeout: 15_000 })
      .toBe(`Organization ${owner.organizationName} Product lakeside-shop.example.org`);
    await expect
      .poll(() => subjectOf(removalId), { timeout: 15_000 })
      .toBe(`Organization ${owner.organizationName} Member Linus Leaver`);
    const deletionRow = page.locator("#executions tr", {
      has: page.locator('.of-machine:text-is("organization-deletion")'),
    });
    await expect
      .poll(
        async () => [
          await deletionRow.locator(".badge").textContent(),
          await deletionRow.locator(".subject").textContent(),
        ],
        {
          timeout: 20_000,
        },
      )
      .toEqual(["Succeeded", `Organization ${leaving.organizationName}`]);

    // Opened, the execution says it too, names beside their ids.
    await page.locator(`#executions a:text-is("${terminated}")`).click();
    await page.locator("#execution-heading").waitFor();
    const facts = async () =>
      Object.fromEntries(
        await page
          .locator(".facts dt")
          .evaluateAll((terms) =>
            terms.map((term) => [term.textContent, term.nextElementSibling?.textContent]),
          ),
      );
    await expect.poll(facts).toMatchObject({
      Organization: `${owner.organizationName} ${owner.orgId}`,
      Product: `lakeside-shop.example.org ${product.productId}`,
    });

    // At 1280 px with an execution open: the columns side by side, nothing outside the window,
    // and no cell of the left column cut (its tables fit: none scrolls).
    expect(
      await inPage(page, "getComputedStyle(document.getElementById('main')).gridTemplateColumns"),
    ).toMatch(/^\S+px \S+px$/);
    expect(await inPage(page, outsideTheWindow)).toEqual([]);
    expect(await inPage(page, clippedInLeftColumn)).toEqual([]);
    expect(
      await page.locator(".machines .table-scroll.scrolls, .executions .table-scroll.scrolls").count(),
    ).toBe(0);
    await page.screenshot({ path: join(screenshots, "console-1280.png") });

    // At 390 px: the rows become labelled blocks, everything wraps, nothing outside the window.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => inPage(page, outsideTheWindow)).toEqual([]);
    expect(await inPage(page, "document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    expect(await inPage(page, clippedInLeftColumn)).toEqual([]);
    await page.screenshot({ path: join(screenshots, "console-390-execution.png"), fullPage: true });
    await page.locator("a", { hasText: "Close this execution" }).click();
    await page.locator("#execution-section").waitFor({ state: "hidden" });
    await expect.poll(() => inPage(page, outsideTheWindow)).toEqual([]);
    expect(await subjectOf(removalId)).toBe(`Organization ${owner.organizationName} Member Linus Leaver`);
    await page.screenshot({ path: join(screenshots, "console-390.png"), fullPage: true });

    // Between the two, at any width, with or without an execution open: nothing outside the window.
    for (const open of [false, true]) {
      if (open) await page.locator(`#executions a:text-is("${terminated}")`).click();
      for (const width of [480, 600, 800, 1024, 1125, 1200, 1440]) {
        await page.setViewportSize({ width, height: 900 });
        await expect.poll(() => inPage(page, outsideTheWindow), { message: `at ${width} px` }).toEqual([]);
      }
    }

    // A table wider than its column anyway (made so here) scrolls inside it and says so.
    await page.setViewportSize({ width: 390, height: 844 });
    await inPage(page, `document.querySelector("#machines table").style.minWidth = "900px"`);
    const hint = page.locator("#machines .scroll-hint");
    await hint.waitFor({ state: "visible" });
    expect(await hint.textContent()).toBe("Wider than this column: scroll sideways →");
    expect(await page.locator("#machines .table-scroll").getAttribute("tabindex")).toBe("0");
    expect(await inPage(page, outsideTheWindow)).toEqual([]);
    expect(await inPage(page, "document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(screenshots, "console-390-scrolling.png") });
    await page.close();
  }, 60_000);

  it("answers loopback names only, and only reads", async () => {
    const ask = (method: string, host: string) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(`${local.runtime.urls.console}/api/state-machines`);
        const sent = request(
          { hostname: url.hostname, port: url.port, path: url.pathname, method, headers: { host } },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        sent.on("error", reject);
        sent.end();
      });
    const port = new URL(local.runtime.urls.console).port;
    expect(await ask("GET", `127.0.0.1:${port}`)).toBe(200);
    expect(await ask("GET", `localhost:${port}`)).toBe(200);
    expect(await ask("GET", `attacker.example:${port}`)).toBe(421);
    expect(await ask("POST", `127.0.0.1:${port}`)).toBe(405);
    const missing = await fetch(
      `${local.runtime.urls.console}/api/execution?arn=${encodeURIComponent("arn:aws:states:eu-central-2:000000000000:execution:product-termination:nobody")}`,
    );
    expect(missing.status).toBe(404);
  });
});
