import { describe, expect, it } from "vitest";
import { signUp, strongPassword, uniqueEmail } from "#test/support/accounts";
import { askUpload } from "#test/support/logos";
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

/** PUT .../logo: asks for an upload of a file like `body` (its type and size). */
const ask = (token: string, orgId: string, contentType: string, body: Buffer | string) =>
  askUpload(local.api, token, orgId, contentType, Buffer.byteLength(body));

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
    const { updateItem, write } = await import("#shared/entity/writes");
    await write(updateItem(Organization, { orgId: ada.orgId }, { set: { status: "deleting" } }));
    const response = await patch(ada.token, ada.orgId, { phone: "+41 11 111 11 11" }, etag);
    expect([response.status, response.body.code]).toEqual([409, "ORGANIZATION_DELETING"]);
    const logo = await ask(ada.token, ada.orgId, "image/png", png);
    expect([logo.status, logo.body.code]).toEqual([409, "ORGANIZATION_DELETING"]);
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
