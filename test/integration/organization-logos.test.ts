/** An organization's logo: presigned uploads, the check of what was uploaded, downloads (R-O4, R-O6). */
import { describe, expect, it } from "vitest";
import { signUp } from "#test/support/accounts";
import { askUpload, outcomeOf, sendFile, uploadLogo, uploadStatus } from "#test/support/logos";
import { joinAs, organizationRecord, type Problem, readOrganization } from "#test/support/organizations";
import { call, eventually, mailsTo, resetsClock, useLocalRuntime } from "#test/support/runtime";

const local = useLocalRuntime();
resetsClock(local);

/** The R-O6 summary mails an address received so far. */
const summaries = async (address: string) =>
  (await mailsTo(local.runtime, address)).filter((mail) => mail.subject.startsWith("The details of"));

async function nextSummary(address: string, seen: number) {
  return eventually(
    async () => {
      const mails = await summaries(address);
      return mails.length > seen ? mails.at(-1) : undefined;
    },
    5000,
    `a summary mail to ${address}`,
  );
}

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from("IHDR-and-the-rest-of-a-small-png"),
]);
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("JFIF-rest")]);
const safeSvg =
  '<?xml version="1.0" encoding="UTF-8"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg" ' +
  'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><defs><linearGradient id="g">' +
  '<stop offset="0" stop-color="#fff"/></linearGradient></defs><title>Logo</title>' +
  '<rect width="10" height="10" fill="url(#g)"/><use xlink:href="#g"/></svg>';

/** PUT .../logo: asks for an upload of a file like `body` (its type and size). */
const ask = (token: string, orgId: string, contentType: string, body: Buffer | string) =>
  askUpload(local.api, token, orgId, contentType, Buffer.byteLength(body));
/** The whole upload through the presigned URL, and the logo check's outcome. */
const upload = (token: string, orgId: string, contentType: string, body: Buffer | string) =>
  uploadLogo(local.api, token, orgId, contentType, body);

interface Logo {
  contentType: string;
  sizeBytes?: number;
  url: string;
  expiresAt: string;
}
const readLogo = (token: string, orgId: string) =>
  call<Logo & Problem>(local.api, "GET", `/v1/organizations/${orgId}/logo`, { token });

