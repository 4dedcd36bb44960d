import { describe, expect, it } from "vitest";
import { signUp, strongPassword, uniqueEmail } from "#test/support/accounts";
import { askUpload, outcomeOf, sendFile, uploadLogo, uploadStatus } from "#test/support/logos";
import { joinAs, organizationRecord, type Problem, readOrganization } from "#test/support/organizations";
import { call, eventually, mailsTo, resetsClock, useLocalRuntime } from "#test/support/runtime";

const local = useLocalRuntime();
resetsClock(local);

const company = {
  type: "company",
  name: "Analytical Engines SA",
  postalAddress: { line1: "Rue du Rhône 1", postalCode: "1204", city: "Genève", country: "CH" },
  phone: "+41 22 111 11 11",
};

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

const patch = (token: string, orgId: string, body: unknown, ifMatch?: string) =>
  call<Record<string, unknown> & Problem>(local.api, "PATCH", `/v1/organizations/${orgId}`, {
    token,
    body,
    ...(ifMatch !== undefined ? { headers: { "if-match": ifMatch } } : {}),
  });

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

describe("organizations of a user", () => {
  it("R-O7 R-O1 lists the caller's organizations and creates another with the caller as legal representative", async () => {
    const ada = await signUp(local.api);
    const created = await call<Record<string, unknown>>(local.api, "POST", "/v1/organizations", {
      token: ada.token,
      body: company,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "Analytical Engines SA",
      type: "company",
      currency: "CHF",
      role: "legal_representative",
    });
    const orgId = created.body.orgId as string;
    expect(created.headers.get("location")).toBe(`/v1/organizations/${orgId}`);
    expect(created.headers.get("etag")).toBe('"1"');

    const mine = await call<{ organizations: { orgId: string; role: string; name: string }[] }>(
      local.api,
      "GET",
      "/v1/organizations",
      { token: ada.token },
    );
    expect(mine.status).toBe(200);
    expect(mine.body.organizations.map((organization) => organization.orgId).sort()).toEqual(
      [ada.orgId, orgId].sort(),
    );
    expect(
      mine.body.organizations.every((organization) => organization.role === "legal_representative"),
    ).toBe(true);
    const record = await organizationRecord(orgId);
    expect(record).toMatchObject({ legalRepresentativeCount: 1, memberCount: 1, productCount: 0 });
  });

  it("R-O7 hides another organization entirely: not in the list, 404 on every read", async () => {
    const ada = await signUp(local.api);
    const eve = await signUp(local.api);
    const mine = await call<{ organizations: { orgId: string }[] }>(local.api, "GET", "/v1/organizations", {
      token: eve.token,
    });
    expect(mine.body.organizations.map((organization) => organization.orgId)).toEqual([eve.orgId]);
    for (const path of ["", "/billing-addresses", "/members", "/products", "/logo"]) {
      const response = await call<Problem>(local.api, "GET", `/v1/organizations/${ada.orgId}${path}`, {
        token: eve.token,
      });
      expect([path, response.status, response.body.code]).toEqual([path, 404, "NOT_FOUND"]);
    }
    const unknown = await call<Problem>(local.api, "GET", "/v1/organizations/no-such-org", {
      token: eve.token,
    });
    expect(unknown.status).toBe(404);
  });

  it("R-O3 refuses an organization type outside the list and a company without a name", async () => {
    const ada = await signUp(local.api);
    const response = await call<Problem>(local.api, "POST", "/v1/organizations", {
      token: ada.token,
      body: { ...company, type: "cooperative", name: undefined, extra: 1 },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("VALIDATION_FAILED");
    expect(response.body.errors?.map((error) => error.path).sort()).toEqual(["body", "body.type"]);
    const nameless = await call<Problem>(local.api, "POST", "/v1/organizations", {
      token: ada.token,
      body: { ...company, type: "association", name: undefined },
    });
    expect(nameless.body.errors?.map((error) => error.path)).toEqual(["body.name"]);
    const anonymous = await call<Problem>(local.api, "POST", "/v1/organizations", { body: company });
    expect(anonymous.status).toBe(401);
  });
});

describe("details", () => {
  it("R-O4 R-O5 R-O6 lets a legal representative change details against the ETag; currency follows the country; every legal representative gets the summary", async () => {
    const ada = await signUp(local.api, { firstName: "Ada", lastName: "Lovelace" });
    const grace = await joinAs(local, ada, ada.orgId, { role: "legal_representative" });
    const before = await readOrganization(local, ada.token, ada.orgId);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ currency: "CHF", name: "Ada Lovelace" });
    const seenByAda = (await summaries(ada.loginEmail)).length;
    const seenByGrace = (await summaries(grace.loginEmail)).length;

    const changed = await patch(
      ada.token,
      ada.orgId,
      {
        postalAddress: { line1: "Unter den Linden 1", postalCode: "10117", city: "Berlin", country: "de" },
        phone: "+49 30 000 000",
      },
      before.etag,
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ currency: "EUR", phone: "+49 30 000 000" });
    expect(changed.headers.get("etag")).not.toBe(before.etag);
    const after = await readOrganization(local, grace.token, ada.orgId);
    expect(after.etag).toBe(changed.headers.get("etag"));
    expect(after.body).toMatchObject({ currency: "EUR", postalAddress: { country: "DE", city: "Berlin" } });

    for (const [address, seen] of [
      [ada.loginEmail, seenByAda],
      [grace.loginEmail, seenByGrace],
    ] as const) {
      const mail = await nextSummary(address, seen);
      expect(mail.body.text).toContain("Ada Lovelace changed the details");
      expect(mail.body.text).toMatch(
        /- postal address\n\s+before: Rue du Lac 1, 1200 Genève, CH\n\s+after:\s+Unter den Linden 1, 10117 Berlin, DE/,
      );
      expect(mail.body.text).toMatch(/- phone\n\s+before: \+41 22 000 00 00\n\s+after:\s+\+49 30 000 000/);
      expect(mail.body.text).toMatch(/- currency of future invoices\n\s+before: CHF\n\s+after:\s+EUR/);
      expect(mail.body.text).not.toContain("- name");
    }
    const audit = await call<{ entries: { action: string; details: { changes: { field: string }[] } }[] }>(
      local.api,
      "GET",
      `/v1/organizations/${ada.orgId}/audit`,
      { token: grace.token },
    );
    expect(audit.body.entries[0]?.action).toBe("organization.updated");
    expect(audit.body.entries[0]?.details.changes.map((change) => change.field)).toEqual([
      "postal address",
      "phone",
      "currency of future invoices",
    ]);
  });

  it("R-O4 refuses administrators and users (403 LEGAL_REPRESENTATIVE_REQUIRED) and changes nothing", async () => {
    const ada = await signUp(local.api);
    const admin = await joinAs(local, ada, ada.orgId, { role: "administrator", billingRights: true });
    const user = await joinAs(local, ada, ada.orgId, { role: "user" });
    const { etag } = await readOrganization(local, ada.token, ada.orgId);
    for (const caller of [admin, user]) {
      const response = await patch(caller.token, ada.orgId, { phone: "+41 00 000 00 00" }, etag);
      expect(response.status).toBe(403);
      expect(response.body.code).toBe("LEGAL_REPRESENTATIVE_REQUIRED");
      const logo = await ask(caller.token, ada.orgId, "image/png", png);
      expect([logo.status, logo.body.code]).toEqual([403, "LEGAL_REPRESENTATIVE_REQUIRED"]);
      const address = await call<Problem>(
        local.api,
        "POST",
        `/v1/organizations/${ada.orgId}/billing-addresses`,
        {
          token: caller.token,
          body: { line1: "x", postalCode: "1", city: "y", country: "CH" },
        },
      );
      expect(address.body.code).toBe("LEGAL_REPRESENTATIVE_REQUIRED");
    }
    expect((await organizationRecord(ada.orgId)).version).toBe(1);
  });

  it("R-O4 needs If-Match (428) and refuses a stale ETag (412)", async () => {
    const ada = await signUp(local.api);
    const { etag } = await readOrganization(local, ada.token, ada.orgId);
    const missing = await patch(ada.token, ada.orgId, { phone: "+41 11 111 11 11" });
    expect([missing.status, missing.body.code]).toEqual([428, "PRECONDITION_REQUIRED"]);
    expect((await patch(ada.token, ada.orgId, { phone: "+41 11 111 11 11" }, etag)).status).toBe(200);
    const stale = await patch(ada.token, ada.orgId, { phone: "+41 22 222 22 22" }, etag);
    expect([stale.status, stale.body.code]).toEqual([412, "PRECONDITION_FAILED"]);
    const weak = await patch(ada.token, ada.orgId, { phone: "+41 22 222 22 22" }, `W/"2"`);
    expect(weak.status).toBe(412);
    expect((await readOrganization(local, ada.token, ada.orgId)).body.phone).toBe("+41 11 111 11 11");
  });

  it("R-O4 lets only one of two changes made from the same ETag win (conditional write)", async () => {
    const ada = await signUp(local.api);
    const { etag } = await readOrganization(local, ada.token, ada.orgId);
    const results = await Promise.all(
      ["+41 33 333 33 33", "+41 44 444 44 44", "+41 55 555 55 55"].map((phone) =>
        patch(ada.token, ada.orgId, { phone }, etag),
      ),
    );
    const statuses = results.map((result) => result.status).sort();
    expect(statuses).toEqual([200, 412, 412]);
    expect((await organizationRecord(ada.orgId)).version).toBe(2);
  });

  it("R-O2 keeps an individual named after its person, and needs a name to become a company", async () => {
    const ada = await signUp(local.api, { firstName: "Ada", lastName: "Lovelace" });
    let { etag } = await readOrganization(local, ada.token, ada.orgId);
    const renamed = await patch(ada.token, ada.orgId, { name: "Something else" }, etag);
    expect([renamed.status, renamed.body.code]).toEqual([422, "NAME_FIXED_FOR_INDIVIDUAL"]);
    const nameless = await patch(ada.token, ada.orgId, { type: "company" }, etag);
    expect([nameless.status, nameless.body.code]).toEqual([422, "NAME_REQUIRED"]);
    const becameCompany = await patch(ada.token, ada.orgId, { type: "company", name: "Lovelace Ltd" }, etag);
    expect(becameCompany.status).toBe(200);
    expect(becameCompany.body).toMatchObject({ type: "company", name: "Lovelace Ltd" });
    etag = becameCompany.headers.get("etag") ?? "";
    const grace = await joinAs(local, ada, ada.orgId, {
      role: "legal_representative",
      person: await signUp(local.api, { firstName: "Grace", lastName: "Hopper" }),
    });
    const becameIndividual = await patch(grace.token, ada.orgId, { type: "individual" }, etag);
    expect(becameIndividual.status).toBe(200);
    expect(becameIndividual.body).toMatchObject({ type: "individual", name: "Grace Hopper" });
    const unknownField = await patch(grace.token, ada.orgId, { colour: "blue" }, "*");
    expect(unknownField.status).toBe(400);
    const empty = await patch(grace.token, ada.orgId, {}, "*");
    expect(empty.status).toBe(400);
  });

  it("refuses changes while the organization is being deleted (409 ORGANIZATION_DELETING)", async () => {
    const ada = await signUp(local.api);
    const { etag } = await readOrganization(local, ada.token, ada.orgId);
    const { Organization } = await import("#shared/entities");
    const { updateItem, write } = await import("#shared/entity");
    await write(updateItem(Organization, { orgId: ada.orgId }, { set: { status: "deleting" } }));
    const response = await patch(ada.token, ada.orgId, { phone: "+41 11 111 11 11" }, etag);
    expect([response.status, response.body.code]).toEqual([409, "ORGANIZATION_DELETING"]);
    const logo = await ask(ada.token, ada.orgId, "image/png", png);
    expect([logo.status, logo.body.code]).toEqual([409, "ORGANIZATION_DELETING"]);
  });
});

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

