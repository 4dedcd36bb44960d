import { type AuthorizationRow, everyone, productAccess, row } from "#test/support/authorization-rows/matrix";
import { call } from "#test/support/runtime";

export const rows: AuthorizationRow[] = [
  {
    route: "POST /v1/organizations/{orgId}/products/{productId}/termination-requests",
    expect: productAccess(202),
    note:
      "Whoever may manage the product may ask (needs.product): each allowed caller's request replaces " +
      "the previous one and mails that caller a link; the fixture product stays active (R-T2).",
  },
  {
    route: "POST /v1/terminations/confirm",
    expect: everyone({ status: 410, code: "TOKEN_EXPIRED_OR_USED" }),
    note:
      "Public (the mailed token is the proof): with a token nobody was sent, every caller reaches the token " +
      "check; a real confirmation would terminate the shared fixture product.",
    request: () => ({ body: { token: "t".repeat(43) } }),
  },
  row({
    route: "GET /v1/organizations/{orgId}/products/{productId}/termination",
    expect: productAccess(200),
    note: "The legal representative asks for a termination of the fixture product first (left unconfirmed).",
    prepare: async (fixture) => {
      const response = await call(
        fixture.api,
        "POST",
        `/v1/organizations/${fixture.orgId}/products/${fixture.productId}/termination-requests`,
        { token: fixture.people.legalRepresentative.token },
      );
      if (response.status !== 202) throw new Error(`termination request failed: ${response.status}`);
    },
  }),
  { route: "GET /v1/organizations/{orgId}/products/{productId}/backups", expect: productAccess(200) },
];
