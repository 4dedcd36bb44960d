import {
  type AuthorizationRow,
  administrators,
  type Fixture,
  legalRepresentatives,
  members,
  row,
  signedIn,
} from "#test/support/authorization-rows/matrix";
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
    request: () => ({ headers: { "content-type": "image/png" }, rawBody: png }),
  },
  row({
    route: "GET /v1/organizations/{orgId}/logo",
    expect: members(200),
    prepare: async (fixture) => {
      const response = await call(fixture.api, "PUT", `/v1/organizations/${fixture.orgId}/logo`, {
        token: fixture.people.legalRepresentative.token,
        headers: { "content-type": "image/png" },
        rawBody: png,
      });
      if (response.status !== 200) throw new Error(`logo not set: ${response.status}`);
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
