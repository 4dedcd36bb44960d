import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cors } from "#shared/cors";
import { launchChromium } from "#test/support/browser";
import { rootDir, useLocalRuntime } from "#test/support/runtime";

/**
 * A page served from the portal's origin calls the API from a real browser (headless
 * Chromium) through the typed client (client/): the browser enforces CORS, so every header the contract sends (If-Match,
 * Idempotency-Key) or reads (ETag, Location, Retry-After, the request id, problems) must pass the
 * gateway's CORS rules, the same declaration (shared/cors.ts) the deployed HTTP API gets.
 */
let portal: Server;
let portalOrigin = "";
let portalFiles: (path: string | undefined) => { type: string; body: string | Buffer };

/** The page and its script: the typed client bundled for the browser with the checks it runs. */
async function portalSite() {
  const page = await readFile(join(rootDir, "test/browser/portal-page.html"));
  const bundle = await build({
    entryPoints: [join(rootDir, "test/browser/portal-client.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "chrome120",
    write: false,
    logLevel: "silent",
  });
  const script = bundle.outputFiles[0]?.text ?? "";
  return (path: string | undefined) =>
    path === "/portal-client.js"
      ? { type: "text/javascript; charset=utf-8", body: script }
      : { type: "text/html; charset=utf-8", body: page };
}

const servePortal = (_request: IncomingMessage, response: ServerResponse) => {
  const file = portalFiles(_request.url);
  response.writeHead(200, { "content-type": file.type });
  response.end(file.body);
};

beforeAll(async () => {
  portalFiles = await portalSite();
  portal = createServer(servePortal);
  await new Promise<void>((resolve) => portal.listen(0, "127.0.0.1", resolve));
  portalOrigin = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
});

const local = useLocalRuntime();
let disallow: () => void = () => undefined;

beforeAll(() => {
  // The portal's origin, on a port chosen above: allowed as CORS_ORIGINS allows the configured ones.
  disallow = local.runtime.allowOrigin(portalOrigin);
});

afterAll(async () => {
  disallow();
  await new Promise((resolve) => portal?.close(resolve));
});

describe("a browser on the portal's origin", () => {
  it("signs up, reads the ETag, PATCHes with If-Match and Idempotency-Key, reads Location, a 401 problem and a 429's Retry-After", async () => {
    const { browser, close } = await launchChromium();
    try {
      const page = await browser.newPage();
      const blocked: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") blocked.push(message.text());
      });
      await page.goto(`${portalOrigin}/?api=${encodeURIComponent(local.api)}`);
      await page.waitForSelector("#done", { timeout: 20_000 });
      // Read without waiting: an element the page never wrote is undefined.
      const text = async (id: string) => (await (await page.$(`#${id}`))?.textContent())?.trim();
      expect(await text("error")).toBeUndefined();
      expect(await text("signup")).toBe("201");
      expect(await text("etag")).toMatch(/^"\S+"$/);
      expect(await text("patch")).toBe("200 +41 22 555 01 01");
      expect(await text("patch-etag")).toMatch(/^"\S+"$/);
      expect(await text("patch-etag")).not.toBe(await text("etag"));
      expect(await text("create")).toBe("201");
      expect(await text("location")).toMatch(/^\/v1\/organizations\/\S+$/);
      expect(await text("problem")).toBe("401 application/problem+json UNAUTHENTICATED");
      expect(await text("request-id")).toBe("readable");
      expect(await text("limited")).toMatch(/^429 \d+$/);
      // Every header the API exposes, read by the page from a cross-origin answer carrying it: a
      // header left out of the exposed list is null here, as the browser hides it. The list is
      // written out (not read from shared/cors.ts, which it checks); one exposed later needs a
      // check in the page first.
      const exposed = JSON.parse((await text("exposed")) ?? "{}") as Record<string, string | null>;
      expect(Object.keys(exposed).sort()).toEqual([...cors.exposeHeaders].sort());
      expect(exposed).toEqual({
        etag: expect.stringMatching(/^"\S+"$/),
        location: expect.stringMatching(/^\/v1\/organizations\/\S+$/),
        "retry-after": expect.stringMatching(/^[1-9]\d*$/),
        "x-request-id": expect.stringMatching(/^\S+$/),
      });
      // Only the deliberate 401 shows in the console, never a CORS refusal.
      expect(blocked.filter((line) => /CORS|Access-Control/i.test(line))).toEqual([]);
      await page.screenshot({ path: join(rootDir, "test/browser/.screenshots/cors.png"), fullPage: true });
    } finally {
      await close();
    }
  });

  it("is refused by the browser when the page's origin is not allowed", async () => {
    const { browser, close } = await launchChromium();
    const stranger = createServer(servePortal);
    await new Promise<void>((resolve) => stranger.listen(0, "127.0.0.1", resolve));
    try {
      const page = await browser.newPage();
      const origin = `http://127.0.0.1:${(stranger.address() as AddressInfo).port}`;
      await page.goto(`${origin}/?api=${encodeURIComponent(local.api)}`);
      await page.waitForSelector("#done", { timeout: 20_000 });
      expect(await (await page.$("#error"))?.textContent()).toContain("Failed to fetch");
    } finally {
      await close();
      await new Promise((resolve) => stranger.close(resolve));
    }
  });
});
