import { createHash } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";
import { build, version as esbuildVersion } from "esbuild";
import { close, listen } from "#local/listen";

/**
 * The portal's pages for every link a mail carries, served locally (`npm start`, and the test
 * runtime) so that a link in the mail page opens a page that does what the mail asks, calling the
 * API cross-origin through the typed client as the real portal does. A developer's stand-in, not
 * the portal: in AWS the mails link to the configured portal (`webAppUrl`).
 *
 *   GET /                          sign in (and who is signed in, their organizations)
 *   GET /reset-password?token=     set a new password; without a token: ask for a reset link
 *   GET /confirm-login-email?token=
 *   GET /confirm-termination?token=
 *   GET /invitations/accept?token= sign up from the invitation, or sign in and accept
 *   GET /billing/invoices?org=     an organization's invoices, each document opened as a PDF
 *
 * Every page is the one shell (page.html); the script (browser/portal.ts, bundled for the browser
 * at start) draws the page the path names.
 */

export interface LocalPortal {
  url: string;
  stop(): Promise<void>;
}

export interface LocalPortalOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** The API the pages call (the local gateway's origin). */
  apiUrl: string;
  rootDir: string;
}

/** The paths a mail links to (shared/email-templates, `portalUrl(...)`): each answers the page. */
export const portalPages = [
  "/",
  "/reset-password",
  "/confirm-login-email",
  "/confirm-termination",
  "/invitations/accept",
  "/billing/invoices",
] as const;

const directory = import.meta.dirname;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (character) =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character] ?? character,
  );

/** Host names that reach this machine only (a page of another site cannot rebind a name to it). */
const loopbackHost = (host: string | undefined) =>
  host !== undefined && /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/i.test(host);

/**
 * The pages' script: browser/portal.ts and the typed client, bundled by esbuild. Kept in
 * node_modules/.cache and built again only when one of its inputs changed (a build takes a few
 * hundred milliseconds; a start after the first reads the file).
 */
async function portalScript(rootDir: string): Promise<string> {
  const cacheDir = join(rootDir, "node_modules", ".cache", "account-workflows", "portal");
  const bundleFile = join(cacheDir, "portal.js");
  const manifestFile = join(cacheDir, "portal.json");
  const signatureOf = async (inputs: readonly string[]) => {
    const hash = createHash("sha256").update(esbuildVersion);
    for (const input of inputs) {
      const info = await stat(join(rootDir, input)).catch(() => undefined);
      hash.update(`${input}\0${info ? `${info.size}:${info.mtimeMs}` : "missing"}\n`);
    }
    return hash.digest("hex");
  };
  const cached = await readFile(manifestFile, "utf8")
    .then((text) => JSON.parse(text) as { inputs: string[]; signature: string })
    .catch(() => undefined);
  if (cached && cached.signature === (await signatureOf(cached.inputs))) {
    const script = await readFile(bundleFile, "utf8").catch(() => undefined);
    if (script !== undefined) return script;
  }
  const result = await build({
    entryPoints: [join(directory, "browser", "portal.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    write: false,
    metafile: true,
    absWorkingDir: rootDir,
    logLevel: "silent",
  });
  const script = result.outputFiles[0]?.text ?? "";
  // Relative to the project root (absWorkingDir), the client's sources and openapi-fetch included.
  const inputs = Object.keys(result.metafile.inputs);
  await mkdir(cacheDir, { recursive: true });
  // Written aside and renamed: two starts at once never read half a file.
  const suffix = `.${process.pid}.${Date.now()}`;
  await writeFile(bundleFile + suffix, script);
  await rename(bundleFile + suffix, bundleFile);
  await writeFile(manifestFile + suffix, JSON.stringify({ inputs, signature: await signatureOf(inputs) }));
  await rename(manifestFile + suffix, manifestFile);
  return script;
}

export async function startLocalPortal(options: LocalPortalOptions): Promise<LocalPortal> {
  const host = options.host ?? "127.0.0.1";
  const apiOrigin = new URL(options.apiUrl).origin;
  const page = (await readFile(join(directory, "page.html"), "utf8")).replaceAll(
    "{{apiUrl}}",
    escapeHtml(apiOrigin),
  );
  const files: Record<string, { body: string | Buffer; type: string }> = {
    "/portal.js": { body: await portalScript(options.rootDir), type: "text/javascript; charset=utf-8" },
    "/portal.css": { body: await readFile(join(directory, "portal.css")), type: "text/css; charset=utf-8" },
  };
  const securityHeaders = {
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    // The pages talk to the API only; an invoice's PDF opens from a blob: URL the page made (and may read back).
    "content-security-policy": `default-src 'none'; script-src 'self'; style-src 'self'; connect-src ${apiOrigin} blob:; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  };

  const send = (
    response: ServerResponse,
    status: number,
    type: string,
    body: string | Buffer,
    head: boolean,
  ) => {
    response.writeHead(status, {
      ...securityHeaders,
      "content-type": type,
      "content-length": Buffer.byteLength(body),
    });
    response.end(head ? undefined : body);
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const method = request.method ?? "GET";
    const head = method === "HEAD";
    const text = (status: number, body: string) =>
      send(response, status, "text/plain; charset=utf-8", body, head);
    if (!loopbackHost(request.headers.host)) {
      return text(421, "the local portal answers on loopback names only (127.0.0.1, localhost)");
    }
    if (method !== "GET" && !head) {
      response.setHeader("allow", "GET, HEAD");
      return text(405, "the pages call the API; nothing is posted here");
    }
    const { pathname } = new URL(request.url ?? "/", "http://portal");
    const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
    if ((portalPages as readonly string[]).includes(path) || path === "/index.html") {
      return send(response, 200, "text/html; charset=utf-8", page, head);
    }
    const file = files[path];
    if (file) return send(response, 200, file.type, file.body, head);
    // Any other path: the shell, which says the page does not exist, with a 404.
    return send(response, 404, "text/html; charset=utf-8", page, head);
  };

  const server: Server = createServer((request, response) => {
    try {
      handle(request, response);
    } catch (error) {
      console.error("portal: request failed", error);
      if (!response.headersSent) response.writeHead(500).end();
    }
  });
  const port = await listen(server, options.port, host, "PORTAL_PORT");
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    stop: () => close(server),
  };
}