describe("billing addresses", () => {
  it("R-O5 R-O6 adds and removes extra billing addresses (legal representatives), readable by members, with summaries", async () => {
    const ada = await signUp(local.api);
    const user = await joinAs(local, ada, ada.orgId, { role: "user" });
    const seen = (await summaries(ada.loginEmail)).length;
    const added = await call<{ addressId: string }>(
      local.api,
      "POST",
      `/v1/organizations/${ada.orgId}/billing-addresses`,
      {
        token: ada.token,
        body: {
          recipient: "Accounts payable",
          line1: "Bahnhofstrasse 1",
          postalCode: "8001",
          city: "Zürich",
          country: "ch",
          email: "invoices@example.org",
        },
      },
    );
    expect(added.status).toBe(201);
    expect(added.headers.get("location")).toBe(
      `/v1/organizations/${ada.orgId}/billing-addresses/${added.body.addressId}`,
    );
    const mail = await nextSummary(ada.loginEmail, seen);
    expect(mail.body.text).toMatch(
      /- billing address\n\s+before: none\n\s+after:\s+Accounts payable, Bahnhofstrasse 1, 8001 Zürich, CH/,
    );
    const listed = await call<{ billingAddresses: { addressId: string; country: string }[] }>(
      local.api,
      "GET",
      `/v1/organizations/${ada.orgId}/billing-addresses`,
      { token: user.token },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.billingAddresses).toEqual([
      expect.objectContaining({ addressId: added.body.addressId, country: "CH" }),
    ]);
    const invalid = await call<Problem>(
      local.api,
      "POST",
      `/v1/organizations/${ada.orgId}/billing-addresses`,
      {
        token: ada.token,
        body: { line1: "x", postalCode: "1", city: "y", country: "Switzerland", floor: 3 },
      },
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors?.map((error) => error.path).sort()).toEqual(["body", "body.country"]);

    const path = `/v1/organizations/${ada.orgId}/billing-addresses/${added.body.addressId}`;
    expect((await call(local.api, "DELETE", path, { token: user.token })).status).toBe(403);
    expect((await call(local.api, "DELETE", path, { token: ada.token })).status).toBe(204);
    const removedMail = await nextSummary(ada.loginEmail, seen + 1);
    expect(removedMail.body.text).toMatch(
      /before: Accounts payable, Bahnhofstrasse 1, 8001 Zürich, CH\n\s+after:\s+removed/,
    );
    const again = await call<Problem>(local.api, "DELETE", path, { token: ada.token });
    expect([again.status, again.body.code]).toEqual([404, "NOT_FOUND"]);
  });
});

