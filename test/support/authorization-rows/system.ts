import { type AuthorizationRow, everyone } from "#test/support/authorization-rows/matrix";

export const rows: AuthorizationRow[] = [
  { route: "GET /v1/health", expect: everyone(200) },
  { route: "GET /v1/openapi.json", expect: everyone(200) },
];
