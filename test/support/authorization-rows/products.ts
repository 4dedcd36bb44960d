import { type AuthorizationRow, members, productAccess } from "#test/support/authorization-rows/matrix";

export const rows: AuthorizationRow[] = [
  { route: "GET /v1/organizations/{orgId}/products", expect: members(200) },
  { route: "GET /v1/organizations/{orgId}/products/{productId}", expect: productAccess(200) },
];