/** Whether the logo bucket holds an object, read as an operator would (not through the API). */
async function bucketHas(key: string): Promise<boolean> {
  const { S3Client, HeadObjectCommand } = await import("@aws-sdk/client-s3");
  const s3 = new S3Client({ forcePathStyle: true });
  try {
    await s3.send(new HeadObjectCommand({ Bucket: process.env.LOGO_BUCKET, Key: key }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === "NotFound") return false;
    throw error;
  } finally {
    s3.destroy();
  }
}

describe("logo", () => {
  const keyOf = (orgId: string, uploadId: string, extension: string) =>
    `logos/${orgId}/${uploadId}.${extension}`;

  it("R-O4 R-O6 takes a PNG, a JPEG or a safe SVG through a presigned upload, raises the ETag once checked, hands members a download URL and tells the legal representatives", async () => {
    const ada = await signUp(local.api);
    const user = await joinAs(local, ada, ada.orgId, { role: "user" });
    const { etag } = await readOrganization(local, ada.token, ada.orgId);
    const seen = (await summaries(ada.loginEmail)).length;

    const asked = await ask(ada.token, ada.orgId, "image/png", png);
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({
      status: "pending",
      upload: { method: "PUT", headers: { "content-type": "image/png", "if-none-match": "*" } },
    });
    // Straight to the bucket, for a few minutes.
    expect(new URL(asked.body.upload.url).origin).toBe(local.runtime.urls.s3);
    expect(Date.parse(asked.body.upload.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
    // Nothing changes before the file is there and checked.
    expect((await readOrganization(local, ada.token, ada.orgId)).etag).toBe(etag);
    expect((await readLogo(user.token, ada.orgId)).status).toBe(404);
    expect((await sendFile(asked.body.upload, png)).status).toBe(200);
    expect(await outcomeOf(local.api, ada.token, asked.body.statusUrl)).toMatchObject({ status: "accepted" });
    expect((await readOrganization(local, ada.token, ada.orgId)).etag).not.toBe(etag);

    const read = await readLogo(user.token, ada.orgId);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ contentType: "image/png", sizeBytes: png.length });
    expect(new URL(read.body.url).origin).toBe(local.runtime.urls.s3);
    const image = await fetch(read.body.url);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(image.headers.get("content-disposition")).toBe('attachment; filename="logo.png"');
    expect(Buffer.from(await image.arrayBuffer()).equals(png)).toBe(true);
    const mail = await nextSummary(ada.loginEmail, seen);
    expect(mail.body.text).toMatch(/- logo\n\s+before: none\n\s+after:\s+PNG image \(1 KiB\)/);

    const pngKey = keyOf(ada.orgId, asked.body.uploadId, "png");
    expect((await organizationRecord(ada.orgId)).logoKey).toBe(pngKey);
    expect(await upload(ada.token, ada.orgId, "image/jpeg", jpeg)).toMatchObject({ status: "accepted" });
    // The logo replaced leaves the bucket.
    expect(await bucketHas(pngKey)).toBe(false);
    const svg = await upload(ada.token, ada.orgId, "image/svg+xml; charset=utf-8", safeSvg);
    expect(svg).toMatchObject({ status: "accepted" });
    const organization = await readOrganization(local, user.token, ada.orgId);
    expect(organization.body.logo).toMatchObject({ contentType: "image/svg+xml" });
    const drawing = await fetch((await readLogo(ada.token, ada.orgId)).body.url);
    // An SVG is handed out as a download of its own type, never as a page (README: SVG logos).
    expect(drawing.headers.get("content-type")).toBe("image/svg+xml");
    expect(drawing.headers.get("content-disposition")).toBe('attachment; filename="logo.svg"');
    expect(await drawing.text()).toBe(safeSvg);
  });

  it("refuses other types (415), too large (413) and empty (400) uploads, and the check rejects a file that is not its declared type (INVALID_IMAGE)", async () => {
    const ada = await signUp(local.api);
    const gif = await ask(ada.token, ada.orgId, "image/gif", "GIF89a....");
    expect([gif.status, gif.body.code]).toEqual([415, "UNSUPPORTED_MEDIA_TYPE"]);
    expect((await ask(ada.token, ada.orgId, "text/plain", "hello")).status).toBe(415);
    const tooLarge = await askUpload(local.api, ada.token, ada.orgId, "image/png", 512 * 1024 + 1);
    expect([tooLarge.status, tooLarge.body.code]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
    const empty = await askUpload(local.api, ada.token, ada.orgId, "image/png", 0);
    expect([empty.status, empty.body.code]).toEqual([400, "VALIDATION_FAILED"]);
    // The file itself is never the API's body any more.
    const raw = await call<Problem>(local.api, "PUT", `/v1/organizations/${ada.orgId}/logo`, {
      token: ada.token,
      headers: { "content-type": "image/png" },
      rawBody: png,
    });
    expect([raw.status, raw.body.code]).toEqual([415, "UNSUPPORTED_MEDIA_TYPE"]);

    const disguised = await upload(ada.token, ada.orgId, "image/png", jpeg);
    expect(disguised).toMatchObject({ status: "rejected", problem: { code: "INVALID_IMAGE" } });
    expect(await bucketHas(keyOf(ada.orgId, disguised.uploadId, "png"))).toBe(false);
    const notSvg = await upload(ada.token, ada.orgId, "image/svg+xml", "<html><body>hi</body></html>");
    expect(notSvg).toMatchObject({ status: "rejected", problem: { code: "INVALID_IMAGE" } });
    expect((await organizationRecord(ada.orgId)).logoKey).toBeUndefined();
  });

  it("S3 takes the file only as signed: the declared type and size, to its own key, once, before the URL expires", async () => {
    const ada = await signUp(local.api);
    const asked = await ask(ada.token, ada.orgId, "image/png", png);
    const put = asked.body.upload;
    const key = keyOf(ada.orgId, asked.body.uploadId, "png");
    const refused = async (response: Response) => [
      response.status,
      /<Code>(\w+)<\/Code>/.exec(await response.text())?.[1],
    ];
    expect(await refused(await sendFile(put, png, { "content-type": "image/svg+xml" }))).toEqual([
      403,
      "SignatureDoesNotMatch",
    ]);
    expect(await refused(await sendFile(put, Buffer.concat([png, Buffer.from("!")])))).toEqual([
      403,
      "SignatureDoesNotMatch",
    ]);
    expect(await refused(await sendFile(put, png.subarray(1)))).toEqual([403, "SignatureDoesNotMatch"]);
    const { "if-none-match": _once, ...unconditional } = put.headers;
    expect(await refused(await fetch(put.url, { method: "PUT", headers: unconditional, body: png }))).toEqual(
      [403, "SignatureDoesNotMatch"],
    );
    const elsewhere = put.url.replace(`${asked.body.uploadId}.png?`, `${asked.body.uploadId}.svg?`);
    expect(await refused(await fetch(elsewhere, { method: "PUT", headers: put.headers, body: png }))).toEqual(
      [403, "SignatureDoesNotMatch"],
    );
    const unsigned = put.url.split("?")[0] ?? "";
    expect(await refused(await fetch(unsigned, { method: "PUT", headers: put.headers, body: png }))).toEqual([
      403,
      "AccessDenied",
    ]);
    // None of them reached the bucket: nothing to check.
    expect(await bucketHas(key)).toBe(false);
    expect((await uploadStatus(local.api, ada.token, asked.body.statusUrl)).body.status).toBe("pending");

    expect((await sendFile(put, png)).status).toBe(200);
    expect(await outcomeOf(local.api, ada.token, asked.body.statusUrl)).toMatchObject({ status: "accepted" });
    // The same URL again cannot write over the checked logo.
    expect(await refused(await sendFile(put, png))).toEqual([412, "PreconditionFailed"]);

    const late = await ask(ada.token, ada.orgId, "image/png", png);
    local.runtime.clock.advance(301_000);
    expect(await refused(await sendFile(late.body.upload, png))).toEqual([403, "AccessDenied"]);
    expect(await bucketHas(keyOf(ada.orgId, late.body.uploadId, "png"))).toBe(false);
    // Past the check's grace, an upload whose file never came says so.
    expect((await uploadStatus(local.api, ada.token, late.body.statusUrl)).body.status).toBe("pending");
    local.runtime.clock.advance(600_000);
    expect((await uploadStatus(local.api, ada.token, late.body.statusUrl)).body.status).toBe("expired");
  });

  it("the check rejects an SVG that holds scripts, event handlers, HTML, CSS, escapes or outside references (UNSAFE_SVG): deleted, said in its status, the logo in use kept", async () => {
    const ada = await signUp(local.api);
    expect(await upload(ada.token, ada.orgId, "image/png", png)).toMatchObject({ status: "accepted" });
    const before = await organizationRecord(ada.orgId);
    const wrap = (inner: string) => `<svg xmlns="http://www.w3.org/2000/svg">${inner}</svg>`;
    const unsafe = [
      wrap("<script>alert(1)</script>"),
      wrap('<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>'),
      wrap('<rect width="1" height="1" onclick="alert(1)"/>'),
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
      wrap('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'),
      wrap('<a href="javascript:alert(1)"><rect/></a>'),
      wrap('<use href="https://evil.example/sprite.svg#x"/>'),
      wrap('<image href="data:image/png;base64,AAAA"/>'),
      wrap('<rect style="fill: url(https://evil.example/x)"/>'),
      wrap("<style>@import url(https://evil.example/x.css);</style>"),
      '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
      // CSS escapes, which spell url( and @import without those letters, and their variants.
      wrap("<style>rect{fill:\\75 rl(https://evil.example/t)}</style>"),
      wrap("<style>@\\69mport 'https://evil.example/x.css';</style>"),
      wrap('<rect style="fill:u\\72l(https://evil.example/t)"/>'),
      wrap('<rect STYLE = "fill:red"/>'),
      wrap('<rect fill="u\\72l(https://evil.example/t)"/>'),
      wrap('<rect fill="u&#114;l(https://evil.example/t)"/>'),
      wrap('<rect fill="u&#x72;l(https://evil.example/t)"/>'),
      wrap('<a href="&#106;avascript:alert(1)"><rect/></a>'),
      wrap('<rect fill="url( https://evil.example/t)"/>'),
      wrap("<rect fill=\"URL('//evil.example/t')\"/>"),
    ];
    for (const svg of unsafe) {
      const outcome = await upload(ada.token, ada.orgId, "image/svg+xml", svg);
      expect([svg, outcome.status, outcome.problem?.code]).toEqual([svg, "rejected", "UNSAFE_SVG"]);
      expect(await bucketHas(keyOf(ada.orgId, outcome.uploadId, "svg"))).toBe(false);
    }
    const script = await upload(ada.token, ada.orgId, "image/svg+xml", wrap("<script>alert(1)</script>"));
    expect(script.problem?.detail).toBe(
      "An SVG logo may hold drawings only; this one holds the element <script>.",
    );
    // The logo in use stays, unchanged, all along.
    const after = await organizationRecord(ada.orgId);
    expect([after.logoKey, after.version]).toEqual([before.logoKey, before.version]);
    const kept = await fetch((await readLogo(ada.token, ada.orgId)).body.url);
    expect(Buffer.from(await kept.arrayBuffer()).equals(png)).toBe(true);
  });

  it("the newest accepted upload wins, whichever is checked first; the other is superseded and deleted", async () => {
    const ada = await signUp(local.api);
    const older = await ask(ada.token, ada.orgId, "image/png", png);
    // A second later: upload ids order uploads by the time they were asked for.
    local.runtime.clock.advance(1000);
    const newer = await ask(ada.token, ada.orgId, "image/jpeg", jpeg);
    expect((await sendFile(newer.body.upload, jpeg)).status).toBe(200);
    expect(await outcomeOf(local.api, ada.token, newer.body.statusUrl)).toMatchObject({ status: "accepted" });
    const { version } = await organizationRecord(ada.orgId);
    expect((await sendFile(older.body.upload, png)).status).toBe(200);
    expect(await outcomeOf(local.api, ada.token, older.body.statusUrl)).toMatchObject({
      status: "superseded",
    });
    expect(await bucketHas(keyOf(ada.orgId, older.body.uploadId, "png"))).toBe(false);
    const record = await organizationRecord(ada.orgId);
    expect([record.logoKey, record.version]).toEqual([keyOf(ada.orgId, newer.body.uploadId, "jpg"), version]);
    expect(await bucketHas(record.logoKey as string)).toBe(true);
  });

  it("a download URL works for 5 minutes, as signed (its disposition cannot be changed), then S3 refuses it", async () => {
    const ada = await signUp(local.api);
    await upload(ada.token, ada.orgId, "image/svg+xml", safeSvg);
    const read = await readLogo(ada.token, ada.orgId);
    expect(Date.parse(read.body.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
    expect((await fetch(read.body.url)).status).toBe(200);
    const inline = read.body.url.replace(
      /response-content-disposition=[^&]*/,
      "response-content-disposition=inline",
    );
    expect(inline).not.toBe(read.body.url);
    expect((await fetch(inline)).status).toBe(403);
    local.runtime.clock.advance(290_000);
    expect((await fetch(read.body.url)).status).toBe(200);
    local.runtime.clock.advance(11_000);
    const expired = await fetch(read.body.url);
    expect([expired.status, await expired.text()]).toEqual([
      403,
      expect.stringContaining("Request has expired"),
    ]);
    // A new read signs a new URL.
    expect((await fetch((await readLogo(ada.token, ada.orgId)).body.url)).status).toBe(200);
  });
});
