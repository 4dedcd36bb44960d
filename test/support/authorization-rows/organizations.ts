import {
  type AuthorizationRow,
  administrators,
  type Fixture,
  legalRepresentatives,
  members,
  row,
  signedIn,
} from "#test/support/authorization-rows/matrix";
import { askUpload, uploadLogo } from "#test/support/logos";
import { call } from "#test/support/runtime";

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from("matrix"),
]);

const address = { line1: "Bahnhofstrasse 1", postalCode: "8001", city: "Zürich", country: "CH" };

/** A billing address of the fixture organization, added by its legal representative. */
async function newBillingAddress(fixture: Fixture) {
  const response = await call<{ addressId: string }>(
    fixture.api,
    "POST",
    `/v1/organizations/${fixture.orgId}/billing-addresses`,
    { token: fixture.people.legalRepresentative.token, body: address },
  );
  if (response.status !== 201) throw new Error(`billing address not added: ${response.status}`);
  return response.body.addressId;
}

export const rows: AuthorizationRow[] = [
  { route: "GET /v1/organizations", expect: signedIn(200) },
  {
    route: "POST /v1/organizations",
    expect: signedIn(201),
    request: () => ({
      body: {
        type: "company",
        name: "Matrix SA",
        postalAddress: { line1: "Rue du Rhône 1", postalCode: "1204", city: "Genève", country: "CH" },
      },
    }),
  },
  { route: "GET /v1/organizations/{orgId}", expect: members(200) },
  {
    route: "PATCH /v1/organizations/{orgId}",
    expect: legalRepresentatives(200),
    note: "If-Match: * (any version), so each allowed call applies.",
    request: () => ({ headers: { "if-match": "*" }, body: { phone: "+41 22 000 00 01" } }),
  },
  {
    route: "PUT /v1/organizations/{orgId}/logo",
    expect: legalRepresentatives(200),
    note: "Asks for an upload (a presigned URL); the file itself goes to S3.",
    request: () => ({ body: { contentType: "image/png", sizeBytes: png.length } }),
  },
  row({
    route: "GET /v1/organizations/{orgId}/logo/uploads/{uploadId}",
    expect: legalRepresentatives(200),
    note: "The outcome of an upload the legal representative asked for.",
    prepare: async (fixture) => {
      const asked = await askUpload(
        fixture.api,
        fixture.people.legalRepresentative.token,
        fixture.orgId,
        "image/png",
        png.length,
      );
      if (asked.status !== 200) throw new Error(`upload not granted: ${asked.status}`);
      return asked.body.uploadId;
    },
    request: ({ prepared }) => ({ params: { uploadId: prepared } }),
  }),
  row({
    route: "GET /v1/organizations/{orgId}/logo",
    expect: members(200),
    prepare: async (fixture) => {
      const outcome = await uploadLogo(
        fixture.api,
        fixture.people.legalRepresentative.token,
        fixture.orgId,
        "image/png",
        png,
      );
      if (outcome.status !== "accepted") throw new Error(`logo not set: ${outcome.status}`);
    },
  }),
  { route: "GET /v1/organizations/{orgId}/billing-addresses", expect: members(200) },
  {
    route: "POST /v1/organizations/{orgId}/billing-addresses",
    expect: legalRepresentatives(201),
    request: () => ({ body: address }),
  },
  {
    route: "DELETE /v1/organizations/{orgId}/billing-addresses/{addressId}",
    expect: legalRepresentatives(204),
    note: "A new address per role, so that an allowed role always has one to delete.",
    request: async ({ fixture }) => ({ params: { addressId: await newBillingAddress(fixture) } }),
  },
  { route: "GET /v1/organizations/{orgId}/audit", expect: administrators(200) },
];