describe("audit", () => {
  it("shows legal representatives and administrators who changed what, newest first, page by page; users are refused", async () => {
    const ada = await signUp(local.api);
    const admin = await joinAs(local, ada, ada.orgId, { role: "administrator" });
    const user = await joinAs(local, ada, ada.orgId, { role: "user" });
    const first = await call<{
      entries: { action: string; actorUserId: string }[];
      nextCursor?: string;
    }>(local.api, "GET", `/v1/organizations/${ada.orgId}/audit?limit=2`, { token: admin.token });
    expect(first.status).toBe(200);
    expect(first.body.entries.map((entry) => entry.action)).toEqual(["member.joined", "member.invited"]);
    expect(first.body.entries[0]?.actorUserId).toBe(user.userId);
    expect(first.body.nextCursor).toBeTruthy();
    const rest = await call<{ entries: { action: string }[] }>(
      local.api,
      "GET",
      `/v1/organizations/${ada.orgId}/audit?limit=100&cursor=${encodeURIComponent(first.body.nextCursor ?? "")}`,
      { token: ada.token },
    );
    expect(rest.body.entries.map((entry) => entry.action)).toEqual([
      "member.joined",
      "member.invited",
      "organization.created",
    ]);
    const refused = await call<Problem>(local.api, "GET", `/v1/organizations/${ada.orgId}/audit`, {
      token: user.token,
    });
    expect([refused.status, refused.body.code]).toEqual([403, "ADMINISTRATOR_REQUIRED"]);
    const badLimit = await call<Problem>(local.api, "GET", `/v1/organizations/${ada.orgId}/audit?limit=0`, {
      token: ada.token,
    });
    expect(badLimit.status).toBe(400);
  });
});

describe("the invitee's own account", () => {
  it("R-O1 R-O7 keeps the invitee's own organization next to the one they joined", async () => {
    const ada = await signUp(local.api);
    const bob = await signUp(local.api, { loginEmail: uniqueEmail("bob"), password: strongPassword });
    await joinAs(local, ada, ada.orgId, { role: "user", person: bob });
    const mine = await call<{ organizations: { orgId: string; role: string }[] }>(
      local.api,
      "GET",
      "/v1/organizations",
      { token: bob.token },
    );
    expect(mine.body.organizations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ orgId: bob.orgId, role: "legal_representative" }),
        expect.objectContaining({ orgId: ada.orgId, role: "user" }),
      ]),
    );
  });
});
